"""Deterministic synthetic region for demos and tests: ``generate`` builds the
truth, ``write_sources`` writes it as the files a gemeente would deliver.
Every assumption and its source: docs/demo-assumptions.md."""

from demo.frame import SCALES
from demo.generate import generate
from demo.model import Region
from demo.writers import write_sources

__all__ = ["SCALES", "Region", "generate", "write_sources"]
