"""The shared parts of the CSV readers: value rules (csvregels.py) and the one map of wet spellings (base.WET)."""

from datetime import date
from decimal import Decimal

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from demo import writers
from demo.zaak_files import ZAAKSYSTEEM
from pipelines.privacy import Pseudonymiser
from pipelines.sources import aanbieders, csvregels, zaaksysteem
from pipelines.sources.base import WET, RowRejected
from tests.pipelines.sources.files import write

# --- value rules ----------------------------------------------------------------------------
# Each rule is SQL; ``_evaluate`` runs one on a single field the way the reader runs it on a file:
# the typed value, or the first rule it breaks (raised as RowRejected, with the value reported).


def _evaluate(kolom: csvregels.Kolom, text: str):
    con = duckdb.connect()
    for macro in csvregels.MACROS:
        con.execute(macro)
    broken = ", ".join(f"coalesce({r.fout}, false)" for r in kolom.regels) or "false"
    reported = ", ".join(f"{r.waarde}::varchar" for r in kolom.regels) or "null"
    value, failed, values = con.execute(
        f"select {kolom.sql}, [{broken}], [{reported}] from (select ?::varchar as v)", [text]
    ).fetchone()
    for regel, fails, reports in zip(kolom.regels, failed, values, strict=False):
        if fails:
            raise RowRejected(regel.rule, regel.message, reports)
    return value


def parse_bedrag(text: str, veld: str):
    return _evaluate(csvregels.parse_bedrag("v", veld), text)


def parse_date(text: str, veld: str):
    return _evaluate(csvregels.parse_date("v", veld), text)


def parse_gemeentecode(text: str):
    return _evaluate(csvregels.parse_gemeentecode("v"), text)


def parse_taakveld(text: str):
    return _evaluate(csvregels.parse_taakveld("v"), text)


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


# --- the wet column -------------------------------------------------------------------------


def _spellings(jeugd: tuple[str, ...], wmo: tuple[str, ...]) -> dict[str, str]:
    return dict.fromkeys(jeugd, "jeugd") | dict.fromkeys(wmo, "wmo")


# The contract register and the case system each had a map of Wet spellings; base.WET is now the one.
# These are the two maps as they were: every spelling either knew must read as before, in both sources.
_WET_AANBIEDERS_WAS = _spellings(("jeugd", "jeugdwet", "jw", "ijw"), ("wmo", "wmo 2015", "wmo2015", "iwmo"))
_WET_ZAAKSYSTEEM_WAS = _spellings(("jeugd", "jeugdwet", "jw"), ("wmo", "wmo 2015", "wmo2015"))
_CONTRACT_HEADER = ";".join(writers.AANBIEDERS_HEADER)
_VOORZIENING_HEADER = ";".join(ZAAKSYSTEEM["voorzieningen"].header)


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
