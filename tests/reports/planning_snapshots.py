"""Hand-made serving and quality snapshots with only what reports/planning.py reads.

The serving snapshot has figures (one indicator row) for every gebied in every quarter and year up to the
peildatum, the quarter still running included, as the real snapshot has.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb

VERSIE = "20260115-090000-abcd1234"
GEPUBLICEERD_OP = datetime(2026, 1, 15, 9, 0)
VOOR_PUBLICATIE = datetime(2026, 1, 15, 8, 30)  # when the deliveries of the published load came in


def levering(
    load_id: str,
    bron: str,
    gemeenten: str | None,
    poort: str = "doorgelaten",
    geladen_op: datetime = VOOR_PUBLICATIE,
    status: str = "loaded",
    geaccepteerd_op: datetime | None = None,
) -> dict:
    return {
        "load_id": load_id,
        "run_id": f"run-{load_id}",
        "bron": bron,
        "bestand": f"{load_id}.xml",
        "geladen_op": geladen_op,
        "status": status,
        "poort": poort,
        "gemeenten": gemeenten,
        "acceptatie_reden": "gecontroleerd" if geaccepteerd_op else None,
        "geaccepteerd_op": geaccepteerd_op,
    }


def schrijf(
    data_dir: Path,
    peildatum: date,
    leveringen: list[dict],
    gemeenten: tuple[str, ...] = ("GM0153", "GM0168"),
    zonder: tuple[tuple[str, str, date], ...] = (),
) -> None:
    """serving.duckdb and kwaliteit.duckdb in data_dir; `zonder` lists (gebied, periode_type, begin) with no figures."""
    data_dir.mkdir(parents=True, exist_ok=True)
    gebieden = [*gemeenten, "REGIO"]
    con = duckdb.connect(str(data_dir / "serving.duckdb"))
    try:
        con.execute("create table snapshot_info (versie varchar, gepubliceerd_op timestamp, rijen bigint)")
        con.execute("insert into snapshot_info values (?, ?, 1)", [VERSIE, GEPUBLICEERD_OP])
        con.execute(
            "create table fct_volledigheid (bron varchar, peildatum date, maanden_na integer, volledigheid double)"
        )
        # Two sources, the ledger behind: the newest peildatum is the data's clock.
        con.execute(
            "insert into fct_volledigheid values ('berichten', ?, 0, 0.8), ('grootboek', '2025-06-30', 0, 1)",
            [peildatum],
        )
        con.execute("create table dim_gemeente (gemeentecode varchar, gemeentenaam varchar)")
        con.executemany("insert into dim_gemeente values (?, ?)", [[g, g] for g in gebieden])
        con.execute(
            "create table fct_indicator_publicatie "
            "(indicator_id varchar, gemeentecode varchar, periode_type varchar, periode date, waarde double)"
        )
        rijen = [
            ["wachttijd_mediaan", g, soort, begin, 30.0]
            for g in gebieden
            for soort, begin in _perioden(peildatum)
            if (g, soort, begin) not in zonder
        ]
        con.executemany("insert into fct_indicator_publicatie values (?, ?, ?, ?, ?)", rijen)
    finally:
        con.close()
    con = duckdb.connect(str(data_dir / "kwaliteit.duckdb"))
    try:
        con.execute(
            "create table leveringen (load_id varchar, run_id varchar, bron varchar, bestand varchar, "
            "geladen_op timestamp, status varchar, poort varchar, gemeenten varchar, acceptatie_reden varchar, "
            "geaccepteerd_op timestamp)"
        )
        kolommen = list(levering("x", "x", None))
        con.executemany(
            f"insert into leveringen ({', '.join(kolommen)}) values ({', '.join('?' * len(kolommen))})",
            [[lev[k] for k in kolommen] for lev in leveringen],
        )
    finally:
        con.close()


def _perioden(peildatum: date) -> list[tuple[str, date]]:
    """Every quarter and year from 2023 up to the one the peildatum falls in."""
    kwartalen = [
        ("kwartaal", date(jaar, maand, 1))
        for jaar in range(2023, peildatum.year + 1)
        for maand in (1, 4, 7, 10)
        if date(jaar, maand, 1) <= peildatum
    ]
    return kwartalen + [("jaar", date(jaar, 1, 1)) for jaar in range(2023, peildatum.year + 1)]
