"""Council reports: the published indicators of one gemeente (or the region) for a quarter, half year or year.

Flow: periode.py parses "2025-Q4"; inhoud.py reads the serving snapshot as the council reads it (role raad,
through dashboards/data.py, so suppression is the dashboards' own) into the dataclasses of model.py;
grafiek.py draws the small charts; opmaak.py renders HTML and PDF; opslag.py keeps reports and the civil
servant's toelichting under data/reports/; planning.py decides which reports are due after a load.
"""
