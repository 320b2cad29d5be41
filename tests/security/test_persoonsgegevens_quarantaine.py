"""What a quarantined row shows: enough to find the fault, never a BSN (in any spelling), a name, an address,
a phone number or free text. And what a reader keeps: no column a model does not need that may name a person.

Each test hands a reader a delivery that puts personal data where it does not belong and looks for it in every
quarantine field (content and value) and in the rows loaded. The scan over a whole load is
tests/security/test_persoonsgegevens_scan.py.
"""

from __future__ import annotations

import re

import duckdb
from hypothesis import given
from hypothesis import strategies as st

from demo.zaak_files import ZAAKSYSTEEM
from pipelines import migratie
from pipelines.privacy import BSN_MASK, WEGGELATEN, Pseudonymiser, elfproef, mask_elfproef
from pipelines.sources import berichten, grootboek, zaaksysteem
from pipelines.warehouse import Warehouse
from tests.pipelines.sources.berichten_files import JW315, make_zip
from tests.pipelines.sources.files import csv_text, write

PS = Pseudonymiser(b"q" * 32)
BSN, ANDER = "123456782", "111222333"  # both pass the elfproef
NAAM, ADRES, TELEFOON = "Hostiela Qwizelbrink", "Qwizelstraat 7", "06-87654321"
GEHEIM = (BSN, "123.456.782", "1234 56 782", ANDER, "Hostiela", "Qwizelbrink", "Qwizelstraat", "87654321")


def _everything_shown(result) -> str:
    return "\n".join(f"{q.content}\n{q.value}\n{q.message}" for q in result.quarantine)


def _leaks(text: str) -> list[str]:
    return [secret for secret in GEHEIM if secret in text]


# --- BSN spellings ---------------------------------------------------------------------------------------------


def _with_check_digit(first_eight: str) -> str:
    total = sum(int(d) * w for d, w in zip(first_eight, range(9, 1, -1), strict=True))
    return first_eight + str(total % 11)


valid_bsns = st.from_regex(r"\A[0-9]{8}\Z").map(_with_check_digit).filter(lambda b: len(b) == 9 and elfproef(b))


def _grouped(bsn: str, cuts: list[int], separator: str) -> str:
    pieces, start = [], 0
    for cut in sorted(set(cuts)):
        pieces.append(bsn[start:cut])
        start = cut
    return separator.join([*pieces, bsn[start:]])


@given(
    valid_bsns,
    st.lists(st.integers(1, 8), max_size=3),
    st.sampled_from([".", " "]),
    st.text(alphabet="abc ;-:/", max_size=8),
    st.text(alphabet="abc ;-:/", max_size=8),
)
def test_every_spelling_of_a_bsn_is_masked_wherever_it_sits(bsn, cuts, separator, before, after):
    spelled = _grouped(bsn, cuts, separator)
    masked = mask_elfproef(f"{before}{spelled}{after}")
    assert re.sub(r"\D", "", spelled) == bsn
    assert bsn not in re.sub(r"[. ]", "", masked) and BSN_MASK in masked


def test_dates_amounts_and_other_numbers_stay_readable():
    text = "01-03-2024; 1.234,56; 2024; AGB 12345678; tel 0612345678; 45A03"
    assert mask_elfproef(text) == text  # 12345678 fails the elfproef; the phone number has ten digits


# --- the case-system export --------------------------------------------------------------------------------------

MELDINGEN = ZAAKSYSTEEM["meldingen"]


def _melding(identificatie: str, bsn: str, datum: str = "04-01-2024") -> list[str]:
    return [identificatie, "0153", bsn, "Wmo", datum, "", "", "", "", ""]


def test_a_case_export_with_names_dotted_bsns_and_bsns_in_the_wrong_column(tmp_path):
    header = [*MELDINGEN.header, "Naam", "Adres", "Telefoon"]
    rows = [
        _melding("M1", ANDER) + [NAAM, ADRES, TELEFOON],  # good: loaded, the extra columns are not
        _melding("M2", "123.456.782") + [NAAM, ADRES, TELEFOON],  # a dotted BSN
        _melding("M3", NAAM, datum=BSN) + [NAAM, ADRES, TELEFOON],  # BSN and name swapped into other columns
        _melding("M4", "1234 56 782") + [NAAM, ADRES, TELEFOON],  # a spaced BSN
        _melding("M5", ANDER)[:-2] + [NAAM, ADRES, TELEFOON],  # too few fields: names may have moved
    ]
    path = write(tmp_path, MELDINGEN.file, csv_text(header, rows).encode("cp1252"))
    result = zaaksysteem.read(path, PS)
    assert [q.line for q in result.quarantine] == [3, 4, 5, 6]
    assert _leaks(_everything_shown(result)) == []
    assert WEGGELATEN in result.quarantine[0].content and "M2" in result.quarantine[0].content, "still findable"
    loaded = result.tables["zaak_meldingen"]
    assert "naam" not in loaded.column_names and _leaks(str(loaded.to_pylist())) == []


# --- the ledger ----------------------------------------------------------------------------------------------------

LEDGER = ["2024", "05-01-2024", "0153", "6.71a", "4.3.8", "KP100", "200001", "Zorg B.V."]


def test_the_ledger_omschrijving_is_neither_stored_nor_shown(tmp_path):
    tekst = f"Declaratie {NAAM}, BSN 123.456.782, {ADRES}"
    rows = [[*LEDGER, tekst, "1.234,56"], [*LEDGER, tekst, "12.34"], [*LEDGER, tekst, "1,00", "extra"]]
    header = ["Boekjaar", "Boekdatum", "Gemeentecode", "Taakveld", "Categorie", "Kostenplaats"]
    header += ["Crediteurnummer", "Crediteurnaam", "Omschrijving", "Bedrag"]
    result = grootboek.read(write(tmp_path, "grootboek.csv", csv_text(header, rows).encode("cp1252")), None)
    assert [q.rule for q in result.quarantine] == ["bedrag_ongeldig", "aantal_kolommen"]
    assert _leaks(_everything_shown(result)) == []
    [row] = result.tables["grootboek"].to_pylist()
    assert "omschrijving" not in row and _leaks(str(row)) == []


def test_an_existing_warehouse_loses_the_stored_omschrijving(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:  # as an earlier release left it
        con.execute("create schema raw")
        con.execute("create table raw.grootboek (boekjaar integer, omschrijving varchar, _load_id varchar)")
        con.execute("insert into raw.grootboek values (2024, ?, 'l1')", [f"Declaratie {NAAM}"])
    migratie.bijwerken(path)  # what every run does first (pipelines/resources.py)
    Warehouse(path).ensure_schema()
    with duckdb.connect(str(path), read_only=True) as con:
        columns = [c for c, *_ in con.execute("describe raw.grootboek").fetchall()]
        assert "omschrijving" not in columns
        assert con.execute("select boekjaar from raw.grootboek").fetchall() == [(2024,)], "the rest stays"


# --- messages ----------------------------------------------------------------------------------------------------


def test_a_quarantined_315_shows_no_verwijzer_name_and_no_bsn(tmp_path):
    hostile = (
        JW315.replace(b"<jw315:ToewijzingIngangsdatum>2026-04-01<", b"<jw315:ToewijzingIngangsdatum>2026-02-30<", 1)
        .replace(b"Huisarts Jansen", NAAM.encode())
        .replace(b"<jw315:BeschikkingNummer>2026017<", f"<jw315:BeschikkingNummer>{ANDER}<".encode())
    )
    result = berichten.read(make_zip(tmp_path, {"jw315.xml": hostile}), PS)
    [quarantined] = result.quarantine
    assert _leaks(_everything_shown(result)) == [] and "999900006" not in quarantined.content
    assert "45A03" in quarantined.content and f"Naam>{WEGGELATEN}<" in quarantined.content, "findable, name masked"
