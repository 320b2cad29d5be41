"""The iJw modelling rules, each on a hand-built case, through the whole pipeline.

Messages are the official example messages with their product lists replaced, validated against the
official XSDs before they are loaded. Expected results are worked out by hand from the rules in
../shared/domain.md section 1.3.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from lxml import etree

from pipelines import run

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "istandaarden-3.2" / "ijw"
GEMEENTE = "0168"
AANBIEDER = "42420001"


def _product(soort: str, fields: list[tuple[str, str | None]], code: str) -> str:
    p = f"jw{soort}"
    body = "".join(
        f"<{p}:Product><ijw:Categorie>{code[:2]}</ijw:Categorie><ijw:Code>{code}</ijw:Code></{p}:Product>"
        if name == "Product"
        else f"<{p}:{name}>{value}</{p}:{name}>"
        for name, value in fields
        if value is not None
    )
    element = {"301": "ToegewezenProduct", "305": "StartProduct", "307": "StopProduct"}[soort]
    return f"<{p}:{element}>{body}</{p}:{element}>"


def toewijzing(nummer: str, datum: str, ingang: str, einde: str, reden: str | None = None, code: str = "45A01") -> str:
    return _product(
        "301",
        [
            ("ToewijzingNummer", nummer),
            ("Product", ""),
            ("Toewijzingsdatum", datum),
            ("Toewijzingstijd", "09:00:00"),
            ("Ingangsdatum", ingang),
            ("Einddatum", einde),
            ("RedenWijziging", reden),
        ],
        code,
    )


def start(nummer: str, ingang: str, begin: str, status: str = "1", code: str = "45A01") -> str:
    return _product(
        "305",
        [
            ("ToewijzingNummer", nummer),
            ("Product", ""),
            ("ToewijzingIngangsdatum", ingang),
            ("Begindatum", begin),
            ("StatusAanlevering", status),
        ],
        code,
    )


def stop(nummer: str, ingang: str, begin: str, reden: str, einde: str, status: str = "1", code: str = "45A01") -> str:
    return _product(
        "307",
        [
            ("ToewijzingNummer", nummer),
            ("Product", ""),
            ("ToewijzingIngangsdatum", ingang),
            ("Begindatum", begin),
            ("RedenBeeindiging", reden),
            ("Einddatum", einde),
            ("StatusAanlevering", status),
        ],
        code,
    )


def message(soort: str, products: list[str], dagtekening: str, ident: str) -> bytes:
    """The official example of this type with our header values and product list."""
    p = f"jw{soort}"
    xml = (REFERENCE / "voorbeeldberichten" / f"JW{soort}.xml").read_text(encoding="utf-8")
    gemeente_is_afzender = soort == "301"
    xml = re.sub(
        f"<{p}:Afzender>.*?</{p}:Afzender>",
        f"<{p}:Afzender>{GEMEENTE if gemeente_is_afzender else AANBIEDER}</{p}:Afzender>",
        xml,
    )
    xml = re.sub(
        f"<{p}:Ontvanger>.*?</{p}:Ontvanger>",
        f"<{p}:Ontvanger>{AANBIEDER if gemeente_is_afzender else GEMEENTE}</{p}:Ontvanger>",
        xml,
    )
    xml = re.sub("<ijw:Identificatie>.*?</ijw:Identificatie>", f"<ijw:Identificatie>{ident}</ijw:Identificatie>", xml)
    xml = re.sub("<ijw:Dagtekening>.*?</ijw:Dagtekening>", f"<ijw:Dagtekening>{dagtekening}</ijw:Dagtekening>", xml)
    element = {"301": "ToegewezenProduct", "305": "StartProduct", "307": "StopProduct"}[soort]
    first, last = xml.index(f"<{p}:{element}>"), xml.rindex(f"</{p}:{element}>") + len(f"</{p}:{element}>")
    data = (xml[:first] + "".join(products) + xml[last:]).encode("utf-8")
    schema = etree.XMLSchema(etree.parse(str(REFERENCE / "xsd" / f"JW{soort}.xsd")))
    schema.assertValid(etree.fromstring(data))
    return data


# Each case uses its own toewijzingnummer; the files are listed in delivery order.
DELIVERIES = [
    # A: a later version (newer Toewijzingsdatum) shortens the toewijzing: the latest version wins.
    ("301", [toewijzing("1001", "2024-01-10", "2024-01-15", "2024-12-31")], "2024-01-10"),
    ("301", [toewijzing("1001", "2024-03-01", "2024-01-15", "2024-06-30", reden="05")], "2024-03-01"),
    ("305", [start("1001", "2024-01-15", "2024-02-01")], "2024-02-02"),
    # B: a toewijzing removed with RedenWijziging 13 never existed, even though care was started.
    ("301", [toewijzing("1002", "2024-02-01", "2024-02-05", "2024-12-31")], "2024-02-01"),
    ("305", [start("1002", "2024-02-05", "2024-02-10")], "2024-02-11"),
    ("301", [toewijzing("1002", "2024-02-20", "2024-02-05", "2024-02-05", reden="13")], "2024-02-20"),
    # C: a stop corrected by deletion (StatusAanlevering 3) and a re-send with other values. Another
    # productcategorie than A, so it is a traject of its own (A's overlapping 45A01 would be chained to it).
    ("301", [toewijzing("1003", "2024-01-05", "2024-01-08", "2024-12-31", code="41A01")], "2024-01-05"),
    ("305", [start("1003", "2024-01-08", "2024-01-10", code="41A01")], "2024-01-11"),
    ("307", [stop("1003", "2024-01-08", "2024-01-10", "33", "2024-05-31", code="41A01")], "2024-06-03"),
    (
        "307",
        [
            stop("1003", "2024-01-08", "2024-01-10", "33", "2024-05-31", status="3", code="41A01"),
            stop("1003", "2024-01-08", "2024-01-10", "31", "2024-06-28", code="41A01"),
        ],
        "2024-07-01",
    ),
    # D: a start that is deleted again: no care was delivered.
    ("301", [toewijzing("1004", "2024-03-01", "2024-03-04", "2024-12-31")], "2024-03-01"),
    ("305", [start("1004", "2024-03-04", "2024-03-06")], "2024-03-07"),
    ("305", [start("1004", "2024-03-04", "2024-03-06", status="3")], "2024-03-08"),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    home = tmp_path_factory.mktemp("regels-home")
    folder = tmp_path_factory.mktemp("regels-berichten")
    for number, (soort, products, dagtekening) in enumerate(DELIVERIES, start=1):
        (folder / f"{number:02d}_jw{soort}.xml").write_bytes(message(soort, products, dagtekening, f"9{number:05d}"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_HOME", str(home))
        report = run.load([folder])
    assert report.published, report.problems()
    con = duckdb.connect(str(home / "data" / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()


def _traject(con, nummer: str):
    return con.execute(
        "select toewijzing_einddatum, startdatum, stopdatum, reden_beeindiging, uitkomst, einde_zorg "
        "from intermediate.int_toewijzingen__zorg where toewijzingnummer = ?",
        [nummer],
    ).fetchall()


def test_latest_version_of_a_toewijzing_wins(warehouse):
    [(einddatum, startdatum, *_rest)] = _traject(warehouse, "1001")
    assert (einddatum, startdatum) == (date(2024, 6, 30), date(2024, 2, 1))


def test_toewijzing_removed_with_code_13_never_existed(warehouse):
    assert _traject(warehouse, "1002") == []
    # Only 1001 started in February (wait 17 days); 1002's start does not count.
    assert warehouse.execute(
        "select waarde, teller from serving.fct_indicator_values where indicator_id = 'wachttijd_mediaan' "
        "and gemeentecode = 'GM0168' and periode_type = 'maand' and periode = date '2024-02-01' "
        "and dimensie = 'totaal'"
    ).fetchone() == (17.0, 1.0)


def test_stop_corrected_by_delete_and_resend(warehouse):
    [(_, startdatum, stopdatum, reden, uitkomst, einde)] = _traject(warehouse, "1003")
    assert (startdatum, stopdatum, reden, uitkomst, einde) == (
        date(2024, 1, 10),
        date(2024, 6, 28),
        "31",
        "volgens_plan",
        date(2024, 6, 28),
    )
    ended = warehouse.execute(
        "select periode, teller, noemer from serving.fct_indicator_values "
        "where indicator_id = 'beeindigd_volgens_plan' "
        "and gemeentecode = 'GM0168' and periode_type = 'maand' and dimensie = 'totaal'"
    ).fetchall()
    assert ended == [(date(2024, 6, 1), 1.0, 1.0)], "the deleted drop-out in May must not count"


def test_deleted_start_means_no_care(warehouse):
    [(_, startdatum, *_rest)] = _traject(warehouse, "1004")
    assert startdatum is None
