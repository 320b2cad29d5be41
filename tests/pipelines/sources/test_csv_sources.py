"""The ledger and budget readers (grootboek, begroting) on hand-written files."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from demo import writers
from pipelines.privacy import WEGGELATEN
from pipelines.sources import begroting, grootboek
from pipelines.sources.base import RAW_SCHEMAS, FileRejected
from tests.pipelines.sources.files import (
    assert_counts_add_up,
    assert_variants_read_alike,
    csv_text,
    format_variants,
    without_bestand,
    write,
)

LEDGER_HEADER = writers.GROOTBOEK_HEADER
LEDGER_ROWS = [
    [
        "2024",
        "05-01-2024",
        "0153",
        "6.71a",
        "4.3.8",
        "KP100",
        "200001",
        "Zorggroep Één B.V.",
        "Jeugdhulp januari",
        "1.234,56",
    ],
    [
        "2024",
        "2024-02-29",
        "GM0153",
        "6.72",
        "4.3.8",
        "KP100",
        "200002",
        "'s-Hertogenbosch Café",
        "Correctie; creditnota",
        "-12,5",
    ],
    ["2024", "1-3-2024", "153", "6.1", "", "", "", "", "", "1000"],
    ["2024", "31-12-2024", "0153", "6.81A", "3.4.4", "KP200", "200003", "Ünïcode Straße", "Overig", "0,01"],
]
BUDGET_HEADER = writers.BEGROTING_HEADER
BUDGET_ROWS = [
    ["2025", "0153", "6.71a", "Primitieve begroting", "", "07-11-2024", "12.500.000,00"],
    ["2025", "0153", "6.71a", "Begrotingswijziging", "3", "15-05-2025", "-250.000"],
    ["2025", "GM0153", "6.2", "wijziging", "4", "", "1,5"],
]


# --- ledger -------------------------------------------------------------------------------


def test_ledger_values(tmp_path):
    path = write(tmp_path, "grootboek_2024.csv", csv_text(LEDGER_HEADER, LEDGER_ROWS).encode("cp1252"))
    result = grootboek.read(path, None)
    assert not result.quarantine and result.rows_in == 4
    table = result.tables["grootboek"]
    assert table.schema == RAW_SCHEMAS["grootboek"]
    first, second, third, fourth = table.to_pylist()
    assert first == {
        "boekjaar": 2024,
        "boekdatum": date(2024, 1, 5),
        "gemeentecode": "GM0153",
        "taakveld": "6.71a",
        "categorie": "4.3.8",
        "kostenplaats": "KP100",
        "crediteurnummer": "200001",
        "crediteurnaam": "Zorggroep Één B.V.",
        "bedrag": Decimal("1234.56"),
        "_bestand": str(path),
        "_regel": 2,
    }
    # The quoted ';' in the omschrijving shifted no field; the omschrijving itself is not kept (free text).
    assert "omschrijving" not in second and second["bedrag"] == Decimal("-12.50")
    assert third["categorie"] is None and third["boekdatum"] == date(2024, 3, 1)
    assert fourth["taakveld"] == "6.81a" and fourth["crediteurnaam"] == "Ünïcode Straße"


def test_ledger_variants_give_identical_tables(tmp_path):
    assert_variants_read_alike(
        tmp_path,
        format_variants(LEDGER_HEADER, LEDGER_ROWS),
        lambda path: grootboek.read(path, None),
        "grootboek",
        lambda path, data: grootboek.detect(path, data[:2048]) and not begroting.detect(path, data[:2048]),
    )


def test_bad_ledger_rows_are_quarantined_with_line_numbers(tmp_path):
    good = LEDGER_ROWS[0]
    bad = [
        (["abc", *good[1:]], "getal_ongeldig"),
        (["1899", *good[1:]], "jaar_onwaarschijnlijk"),
        ([good[0], "31-02-2024", *good[2:]], "datum_ongeldig"),
        ([*good[:3], "6,71", *good[4:]], "taakveld_ongeldig"),
        ([*good[:2], "Utrecht", *good[3:]], "gemeentecode_ongeldig"),
        ([*good[:9], "12.34"], "bedrag_ongeldig"),
        ([*good[:9], ""], "verplicht_veld"),
        (good[:8], "aantal_kolommen"),
        ([*good, "onverwacht"], "aantal_kolommen"),
    ]
    rows = [good]
    for row, _rule in bad:
        rows += [row, good]
    text = csv_text(LEDGER_HEADER, rows)
    path = write(tmp_path, "grootboek.csv", text.encode("cp1252"))
    result = grootboek.read(path, None)
    assert_counts_add_up(result)
    assert result.rows_loaded == len(bad) + 1
    lines = text.split("\r\n")
    assert [(row.rule, row.line) for row in result.quarantine] == [
        (rule, 3 + 2 * index) for index, (_row, rule) in enumerate(bad)
    ]
    for row, (fields, rule) in zip(result.quarantine, bad, strict=True):
        # The omschrijving (free text) is left out; a row of the wrong width may have moved free text into
        # another column's place, so none of its fields is shown.
        shown = [WEGGELATEN] * len(fields) if rule == "aantal_kolommen" else [*fields[:8], WEGGELATEN, fields[9]]
        assert row.content == ";".join(shown), lines[row.line - 1]
        assert row.file == str(path)
    assert result.tables["grootboek"].column("_regel").to_pylist() == list(range(2, 3 + 2 * len(bad), 2))


def test_trailing_delimiters_are_tolerated(tmp_path):
    text = csv_text(LEDGER_HEADER, [[*LEDGER_ROWS[0], "", ""]])
    result = grootboek.read(write(tmp_path, "g.csv", text.encode()), None)
    assert result.rows_loaded == 1 and not result.quarantine


def test_quoted_line_break_keeps_line_numbers(tmp_path):
    multiline = [*LEDGER_ROWS[0][:7], "regel een\r\nregel twee", *LEDGER_ROWS[0][8:]]
    broken = [*LEDGER_ROWS[0][:9], "fout"]
    text = csv_text(LEDGER_HEADER, [multiline, broken])
    result = grootboek.read(write(tmp_path, "g.csv", text.encode()), None)
    assert result.tables["grootboek"].column("crediteurnaam").to_pylist() == ["regel een\r\nregel twee"]
    assert [(row.line, row.rule) for row in result.quarantine] == [(4, "bedrag_ongeldig")]


def test_header_only_gives_empty_table(tmp_path):
    path = write(tmp_path, "g.csv", ";".join(LEDGER_HEADER).encode() + b"\r\n")
    result = grootboek.read(path, None)
    assert result.rows_in == 0 and result.tables["grootboek"].num_rows == 0


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"", 1),
        (b"\r\n", 1),
        (b"Boekjaar;Bedrag\r\n2024;1,00\r\n", 1),
        (
            ";".join(LEDGER_HEADER).encode()
            + b"\r\n"
            + ";".join(LEDGER_ROWS[0]).encode("cp1252")
            + b"\r\nbad\x81byte\r\n",
            3,
        ),
        (";".join(LEDGER_HEADER).encode() + b"\r\n2024;1\r\n" + b'2024;"' + b"x" * 200_000 + b'"\r\n', 3),
    ],
    ids=["empty", "blank", "wrong-header", "undecodable", "field-too-large"],
)
def test_unreadable_csv_is_rejected_naming_file_and_line(tmp_path, data, line):
    path = write(tmp_path, "grootboek.csv", data)
    with pytest.raises(FileRejected) as caught:
        grootboek.read(path, None)
    assert caught.value.line == line
    assert f"{path}, regel {line}" in str(caught.value)


def test_detect_ignores_other_files():
    assert not grootboek.detect(Path("x.xml"), b'<?xml version="1.0"?><Bericht/>')
    assert not grootboek.detect(Path("x.csv"), b"Boekjaar;Boekdatum;Bedrag\r\n")


# --- budget -------------------------------------------------------------------------------


def test_budget_values_utf8_bom(tmp_path):
    data = csv_text(BUDGET_HEADER, BUDGET_ROWS).encode("utf-8-sig")
    path = write(tmp_path, "begroting_2025.csv", data)
    assert begroting.detect(path, data[:2048]) and not grootboek.detect(path, data[:2048])
    result = begroting.read(path, None)
    assert result.tables["begroting"].schema == RAW_SCHEMAS["begroting"]
    assert [row["soort"] for row in result.tables["begroting"].to_pylist()] == ["primitief", "wijziging", "wijziging"]
    first, second, third = result.tables["begroting"].to_pylist()
    assert first == {
        "begrotingsjaar": 2025,
        "gemeentecode": "GM0153",
        "taakveld": "6.71a",
        "soort": "primitief",
        "wijzigingnummer": None,
        "datum": date(2024, 11, 7),
        "bedrag": Decimal("12500000.00"),
        "_bestand": str(path),
        "_regel": 2,
    }
    assert (second["wijzigingnummer"], second["bedrag"]) == (3, Decimal("-250000"))
    assert (third["datum"], third["bedrag"]) == (None, Decimal("1.50"))


def test_budget_encodings_give_identical_tables(tmp_path):
    text = csv_text(BUDGET_HEADER, BUDGET_ROWS)
    tables = [
        without_bestand(begroting.read(write(tmp_path, f"b{i}.csv", text.encode(encoding)), None), "begroting")
        for i, encoding in enumerate(["utf-8-sig", "utf-8", "cp1252"])
    ]
    assert tables[0].equals(tables[1]) and tables[0].equals(tables[2])


def test_bad_budget_rows_are_quarantined(tmp_path):
    rows = [
        ["2025", "0153", "6.71a", "Begrotingswijziging", "", "15-05-2025", "1,00"],
        ["2025", "0153", "6.71a", "Voorjaarsnota", "1", "15-05-2025", "1,00"],
        ["2025", "0153", "6.71a", "Begrotingswijziging", "drie", "15-05-2025", "1,00"],
        BUDGET_ROWS[0],
    ]
    result = begroting.read(write(tmp_path, "b.csv", csv_text(BUDGET_HEADER, rows).encode()), None)
    assert [(row.line, row.rule) for row in result.quarantine] == [
        (2, "verplicht_veld"),
        (3, "soort_onbekend"),
        (4, "getal_ongeldig"),
    ]
    assert result.rows_loaded == 1
    assert_counts_add_up(result)


def test_a_non_utf8_line_in_a_file_with_a_bom_is_named(tmp_path):
    # The BOM says UTF-8: one Windows-1252 line is that line's error, not a reason to misread the header.
    good = csv_text(BUDGET_HEADER, [["2024", "0153", "6.1", "Primitieve begroting", "0", "10-11-2023", "100,00"]])
    bad_line = "2024;0153;6.1;Primitieve begroting;0;10-11-2023;5,00 café\r\n".encode("cp1252")
    path = write(tmp_path, "begroting_2024.csv", good.encode("utf-8-sig") + bad_line)
    with pytest.raises(FileRejected) as exc:
        begroting.read(path, None)
    assert exc.value.line == 3
    assert str(path) in str(exc.value)
