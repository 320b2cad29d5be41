"""The reader of the gemeente's BRP counts, on hand-written files and on the demo's."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from demo.brp import GROEPEN, HEADER, groepen_in_jaar, kwb_groepen, leeftijden
from pipelines import ingest
from pipelines.archief import Archief
from pipelines.config import REFERENCE_DIR
from pipelines.gate import poort
from pipelines.privacy import Pseudonymiser
from pipelines.sources import brp
from pipelines.warehouse import Warehouse
from tests.pipelines.sources.files import (
    assert_counts_add_up,
    assert_variants_read_alike,
    csv_text,
    respelled_variants,
    write,
)

ROWS = [
    ["0153", "WK015301", "01-01-2025", "0", "1340"],
    ["GM0153", "", "2025-01-01", "17", "12"],
    ["GM0153", "wk015302", "01-01-2025", "105+", "3"],
    ["GM0168", "WK016800", "1-1-2024", "40", "0"],
]


def test_brp_format_variations_load_identically(tmp_path):
    assert_variants_read_alike(
        tmp_path,
        respelled_variants(HEADER, ROWS),
        lambda path: brp.read(path),
        brp.TABLE,
        lambda path, _data: ingest.detect_source(path) == "brp",
    )


def test_brp_rows_are_counts_by_gemeente_wijk_peildatum_and_age(tmp_path):
    path = write(tmp_path, "brp_2025.csv", csv_text(HEADER, ROWS).encode("utf-8-sig"))
    result = brp.read(path)
    assert not result.quarantine
    rows = result.tables[brp.TABLE].to_pylist()
    assert [(r["gemeentecode"], r["wijkcode"], r["peildatum"], r["leeftijd"], r["aantal"]) for r in rows] == [
        ("GM0153", "WK015301", dt.date(2025, 1, 1), 0, 1340),
        ("GM0153", None, dt.date(2025, 1, 1), 17, 12),  # not placed in a wijk
        ("GM0153", "WK015302", dt.date(2025, 1, 1), 105, 3),  # 105 and older
        ("GM0168", "WK016800", dt.date(2024, 1, 1), 40, 0),
    ]


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        (4, "-1", "aantal_negatief"),
        (4, "1,5", "getal_ongeldig"),
        (3, "106", "leeftijd_buiten_bereik"),
        (3, "90+", "leeftijd_buiten_bereik"),
        (3, "-2", "leeftijd_ongeldig"),
        (0, "GM9999", "gemeente_onbekend"),
        (0, "Enschede", "gemeentecode_ongeldig"),
        (1, "WK016801", "wijk_andere_gemeente"),
        (1, "Centrum", "wijkcode_ongeldig"),
        (1, "WK01530", "wijkcode_ongeldig"),
        (1, "WK0153A-", "wijkcode_ongeldig"),
        (1, "WK0363AA", "wijk_andere_gemeente"),
        (2, "1 januari 2025", "datum_ongeldig"),
        (2, "31-02-2025", "datum_ongeldig"),
    ],
)
def test_bad_brp_rows_are_quarantined(tmp_path, column, value, rule):
    bad = list(ROWS[0])
    bad[column] = value
    path = write(tmp_path, "b.csv", csv_text(HEADER, [ROWS[2], bad]).encode("utf-8-sig"))
    result = brp.read(path)
    assert_counts_add_up(result)
    assert [(q.line, q.rule) for q in result.quarantine] == [(3, rule)]
    assert result.quarantine[0].message  # a Dutch reason for the steward


def test_every_wijk_of_kwb_2024_loads_with_its_own_code(tmp_path):
    # Found by the first land-scale load: Amsterdam's 110 wijken are coded with letters (WK0363AA), and a rule
    # that wanted six digits held back the whole country's delivery at the gate.
    with (REFERENCE_DIR / "cbs" / "kwb_2024_gemeenten_wijken_85984NED.csv").open(encoding="utf-8") as fh:
        wijken = [(r["gemeentecode"], r["regiocode"]) for r in csv.DictReader(fh) if r["soort"] == "Wijk"]
    assert len(wijken) > 3000 and ("GM0363", "WK0363AA") in wijken
    rows = [[gemeente, wijk, "01-01-2024", "30", "5"] for gemeente, wijk in wijken]
    path = write(tmp_path, "brp_kwb.csv", csv_text(HEADER, rows).encode("utf-8-sig"))
    result = brp.read(path)
    assert not result.quarantine, result.quarantine[:3]
    assert [r["wijkcode"] for r in result.tables[brp.TABLE].to_pylist()] == [wijk for _, wijk in wijken]


def test_a_second_count_for_the_same_key_is_quarantined(tmp_path):
    again = ["GM0153", "WK015301", "2025-01-01", "0", "7"]  # the same key as row 1, spelled differently
    path = write(tmp_path, "b.csv", csv_text(HEADER, [ROWS[0], ROWS[1], again]).encode("utf-8-sig"))
    result = brp.read(path)
    assert_counts_add_up(result)
    assert [(q.line, q.rule) for q in result.quarantine] == [(4, "dubbele_sleutel")]
    assert result.tables[brp.TABLE].column("aantal").to_pylist() == [1340, 12]


@pytest.mark.parametrize("jaar", [2021, 2024, 2025])
def test_demo_brp_adds_up_to_the_real_cbs_groups_and_total(jaar):
    """Enschede: total = CBS 03759ned, group sums = CBS KWB (2025: the 2024 shares on the 2025 total)."""
    totaal = {2021: 159732, 2024: 161738, 2025: 162317}[jaar]
    groepen = groepen_in_jaar(kwb_groepen()["GM0153"], jaar, totaal)
    per_leeftijd = leeftijden(groepen)
    assert len(per_leeftijd) == 106 and sum(per_leeftijd) == totaal
    assert [sum(per_leeftijd[van : tot + 1]) for van, tot in GROEPEN] == groepen
    if jaar == 2024:
        assert groepen == [22327, 26351, 42568, 40705, 29787]  # KWB 2024 (85984NED) as published


def test_a_good_brp_delivery_passes_its_gate_suite(tmp_path):
    store = Warehouse(tmp_path / "warehouse.duckdb")
    store.ensure_schema()
    amsterdam = ["GM0363", "wk0363aa", "01-01-2025", "3", "10"]  # Amsterdam's wijken have letters
    path = write(tmp_path, "brp.csv", csv_text(HEADER, [*ROWS, amsterdam]).encode("utf-8-sig"))
    with store.connect() as con:
        list(
            ingest.ingest_files(
                con, "brp", [path], Pseudonymiser(b"k" * 32), "goed", Archief(tmp_path / "archief", b"a" * 32)
            )
        )
        controles = poort.expectation_suite(con, "brp", "goed", tmp_path / "quality")
    assert controles and all(c.geslaagd for c in controles), [c for c in controles if not c.geslaagd]
