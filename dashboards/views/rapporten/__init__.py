"""The sections of the Rapporten page (the page script is views/rapporten.py): one module per section.

gebieden.py says which gebieden a user may open reports of; lijst.py lists the stored reports with their
downloads and reads a report's file only after checking that right again; toelichting.py is the form in
which a civil servant writes the explanation before a report goes out, and remakes the report.
"""
