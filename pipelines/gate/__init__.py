"""The delivery gate: what a delivery must satisfy before its rows reach staging.

    staten.py     the states of a delivery (Poort, Status, Reden), named once
    regels.py     every rule as one object: name, Dutch title and explanation, origin, threshold, SQL
    verdict.py    pure functions: counts -> check result, check results -> verdict
    poort.py      evaluates the rules over the warehouse and records the verdict (no Dagster)
    suites.py     the Great Expectations suites in expectations/: SQL over every row, GX on a sample
    suite_sql.py  a suite's expectations as set-based SQL in DuckDB (what decides, at any size)
    steekproef.py GX on a bounded sample of a run's rows, with Data Docs (counts only, no values)
    kwaliteit.py  the quality snapshot (data/kwaliteit.duckdb) the Datakwaliteit page reads

Dagster only wraps this: each source asset (pipelines/assets/leveringen.py) ends with a blocking asset check
that calls poort.evaluate and poort.apply_verdict.
"""
