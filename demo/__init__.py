"""Deterministic synthetic region for demos and tests: ``generate`` builds the
truth, ``write_sources`` writes it as the files a gemeente would deliver.
Every assumption and its source: docs/demo-assumptions.md.

Its own package, outside the runtime: ``pipelines`` never imports it (only the
``stuurwiel generate`` / ``demo`` commands do), and of the runtime it uses only
``pipelines.config`` (tests/test_layers.py keeps it so). Bottom to top:

    helpers, rates, frame, model          shared day/hash helpers, assumptions, CBS frame, the Region's tables
    catalog, persons                      products and aanbieders; synthetic clients
    care -> toewijzingen                  who gets which care; the toewijzingen and their versions
    declarations, antwoorden, verzoeken   323s; the gemeente's 325 decisions; 315/317 requests and 319s
    finance, contracts, zaak, enquete     ledger and budget; contracts; case system; client survey
    generate                              draws all of the above into one Region, in a fixed order
    berichten*, zaak_files, writers       serialise the Region; they decide nothing
    land                                  the whole country: one region per jeugdregio, two at a time
"""

from demo.frame import SCALES
from demo.generate import generate
from demo.land import generate_land
from demo.model import Region
from demo.writers import write_sources

__all__ = ["SCALES", "Region", "generate", "generate_land", "write_sources"]
