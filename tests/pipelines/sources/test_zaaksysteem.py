"""The reader of the case-system export (zaaksysteem), on hand-written files."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import great_expectations as gx
import pytest

from demo.zaak_files import ZAAKSYSTEEM
from pipelines import ingest
from pipelines.archief import Archief
from pipelines.gate import poort, suites
from pipelines.privacy import BSN_MASK, WEGGELATEN, Pseudonymiser
from pipelines.sources import zaaksysteem
from pipelines.sources.base import RAW_SCHEMAS, FileRejected
from pipelines.warehouse import Warehouse
from tests.pipelines.sources.files import (
    assert_counts_add_up,
    assert_variants_read_alike,
    csv_text,
    respelled_variants,
    write,
)

PS = Pseudonymiser(b"z" * 32)
BSN_A, BSN_B, BSN_C = "111222333", "123456782", "012345672"  # pass the elfproef
BAD_BSN = "123456789"

# The demo's case-system export writes these files with these headers (demo/zaak_files.py).
_DEMO_FRAME = {
    "zaak_meldingen": "meldingen",
    "zaak_voorzieningen": "voorzieningen",
    "zaak_doelen": "doelen",
    "zaak_inkomensvoorzieningen": "bijstand",
    "zaak_schuldhulptrajecten": "schuldhulp",
    "zaak_reintegratievoorzieningen": "reintegratie",
}
HEADERS = {table: ZAAKSYSTEEM[frame].header for table, frame in _DEMO_FRAME.items()}
FILES = {table: ZAAKSYSTEEM[frame].file for table, frame in _DEMO_FRAME.items()}
ROWS = {
    "zaak_meldingen": [
        ["M1", "0153", BSN_A, "Wmo", "04-01-2024", "08-01-2024", "12-02-2024", "13-02-2024", "20-02-2024", "B1"],
        ["M2", "153", BSN_B, "Wmo 2015", "01-03-2024", "", "", "", "", ""],
    ],
    "zaak_voorzieningen": [
        ["B1", "0153", BSN_A, "Wmo", "20-02-2024", "2", "02A01", "ZIN", "01-03-2024", "", "100001", ""],
        [
            "B2",
            "0153",
            BSN_C,
            "Jeugdwet",
            "15-01-2024",
            "45",
            "45A02",
            "PGB",
            "01-02-2024",
            "31-12-2024",
            "",
            "12.345,60",
        ],
    ],
    "zaak_doelen": [
        ["B1", "0153", BSN_A, "1", "Dagbesteding", "20-02-2024", "", ""],
        ["B2", "0153", BSN_C, "2", "Opvoeding", "15-01-2024", "31-12-2024", "ja"],
    ],
    "zaak_inkomensvoorzieningen": [
        [
            "I1",
            "0153",
            BSN_B,
            BSN_C,
            "Participatiewet",
            "Algemene bijstand",
            "02-01-2023",
            "20-01-2023",
            "02-01-2023",
            "30-06-2024",
            "einde_ww",
            "Werk",
            "1.412,33",
        ],
        ["I2", "0153", BSN_A, "", "IOAW", "IOAW", "", "05-05-2024", "01-05-2024", "", "relatiebreuk", "", "1250"],
    ],
    "zaak_schuldhulptrajecten": [
        ["S1", "0153", BSN_B, "03-06-2024", "ja", "06-06-2024", "stabilisatie", "", "", "23.000,00"],
        ["S2", "0153", BSN_A, "03-06-2024", "nee", "", "Aanmelding", "01-07-2024", "Niet verschenen", ""],
    ],
    "zaak_reintegratievoorzieningen": [
        ["R1", "0153", BSN_B, "Loonkostensubsidie", "01-03-2024", ""],
        ["R2", "0153", BSN_B, "scholing", "01-02-2024", "31-05-2024"],
    ],
}


def _read(tmp_path, table: str, rows=None, encoding="cp1252", name=None):
    path = write(tmp_path, name or FILES[table], csv_text(HEADERS[table], rows or ROWS[table]).encode(encoding))
    return path, zaaksysteem.read(path, PS)


@pytest.mark.parametrize("table", list(HEADERS))
def test_each_entity_is_detected_by_its_header_and_by_no_other_source(tmp_path, table):
    path, result = _read(tmp_path, table)
    assert ingest.detect_source(path) == "zaaksysteem"
    assert list(result.tables) == [table]
    assert result.tables[table].schema == RAW_SCHEMAS[table]
    assert not result.quarantine and result.rows_in == len(ROWS[table])


def test_meldingen_values(tmp_path):
    path, result = _read(tmp_path, "zaak_meldingen")
    first, second = result.tables["zaak_meldingen"].to_pylist()
    assert first == {
        "identificatie": "M1",
        "gemeentecode": "GM0153",
        "client_id": PS.pseudonym(BSN_A),
        "wet": "wmo",
        "datum_melding": date(2024, 1, 4),
        "datum_start_onderzoek": date(2024, 1, 8),
        "datum_einde_onderzoek": date(2024, 2, 12),
        "datum_aanvraag": date(2024, 2, 13),
        "datum_beschikking": date(2024, 2, 20),
        "beschikkingnummer": "B1",
        "_bestand": str(path),
        "_regel": 2,
    }
    assert second["wet"] == "wmo" and second["datum_aanvraag"] is None and second["beschikkingnummer"] is None


def test_voorzieningen_doelen_bijstand_schuldhulp_values(tmp_path):
    _, v = _read(tmp_path, "zaak_voorzieningen")
    zin, pgb = v.tables["zaak_voorzieningen"].to_pylist()
    assert (zin["leveringsvorm"], zin["productcategorie"], zin["toewijzingnummer"], zin["pgb_budget"]) == (
        "zin",
        "02",
        "100001",
        None,
    )
    assert (pgb["wet"], pgb["leveringsvorm"], pgb["toewijzingnummer"], pgb["pgb_budget"]) == (
        "jeugd",
        "pgb",
        None,
        Decimal("12345.60"),
    )
    assert pgb["client_id"] == PS.pseudonym(BSN_C)
    _, d = _read(tmp_path, "zaak_doelen")
    assert [(r["doelnummer"], r["behaald"], r["datum_evaluatie"]) for r in d.tables["zaak_doelen"].to_pylist()] == [
        (1, None, None),
        (2, True, date(2024, 12, 31)),
    ]
    _, b = _read(tmp_path, "zaak_inkomensvoorzieningen")
    gestopt, lopend = b.tables["zaak_inkomensvoorzieningen"].to_pylist()
    assert (gestopt["reden_uitstroom"], gestopt["bedrag"], gestopt["einddatum"]) == (
        "werk",
        Decimal("1412.33"),
        date(2024, 6, 30),
    )
    assert (lopend["reden_uitstroom"], lopend["datum_aanvraag"], lopend["bedrag"]) == (None, None, Decimal("1250"))
    assert (gestopt["partner_client_id"], gestopt["soort_uitkering"]) == (PS.pseudonym(BSN_C), "algemene_bijstand")
    assert (lopend["partner_client_id"], lopend["soort_uitkering"], lopend["regeling"]) == (None, "ioaw", "IOAW")
    _, r = _read(tmp_path, "zaak_reintegratievoorzieningen")
    lopend, gestopt = r.tables["zaak_reintegratievoorzieningen"].to_pylist()
    assert (lopend["soort"], lopend["datum_einde"], gestopt["datum_einde"]) == (
        "loonkostensubsidie",
        None,
        date(2024, 5, 31),
    )
    _, s = _read(tmp_path, "zaak_schuldhulptrajecten")
    spoed, weg = s.tables["zaak_schuldhulptrajecten"].to_pylist()
    assert (spoed["spoed"], spoed["fase"], spoed["uitstroomreden"], spoed["schuldbedrag"]) == (
        True,
        "Stabilisatie",
        None,
        Decimal("23000.00"),
    )
    assert (weg["spoed"], weg["datum_eerste_gesprek"], weg["uitstroomreden"]) == (False, None, "Nietverschenen")


@pytest.mark.parametrize("table", list(HEADERS))
def test_format_variations_load_identically(tmp_path, table):
    assert_variants_read_alike(
        tmp_path,
        respelled_variants(HEADERS[table], ROWS[table]),
        lambda path: zaaksysteem.read(path, PS),
        table,
        lambda path, _data: ingest.detect_source(path) == "zaaksysteem",
    )


@pytest.mark.parametrize(
    ("table", "column", "value", "rule"),
    [
        ("zaak_meldingen", 2, BAD_BSN, "bsn_elfproef"),
        ("zaak_meldingen", 2, "", "verplicht_veld"),
        ("zaak_meldingen", 8, "01-02-2024", "volgorde_datums"),  # beschikking before aanvraag
        ("zaak_meldingen", 5, "01-01-2024", "volgorde_datums"),  # onderzoek before melding
        ("zaak_voorzieningen", 7, "maatwerk", "leveringsvorm_onbekend"),
        ("zaak_voorzieningen", 9, "01-01-2024", "volgorde_datums"),
        ("zaak_voorzieningen", 3, "Wet op de zorg", "wet_onbekend"),
        ("zaak_doelen", 7, "misschien", "ja_nee_ongeldig"),
        ("zaak_inkomensvoorzieningen", 12, "12.34", "bedrag_ongeldig"),
        ("zaak_inkomensvoorzieningen", 3, BAD_BSN, "bsn_elfproef"),  # the partner's BSN
        ("zaak_inkomensvoorzieningen", 3, BSN_B, "partner_is_aanvrager"),
        ("zaak_inkomensvoorzieningen", 5, "Toeslag", "soort_uitkering_onbekend"),
        ("zaak_reintegratievoorzieningen", 5, "01-01-2024", "volgorde_datums"),
        ("zaak_schuldhulptrajecten", 6, "Afbetaling", "fase_onbekend"),
        ("zaak_schuldhulptrajecten", 8, "Geslaagd", "uitstroomreden_onbekend"),
        ("zaak_schuldhulptrajecten", 5, "01-06-2024", "volgorde_datums"),
    ],
)
def test_bad_rows_are_quarantined_with_rule_line_and_no_bsn(tmp_path, table, column, value, rule):
    bad = list(ROWS[table][0])
    bad[column] = value
    _, result = _read(tmp_path, table, rows=[ROWS[table][1], bad])
    assert_counts_add_up(result)
    assert result.rows_loaded == 1
    [row] = result.quarantine
    assert (row.line, row.rule) == (3, rule)
    assert BSN_A not in row.content and BAD_BSN not in row.content
    if value in (BAD_BSN, ""):
        assert row.value in (BSN_MASK, None)
    else:  # the BSN column is left out of the quarantined line whole (pipelines/sources/csvreader.py)
        assert WEGGELATEN in row.content


def test_ended_bijstand_needs_an_uitstroom_reason(tmp_path):
    bad = list(ROWS["zaak_inkomensvoorzieningen"][0])
    bad[11] = ""
    _, result = _read(tmp_path, "zaak_inkomensvoorzieningen", rows=[bad])
    assert [q.rule for q in result.quarantine] == ["verplicht_veld"]


def test_a_header_of_no_entity_is_rejected_whole(tmp_path):
    path = write(tmp_path, "x.csv", b"Identificatie;BSN\r\nX;111222333\r\n")
    assert ingest.detect_source(path) == ingest.UNKNOWN
    with pytest.raises(FileRejected) as caught:
        zaaksysteem.read(path, PS)
    assert caught.value.line == 1 and str(path) in str(caught.value)


# --- the delivery gate ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((suites.SUITES_DIR / "zaaksysteem").glob("*.json")), ids=lambda p: p.stem)
def test_every_entity_suite_is_a_valid_gx_suite_for_its_table(path):
    suite = gx.ExpectationSuite(**json.loads(path.read_text(encoding="utf-8")))
    assert suite.name == path.stem and path.stem in zaaksysteem.TABLES and suite.expectations
    assert suites.suite_paths("zaaksysteem", zaaksysteem.TABLES)[path.stem] == path


def test_every_entity_has_a_suite():
    assert set(suites.suite_paths("zaaksysteem", zaaksysteem.TABLES)) == set(zaaksysteem.TABLES)


def _gate(tmp_path, run_id: str, rows: list[list[str]]) -> list[poort.Controle]:
    store = Warehouse(tmp_path / "warehouse.duckdb")
    store.ensure_schema()
    path = write(tmp_path, f"{run_id}.csv", csv_text(HEADERS["zaak_schuldhulptrajecten"], rows).encode("cp1252"))
    with store.connect() as con:
        list(ingest.ingest_files(con, "zaaksysteem", [path], PS, run_id, Archief(tmp_path / "archief", b"a" * 32)))
        return poort.expectation_suite(con, "zaaksysteem", run_id, tmp_path / "quality")


def test_a_good_export_passes_its_suite(tmp_path):
    controles = _gate(tmp_path, "goed", ROWS["zaak_schuldhulptrajecten"])
    assert controles and all(c.geslaagd for c in controles)


def test_an_export_with_a_duplicate_identificatie_fails_its_suite(tmp_path):
    first = ROWS["zaak_schuldhulptrajecten"][0]
    controles = _gate(tmp_path, "dubbel", [first, [first[0], "0153", BSN_C, *first[3:]]])
    [failed] = [c for c in controles if not c.geslaagd]
    assert failed.naam == "gx:expect_compound_columns_to_be_unique:gemeentecode+identificatie" and failed.waarde == 2
