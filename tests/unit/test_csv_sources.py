import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.privacy import Pseudonymiser
from pipelines.sources import aanbieders, begroting, grootboek, zaaksysteem
from pipelines.sources.base import RAW_SCHEMAS, WET, FileRejected, RowRejected
from pipelines.sources.csvreader import parse_bedrag, parse_date, parse_gemeentecode, parse_taakveld

LEDGER_HEADER = [
    "Boekjaar",
    "Boekdatum",
    "Gemeentecode",
    "Taakveld",
    "Categorie",
    "Kostenplaats",
    "Crediteurnummer",
    "Crediteurnaam",
    "Omschrijving",
    "Bedrag",
]
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
BUDGET_HEADER = ["Begrotingsjaar", "Gemeentecode", "Taakveld", "Soort", "Wijzigingnummer", "Datum", "Bedrag"]
BUDGET_ROWS = [
    ["2025", "0153", "6.71a", "Primitieve begroting", "", "07-11-2024", "12.500.000,00"],
    ["2025", "0153", "6.71a", "Begrotingswijziging", "3", "15-05-2025", "-250.000"],
    ["2025", "GM0153", "6.2", "wijziging", "4", "", "1,5"],
]


def csv_text(header, rows, delimiter=";", line_end="\r\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def without_bestand(result, table):
    return result.tables[table].drop_columns(["_bestand"])


def assert_counts_add_up(result):
    assert result.rows_in == result.rows_loaded + len(result.quarantine)


# --- value parsers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("-12,5", "-12.5"),
        ("0,01", "0.01"),
        ("1000", "1000"),
        ("12.500.000,00", "12500000"),
        ("+3,10", "3.1"),
        ("-0,00", "0"),
    ],
)
def test_parse_bedrag(text, expected):
    assert parse_bedrag(text, "Bedrag") == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["12.34", "1,234", "1.23,45", "12,345", "abc", "1 234,00", "€ 5,00", "9" * 17, "١٢,٥٠"]
)
def test_parse_bedrag_rejects(text):
    with pytest.raises(RowRejected) as caught:
        parse_bedrag(text, "Bedrag")
    assert caught.value.rule == "bedrag_ongeldig" and caught.value.value == text


@given(st.integers(min_value=-(10**17) + 1, max_value=10**17 - 1))
def test_dutch_amount_round_trip(cents):
    euros, rest = divmod(abs(cents), 100)
    text = ("-" if cents < 0 else "") + f"{euros:,}".replace(",", ".") + f",{rest:02d}"
    assert parse_bedrag(text, "Bedrag") == Decimal(cents).scaleb(-2)


@pytest.mark.parametrize("text", ["05-01-2024", "5-1-2024", "2024-01-05"])
def test_parse_date(text):
    assert parse_date(text, "Datum") == date(2024, 1, 5)


@pytest.mark.parametrize("text", ["31-02-2024", "2024/01/05", "05-01-24", "gisteren"])
def test_parse_date_rejects(text):
    with pytest.raises(RowRejected, match="Datum"):
        parse_date(text, "Datum")


@pytest.mark.parametrize("text", ["0153", "GM0153", "gm0153", "153"])
def test_parse_gemeentecode(text):
    assert parse_gemeentecode(text) == "GM0153"


@pytest.mark.parametrize("text", ["0000", "GM01534", "Utrecht", "GM"])
def test_parse_gemeentecode_rejects(text):
    with pytest.raises(RowRejected):
        parse_gemeentecode(text)


@pytest.mark.parametrize(("text", "expected"), [("6.71a", "6.71a"), ("6.71A", "6.71a"), ("0.10", "0.10")])
def test_parse_taakveld(text, expected):
    assert parse_taakveld(text) == expected


@pytest.mark.parametrize("text", ["6,71", "671", "H6.1", "6.71ab", "6."])
def test_parse_taakveld_rejects(text):
    with pytest.raises(RowRejected):
        parse_taakveld(text)


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
        "omschrijving": "Jeugdhulp januari",
        "bedrag": Decimal("1234.56"),
        "_bestand": str(path),
        "_regel": 2,
    }
    assert second["omschrijving"] == "Correctie; creditnota" and second["bedrag"] == Decimal("-12.50")
    assert third["categorie"] is None and third["boekdatum"] == date(2024, 3, 1)
    assert fourth["taakveld"] == "6.81a" and fourth["crediteurnaam"] == "Ünïcode Straße"


def ledger_variants() -> dict[str, bytes]:
    text = csv_text(LEDGER_HEADER, LEDGER_ROWS)
    order = [9, 3, 0, 2, 1, 8, 7, 6, 5, 4]
    reordered = csv_text(
        [LEDGER_HEADER[i].upper() for i in order] + ["Extra"],
        [[row[i] for i in order] + ["x"] for row in LEDGER_ROWS],
    )
    return {
        "cp1252": text.encode("cp1252"),
        "utf8": text.encode("utf-8"),
        "utf8-bom": text.encode("utf-8-sig"),
        "lf-and-trailing-blank-lines": text.replace("\r\n", "\n").encode("utf-8") + b"\n\n;;;;;;;;;\n \n",
        "reordered-extra-columns": reordered.encode("cp1252"),
        "comma": csv_text(LEDGER_HEADER, LEDGER_ROWS, delimiter=",").encode("utf-8"),
        "tab": csv_text(LEDGER_HEADER, LEDGER_ROWS, delimiter="\t").encode("utf-8-sig"),
    }


def test_ledger_variants_give_identical_tables(tmp_path):
    tables = {}
    for name, data in ledger_variants().items():
        path = write(tmp_path, f"{name}.csv", data)
        assert grootboek.detect(path, data[:2048]), name
        assert not begroting.detect(path, data[:2048]), name
        result = grootboek.read(path, None)
        assert not result.quarantine, (name, result.quarantine)
        tables[name] = without_bestand(result, "grootboek")
    reference = tables.pop("cp1252")
    for name, table in tables.items():
        assert table.equals(reference), name


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
    for row in result.quarantine:
        assert row.content == lines[row.line - 1]
        assert row.file == str(path)
    assert result.tables["grootboek"].column("_regel").to_pylist() == list(range(2, 3 + 2 * len(bad), 2))


def test_trailing_delimiters_are_tolerated(tmp_path):
    text = csv_text(LEDGER_HEADER, [[*LEDGER_ROWS[0], "", ""]])
    result = grootboek.read(write(tmp_path, "g.csv", text.encode()), None)
    assert result.rows_loaded == 1 and not result.quarantine


def test_quoted_line_break_keeps_line_numbers(tmp_path):
    multiline = [*LEDGER_ROWS[0][:8], "regel een\r\nregel twee", LEDGER_ROWS[0][9]]
    broken = [*LEDGER_ROWS[0][:9], "fout"]
    text = csv_text(LEDGER_HEADER, [multiline, broken])
    result = grootboek.read(write(tmp_path, "g.csv", text.encode()), None)
    assert result.tables["grootboek"].column("omschrijving").to_pylist() == ["regel een\r\nregel twee"]
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


# --- the wet column -------------------------------------------------------------------------
# The contract register and the case system each had a map of Wet spellings; base.WET is now the one.
# These are the two maps as they were: every spelling either knew must read as before, in both sources.
_WET_AANBIEDERS_WAS = {
    "jeugd": "jeugd",
    "jeugdwet": "jeugd",
    "jw": "jeugd",
    "ijw": "jeugd",
    "wmo": "wmo",
    "wmo 2015": "wmo",
    "wmo2015": "wmo",
    "iwmo": "wmo",
}
_WET_ZAAKSYSTEEM_WAS = {
    "jeugd": "jeugd",
    "jeugdwet": "jeugd",
    "jw": "jeugd",
    "wmo": "wmo",
    "wmo 2015": "wmo",
    "wmo2015": "wmo",
}
_CONTRACT_HEADER = (
    "AGB-code;KvK-nummer;Naam;Wet;Gemeentecode;Financieringsvorm;Productcategorie;Productcode;"
    "Eenheid;Tarief;Ingangsdatum;Einddatum;Contractplafond"
)
_VOORZIENING_HEADER = (
    "Beschikkingnummer;Gemeentecode;BSN;Wet;DatumAfgifte;Productcategorie;Productcode;"
    "Leveringsvorm;DatumStart;DatumEinde;Toewijzingnummer;PgbBudget"
)


def _wet_read(tmp_path, source, wet: str):
    """(wet column, quarantine) of a one-row contract (aanbieders) or voorziening (zaaksysteem) file."""
    if source is aanbieders:
        line = f"98100011;12345678;Zorg;{wet};0153;inspanningsgericht;45;45A01;04;89,00;01-01-2024;;"
        path = write(tmp_path, "contracten.csv", f"{_CONTRACT_HEADER}\n{line}\n".encode())
        table = "aanbieder_contracten"
    else:
        line = f"B1;0153;111222333;{wet};20-02-2024;2;02A01;ZIN;01-03-2024;;100001;"
        path = write(tmp_path, "voorzieningen.csv", f"{_VOORZIENING_HEADER}\n{line}\n".encode())
        table = "zaak_voorzieningen"
    result = source.read(path, Pseudonymiser(b"w" * 32))
    return result.tables[table].column("wet").to_pylist(), result.quarantine


def test_one_wet_map_keeps_every_spelling_either_map_knew():
    for was in (_WET_AANBIEDERS_WAS, _WET_ZAAKSYSTEEM_WAS):
        assert {spelling: WET.get(spelling) for spelling in was} == was
    assert set(WET.values()) == {"jeugd", "wmo"}
    assert zaaksysteem.WET is WET  # still importable where it was


@pytest.mark.parametrize("source", [aanbieders, zaaksysteem], ids=["aanbieders", "zaaksysteem"])
@pytest.mark.parametrize("spelling", sorted(_WET_AANBIEDERS_WAS.keys() | _WET_ZAAKSYSTEEM_WAS.keys()))
def test_each_wet_spelling_reads_as_before_in_both_sources(tmp_path, source, spelling):
    expected = (_WET_AANBIEDERS_WAS | _WET_ZAAKSYSTEEM_WAS)[spelling]
    for written in (spelling, spelling.upper(), spelling.title()):
        assert _wet_read(tmp_path, source, written) == ([expected], [])


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (aanbieders, "Wet is geen Jeugdwet of Wmo"),
        (zaaksysteem, "Wet is geen bekende waarde"),
    ],
    ids=["aanbieders", "zaaksysteem"],
)
def test_an_unknown_wet_is_still_quarantined_as_before(tmp_path, source, message):
    wet, quarantine = _wet_read(tmp_path, source, "Wlz")
    assert wet == []
    assert [(q.rule, q.message, q.value) for q in quarantine] == [("wet_onbekend", message, "Wlz")]
