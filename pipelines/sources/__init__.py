"""Source readers: one module per delivered file format (see docs/architecture.md).

Every reader offers what ``pipelines/ingest.py`` uses: ``NAME``, ``detect(path, head)`` and
``read(path, pseudonymiser) -> ReadResult``; ``TABLES`` when it fills other raw tables than ``NAME``,
and ``periode(path)`` when it is periodic (the months a delivery covers: its Dagster partitions).

    base.py          contracts of every reader (ReadResult, QuarantineRow, rejections), raw schemas, WET
    csvreader.py     reading the delimited exports: grootboek, begroting, aanbieders, zaaksysteem, enquete
    berichten/       iJw / iWmo XML messages, a package of its own (see its __init__)
    cbs_statline.py  CBS Kerncijfers wijken en buurten as StatLine exports them
"""
