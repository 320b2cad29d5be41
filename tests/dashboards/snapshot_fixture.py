"""Builds a tiny serving snapshot with known numbers (shared by AppTest and browser tests)."""

import importlib.util
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

GEMEENTEN = [
    ("GM0153", "Enschede", "Twente"),
    ("GM0164", "Hengelo", "Twente"),
    ("REGIO", "Regio Twente", "Twente"),
]
# indicator_id, naam, laag, eenheid, richting, norm, volgorde (throughput listed out of order on purpose)
INDICATOREN = [
    ("uitputting_begroting", "Uitputting begroting", "input", "%", "lager_is_beter", 100.0, 1),
    ("tijdig_gestart", "Tijdig gestarte zorg", "throughput", "%", "hoger_is_beter", 90.0, 2),
    ("doorlooptijd_toewijzing", "Doorlooptijd tot toewijzing", "throughput", "dagen", "lager_is_beter", 42.0, 1),
    ("bereik_jeugdhulp", "Jeugdigen met jeugdhulp", "output", "per 1.000", "lager_is_beter", None, 1),
    ("zonder_herhaling", "Afgesloten zonder herhaling", "outcome", "%", "hoger_is_beter", 80.0, 1),
    ("voortijdig_beeindigd", "Voortijdig beëindigd", "outcome", "%", "lager_is_beter", 10.0, 2),
]
# Value in the latest month per gemeente; each month earlier is STAP lower.
LAATSTE = {
    "uitputting_begroting": {"GM0153": 97.5, "GM0164": 88.4, "REGIO": 93.6},
    "tijdig_gestart": {"GM0153": 91.2, "GM0164": 86.7, "REGIO": 89.4},
    "doorlooptijd_toewijzing": {"GM0153": 38.0, "GM0164": 47.0, "REGIO": 41.0},
    "bereik_jeugdhulp": {"GM0153": 112.4, "GM0164": 98.6, "REGIO": 106.3},
    "zonder_herhaling": {"GM0153": 81.5, "GM0164": 76.0, "REGIO": 79.1},
    "voortijdig_beeindigd": {"GM0153": 8.3, "GM0164": 12.1, "REGIO": 9.9},
}
STAP = {
    "uitputting_begroting": 0.25,
    "tijdig_gestart": 0.1,
    "doorlooptijd_toewijzing": -0.5,
    "bereik_jeugdhulp": 0.2,
    "zonder_herhaling": 0.0,
    "voortijdig_beeindigd": -0.05,
}
MAANDEN = [date(2023 + (3 + k) // 12, (3 + k) % 12 + 1, 1) for k in range(26)]  # apr 2023 .. mei 2025
# taakveld, lasten t/m laatste maand, begroting (per gemeente; REGIO is the sum)
TAAKVELDEN = {
    "GM0153": [("6.711", 1_234_567.0, 1_500_000.0), ("6.751", 2_750_000.0, 2_600_000.0)],
    "GM0164": [("6.711", 640_000.0, 900_000.0), ("6.751", 1_180_000.0, 1_400_000.0)],
}
TAAKVELD_NAMEN = [
    (2025, "6.711", "Huishoudelijke hulp (WMO)", "Wmo maatwerk", "wmo"),
    (2025, "6.751", "Jeugdhulp ambulant lokaal", "Jeugdhulp", "jeugd"),
]
# The one cell hidden for small numbers: Hengelo's voortijdig beëindigd in the latest month.
GEHEIM = ("voortijdig_beeindigd", "GM0164")
VERGELIJKINGSGROEP = "100.000 inwoners of meer, sterk stedelijk"
# Estimated completeness of the latest months (vintage voorlopig); older months are definitief.
VOLLEDIGHEID = {MAANDEN[-1]: 0.85, MAANDEN[-2]: 0.97}
# CBS KWB benchmark: Enschede's jeugdhulp figure of 2024, shown for every later period too.
CBS = {("bereik_jeugdhulp", "GM0153"): (2024, 109.0)}
# The taakveld rows fall in 2025, the first year of the third Iv3 regime.
REEKSBREUK = "Nieuwe Iv3-taakveldindeling vanaf 2025: niet vergelijkbaar met eerdere jaren"
VERSIE = "2025-06-03.1"
# Hengelo delivered no BRP: its rate per resident divides by a population estimated from CBS age groups.
NOEMER_GESCHAT = ("bereik_jeugdhulp", "GM0164")
GEPUBLICEERD = datetime(2025, 6, 3, 8, 15)


def build_snapshot(path: Path, laatste_override: dict | None = None) -> Path:
    """Write the snapshot to a new file `path`; `laatste_override` patches LAATSTE values."""
    laatste = {i: dict(v) for i, v in LAATSTE.items()}
    for (indicator_id, gemeentecode), nieuw in (laatste_override or {}).items():
        laatste[indicator_id][gemeentecode] = nieuw
    con = duckdb.connect(str(path))
    try:
        _create_tables(con)
        con.executemany("INSERT INTO dim_gemeente VALUES (?, ?, ?)", GEMEENTEN)
        con.executemany("INSERT INTO dim_indicator VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", _indicator_rows())
        rows = _value_rows(laatste) + _taakveld_rows()
        con.register("rijen", pd.DataFrame(rows, columns=BASIS))  # executemany of ~900 rows takes seconds
        _publicatie(con)
        con.executemany("INSERT INTO dim_taakveld VALUES (?, ?, ?, ?, ?)", TAAKVELD_NAMEN)
        con.execute("INSERT INTO snapshot_info VALUES (?, ?, ?)", [VERSIE, GEPUBLICEERD, len(rows)])
        for extra in _extras():
            extra.voeg_toe(con)
    finally:
        con.close()
    return path


def _extras() -> list:
    """The fixture_*.py modules beside this one: each adds the rows one page needs (voeg_toe(con))."""
    modules = []
    for path in sorted(Path(__file__).parent.glob("fixture_*.py")):
        spec = importlib.util.spec_from_file_location(f"stuurwiel_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def _create_tables(con) -> None:
    con.execute("CREATE TABLE dim_gemeente (gemeentecode VARCHAR, gemeentenaam VARCHAR, regio VARCHAR)")
    con.execute(
        "CREATE TABLE dim_indicator (indicator_id VARCHAR, naam VARCHAR, laag VARCHAR, definitie VARCHAR,"
        " eenheid VARCHAR, richting VARCHAR, norm DOUBLE, norm_bron VARCHAR, volgorde INTEGER)"
    )
    con.execute("CREATE TABLE snapshot_info (versie VARCHAR, gepubliceerd_op TIMESTAMP, rijen BIGINT)")
    con.execute(
        "CREATE TABLE dim_taakveld (boekjaar INTEGER, taakveld VARCHAR, omschrijving VARCHAR,"
        " rapportagegroep VARCHAR, wet VARCHAR)"
    )


BASIS = [
    "indicator_id",
    "gemeentecode",
    "periode_type",
    "periode",
    "dimensie",
    "dimensie_waarde",
    "waarde",
    "teller",
    "noemer",
    "norm",
    "status",
    "onderdrukt",
    "reden_onderdrukt",
    "vintage",
    "volledigheid",
]


def _publicatie(con) -> None:
    """fct_indicator_publicatie from the rows: comparisons and trends joined as the serving model does."""
    con.execute(
        "CREATE TEMP TABLE cbs (indicator_id VARCHAR, gemeentecode VARCHAR, jaar_cbs INTEGER, waarde_cbs DOUBLE)"
    )
    con.executemany("INSERT INTO cbs VALUES (?, ?, ?, ?)", [(i, g, j, w) for (i, g), (j, w) in CBS.items()])
    con.execute(
        f"""
        CREATE TABLE fct_indicator_publicatie AS
        SELECT p.indicator_id, p.gemeentecode, NULL::VARCHAR AS wijkcode, p.periode_type, p.periode::DATE AS periode,
               p.dimensie, p.dimensie_waarde, p.waarde, p.teller, p.noemer,
               p.indicator_id = '{NOEMER_GESCHAT[0]}' AND p.gemeentecode = '{NOEMER_GESCHAT[1]}' AS noemer_geschat,
               p.norm, p.status,
               p.onderdrukt, p.reden_onderdrukt,
               r.waarde AS waarde_regio,
               CASE WHEN p.gemeentecode <> 'REGIO' THEN '{VERGELIJKINGSGROEP}' END AS vergelijkingsgroep,
               CASE WHEN p.gemeentecode <> 'REGIO' THEN 1 END AS leden_vergelijkingsgroep,
               CASE WHEN i.eenheid <> 'dagen' THEN g.waarde END AS waarde_vergelijkingsgroep,
               c.waarde_cbs, c.jaar_cbs,
               vp.waarde AS waarde_vorige_periode, p.waarde - vp.waarde AS verschil_vorige_periode,
               vj.waarde AS waarde_jaar_eerder, p.waarde - vj.waarde AS verschil_jaar_eerder,
               p.vintage, p.volledigheid, p.dimensie = 'taakveld' AS reeksbreuk,
               CASE WHEN p.dimensie = 'taakveld' THEN '{REEKSBREUK}' END AS reeksbreuk_reden
        FROM rijen p
        JOIN dim_indicator i USING (indicator_id)
        LEFT JOIN rijen r ON r.gemeentecode = 'REGIO' AND r.indicator_id = p.indicator_id
             AND r.periode_type = p.periode_type AND r.periode = p.periode AND r.dimensie_waarde = p.dimensie_waarde
        LEFT JOIN rijen g ON g.gemeentecode NOT IN ('REGIO', p.gemeentecode) AND p.gemeentecode <> 'REGIO'
             AND g.indicator_id = p.indicator_id AND g.periode_type = p.periode_type AND g.periode = p.periode
             AND g.dimensie_waarde = p.dimensie_waarde
        LEFT JOIN cbs c ON c.indicator_id = p.indicator_id AND c.gemeentecode = p.gemeentecode
             AND p.periode_type = 'jaar' AND year(p.periode) = c.jaar_cbs AND p.dimensie = 'totaal'
        LEFT JOIN rijen vp ON vp.gemeentecode = p.gemeentecode AND vp.indicator_id = p.indicator_id
             AND vp.periode_type = p.periode_type AND vp.dimensie_waarde = p.dimensie_waarde
             AND vp.periode = p.periode
                 - to_months(CASE p.periode_type WHEN 'maand' THEN 1 WHEN 'kwartaal' THEN 3 ELSE 12 END)
        LEFT JOIN rijen vj ON vj.gemeentecode = p.gemeentecode AND vj.indicator_id = p.indicator_id
             AND vj.periode_type = p.periode_type AND vj.dimensie_waarde = p.dimensie_waarde
             AND vj.periode = p.periode - INTERVAL 12 MONTH
        """
    )


def _indicator_rows() -> list[tuple]:
    return [
        indicator_rij(
            i, naam, laag, eenheid, richting, norm, None if norm is None else "Regionale afspraak 2025", volgorde
        )
        for i, naam, laag, eenheid, richting, norm, volgorde in INDICATOREN
    ]


def indicator_rij(indicator_id, naam, laag, eenheid, richting, norm, norm_bron, volgorde) -> tuple:
    """A dim_indicator row in the order of its columns, with a definition made from the name."""
    return (indicator_id, naam, laag, f"Definitie van {naam.lower()}.", eenheid, richting, norm, norm_bron, volgorde)


# --- For the fixture_*.py modules: rows another fixture already added are kept ---------------------------


def voeg_aanbieders_toe(con, aanbieders: list[tuple]) -> None:
    """dim_aanbieder rows (agb_code, naam, kvk_nummer, wet, financieringsvorm)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS dim_aanbieder (agb_code VARCHAR, naam VARCHAR, kvk_nummer VARCHAR,"
        " wet VARCHAR, financieringsvorm VARCHAR)"
    )
    for rij in aanbieders:
        con.execute(
            "INSERT INTO dim_aanbieder SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS "
            "(SELECT 1 FROM dim_aanbieder WHERE agb_code = ?)",
            [*rij, rij[0]],
        )


def voeg_indicator_toe(con, rij: tuple, min_noemer_aanbieder: int | None) -> None:
    """One dim_indicator row (`indicator_rij`) with its minimum base per aanbieder."""
    con.execute("ALTER TABLE dim_indicator ADD COLUMN IF NOT EXISTS min_noemer_aanbieder INTEGER")
    con.execute(
        "INSERT INTO dim_indicator BY NAME SELECT ? AS indicator_id, ? AS naam, ? AS laag, ? AS definitie,"
        " ? AS eenheid, ? AS richting, ? AS norm, ? AS norm_bron, ? AS volgorde, ? AS min_noemer_aanbieder"
        " WHERE NOT EXISTS (SELECT 1 FROM dim_indicator WHERE indicator_id = ?)",
        [*rij, min_noemer_aanbieder, rij[0]],
    )


def voeg_publicatie_toe(con, rijen: pd.DataFrame, met_regio: bool = False) -> None:
    """Rows with the BASIS columns into fct_indicator_publicatie, at gemeente level; met_regio: waarde_regio
    is the same cell's REGIO value (the same aanbieder, or the total, in the whole region)."""
    con.register("nieuwe_rijen", rijen)
    regio = (
        """, r.waarde AS waarde_regio
        FROM nieuwe_rijen p
        LEFT JOIN nieuwe_rijen r ON r.gemeentecode = 'REGIO' AND r.indicator_id = p.indicator_id
             AND r.periode = p.periode AND r.dimensie = p.dimensie AND r.dimensie_waarde = p.dimensie_waarde"""
        if met_regio
        else " FROM nieuwe_rijen p"
    )
    con.execute(
        f"""
        INSERT INTO fct_indicator_publicatie BY NAME
        SELECT p.*, NULL::VARCHAR AS wijkcode, false AS reeksbreuk{regio}
        WHERE NOT EXISTS (SELECT 1 FROM fct_indicator_publicatie f
                          WHERE f.indicator_id = p.indicator_id AND f.gemeentecode = p.gemeentecode
                            AND f.periode_type = p.periode_type AND f.periode = p.periode
                            AND f.dimensie = p.dimensie AND f.dimensie_waarde = p.dimensie_waarde)
        """
    )
    con.unregister("nieuwe_rijen")


def _value_rows(laatste: dict) -> list[tuple]:
    """Monthly totals, plus a quarter (jaar) row on each quarter's (year's) first month with that month's value."""
    rows = []
    for indicator_id, _, _, _, richting, norm, _ in INDICATOREN:
        for gemeentecode, basis in laatste[indicator_id].items():
            for achter, maand in enumerate(reversed(MAANDEN)):
                w = basis - STAP[indicator_id] * achter
                geheim = (indicator_id, gemeentecode) == GEHEIM and achter == 0
                for periode_type in _periode_types(maand):
                    volledigheid = VOLLEDIGHEID.get(maand, 1.0) if periode_type == "maand" else 1.0
                    rows.append(
                        (
                            indicator_id,
                            gemeentecode,
                            periode_type,
                            maand,
                            "totaal",
                            "totaal",
                            None if geheim else w,
                            None,
                            None,
                            norm,
                            None if geheim else _status(w, norm, richting),
                            geheim,
                            "klein_aantal" if geheim else None,
                            "voorlopig" if volledigheid < 0.99 else "definitief",
                            volledigheid,
                        )
                    )
    return rows


def _periode_types(maand: date) -> list[str]:
    return ["maand"] + (["kwartaal"] if maand.month % 3 == 1 else []) + (["jaar"] if maand.month == 1 else [])


def _taakveld_rows() -> list[tuple]:
    regio: dict[str, list[float]] = {}
    rows = []
    for gemeentecode, taakvelden in TAAKVELDEN.items():
        for taakveld, lasten, begroting in taakvelden:
            rows.append(_taakveld_row(gemeentecode, taakveld, lasten, begroting))
            som = regio.setdefault(taakveld, [0.0, 0.0])
            som[0] += lasten
            som[1] += begroting
    rows += [_taakveld_row("REGIO", tv, lasten, begroting) for tv, (lasten, begroting) in regio.items()]
    return rows


def _taakveld_row(gemeentecode: str, taakveld: str, lasten: float, begroting: float) -> tuple:
    return (
        "uitputting_begroting",
        gemeentecode,
        "maand",
        MAANDEN[-1],
        "taakveld",
        taakveld,
        100 * lasten / begroting,
        lasten,
        begroting,
        100.0,
        None,
        False,
        None,
        "definitief",
        1.0,
    )


def _status(w: float, norm: float | None, richting: str) -> str | None:
    """op_koers at or beyond the norm, aandacht within 5% of it, else uit_koers."""
    if norm is None:
        return None
    afstand = (w - norm) / norm if richting == "hoger_is_beter" else (norm - w) / norm
    return "op_koers" if afstand >= 0 else "aandacht" if afstand >= -0.05 else "uit_koers"
