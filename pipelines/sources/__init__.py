"""Source readers: one module per delivered file format (see docs/architecture.md).

Every reader offers what ``pipelines/ingest.py`` uses: ``NAME``, ``detect(path, head)`` and
``read(path, pseudonymiser) -> ReadResult``; ``TABLES`` when it fills other raw tables than ``NAME``.
A periodic source also has ``periode(path)`` (the months a delivery covers: its Dagster partitions)
and ``MAAND_KOLOM``, per raw table the date column that places a row in a month (the gate's volume
check counts per month of it, the source asset compares it
with the run's months).

    base.py          contracts of every reader (ReadResult, QuarantineRow, rejections), raw schemas, WET
    csvreader.py     reading the delimited exports: grootboek, begroting, aanbieders, zaaksysteem, enquete
    csvregels.py     their row rules as SQL: DuckDB reads a file, one query splits table and quarantine
    berichten/       iJw / iWmo XML messages, a package of its own (see its __init__)
    cbs_statline.py  CBS Kerncijfers wijken en buurten as StatLine exports them
    brp.py           the gemeente's BRP counts by single year of age, wijk and peildatum (no persons)
"""
