"""Council reports: the published indicators of one gemeente (or the region) for a quarter, half year or year.

Flow: periode.py parses "2025-Q4"; inhoud.py reads the serving snapshot as the council reads it (role raad,
through dashboards/data.py, so suppression is the dashboards' own) into the dataclasses of model.py;
grafiek.py draws the small charts; opmaak.py renders HTML and PDF; opslag.py keeps reports and the civil
servant's toelichting under data/reports/; planning.py decides which reports are due after a load.
"""

import logging

# Outside a Streamlit server (the command line, Dagster) dashboards/data.py's st.cache_data says, when it is
# imported, that it falls back to a memory cache. That is what a report wants; the warning is noise. A
# filter, set before any submodule imports dashboards, because Streamlit resets log levels on its config.
logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
    lambda record: "No runtime found" not in record.getMessage()
)
