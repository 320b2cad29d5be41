"""What the set-based CSV reader (csvreader.py + csvregels.py) must get right beyond the per-source rules:
Windows-1252 where DuckDB's latin-1 differs, white space around fields, exact line numbers where DuckDB
skips or spans lines, and no BSN in the quarantine."""

from __future__ import annotations

from decimal import Decimal

import pytest

from demo import writers
from demo.zaak_files import ZAAKSYSTEEM
from pipelines.privacy import BSN_MASK, WEGGELATEN, Pseudonymiser
from pipelines.sources import brp, grootboek, zaaksysteem
from tests.pipelines.sources.files import assert_counts_add_up, csv_text, write

LEDGER_HEADER = writers.GROOTBOEK_HEADER
GOOD = ["2024", "05-01-2024", "0153", "6.71a", "4.3.8", "KP100", "200001", "Zorg B.V.", "Jeugdhulp", "1.234,56"]
PS = Pseudonymiser(b"e" * 32)


def _ledger(tmp_path, rows, encoding="cp1252", name="grootboek.csv"):
    path = write(tmp_path, name, csv_text(LEDGER_HEADER, rows).encode(encoding))
    return path, grootboek.read(path, None)


def test_windows_1252_bytes_0x80_to_0x9f_read_as_windows_1252(tmp_path):
    # 0x80 is the euro sign, 0x93/0x94 curly quotes, 0x85 an ellipsis: latin-1 would give control characters.
    name, text = "€ Zorg “Het Huis”", "Declaratie … januari – februari"
    _, result = _ledger(tmp_path, [[*GOOD[:4], text, *GOOD[5:7], name, *GOOD[8:]]])
    [row] = result.tables["grootboek"].to_pylist()
    assert (row["crediteurnaam"], row["categorie"]) == (name, text)


def test_white_space_around_fields_is_stripped(tmp_path):
    nbsp = "\u00a0"
    padded = [f" {GOOD[0]}", f"{GOOD[1]}\t", f"{nbsp}{GOOD[2]}", GOOD[3], " ", *GOOD[5:9], f"{GOOD[9]}{nbsp} "]
    _, result = _ledger(tmp_path, [padded, GOOD])
    assert not result.quarantine
    first, second = result.tables["grootboek"].drop_columns(["_regel"]).to_pylist()
    assert first == second | {"categorie": None}
    assert first["bedrag"] == Decimal("1234.56")


def test_line_numbers_count_empty_lines_and_quoted_line_breaks(tmp_path):
    multiline = [*GOOD[:7], "regel een\nregel twee\n\nregel vier", *GOOD[8:]]
    bad_date = [GOOD[0], "31-02-2024", *GOOD[2:]]
    bad_amount = [*GOOD[:9], "12.34"]
    header = csv_text(LEDGER_HEADER, []).encode()
    body = b"".join(csv_text([], [row]).encode()[2:] for row in (GOOD, multiline, bad_date))
    data = header + b"\r\n" + body + b"\r\n\r\n" + csv_text([], [bad_amount]).encode()[2:] + b"\r\n"
    # line 1 header, 2 empty, 3 GOOD, 4-7 the multi-line record, 8 bad date, 9-10 empty, 11 bad amount
    path = write(tmp_path, "grootboek.csv", data)
    result = grootboek.read(path, None)
    assert_counts_add_up(result)
    assert result.tables["grootboek"].column("_regel").to_pylist() == [3, 4]
    assert [(q.line, q.rule) for q in result.quarantine] == [(8, "datum_ongeldig"), (11, "bedrag_ongeldig")]
    # as delivered, but for the omschrijving: free text, never shown with a quarantined row
    assert [q.content for q in result.quarantine] == [
        ";".join([*bad_date[:8], WEGGELATEN, bad_date[9]]),
        ";".join([*bad_amount[:8], WEGGELATEN, bad_amount[9]]),
    ]
    assert result.tables["grootboek"].column("crediteurnaam").to_pylist()[1] == multiline[7]


def test_a_row_with_many_extra_fields_is_quarantined_with_its_count(tmp_path):
    _, result = _ledger(tmp_path, [GOOD, [*GOOD, "", "", "x", "", "", "y"], [*GOOD, "", "", ""]])
    assert [(q.line, q.rule, q.message, q.value) for q in result.quarantine] == [
        (3, "aantal_kolommen", "16 kolommen, verwacht 10", "16")
    ]
    assert result.rows_loaded == 2  # empty extra fields are tolerated


def test_no_bsn_reaches_the_quarantine(tmp_path):
    header = ZAAKSYSTEEM["meldingen"].header
    bsn = "111222333"
    moved = ["M1", "0153", "Wmo", bsn, "04-01-2024", "", "", "", "", ""]  # BSN in the Wet column
    path = write(tmp_path, "meldingen.csv", csv_text(header, [moved]).encode("cp1252"))
    [row] = zaaksysteem.read(path, PS).quarantine
    assert bsn not in row.content and BSN_MASK in row.content
    assert (row.rule, row.value) == ("bsn_elfproef", BSN_MASK)


def test_each_distinct_bsn_becomes_the_pseudonymisers_pseudonym(tmp_path):
    header = ZAAKSYSTEEM["doelen"].header
    bsns = ["111222333", "12345672", "111222333"]  # 8 digits: a BSN that lost its leading zero
    rows = [[f"B{i}", "0153", b, "1", "Zelfzorg", "01-02-2024", "", ""] for i, b in enumerate(bsns)]
    path = write(tmp_path, "doelen.csv", csv_text(header, rows).encode("utf-8"))
    result = zaaksysteem.read(path, PS)
    assert result.tables["zaak_doelen"].column("client_id").to_pylist() == [
        PS.pseudonym("111222333"),
        PS.pseudonym("012345672"),
        PS.pseudonym("111222333"),
    ]


@pytest.mark.parametrize("empty_line_first", [False, True])
def test_a_duplicate_key_is_found_across_empty_lines(tmp_path, empty_line_first):
    rows = [["0153", "", "01-01-2025", "0", "10"], ["153", "", "2025-01-01", "0", "11"]]
    text = csv_text(brp.COLUMNS, rows)
    if empty_line_first:
        text = text.replace("\r\n", "\r\n\r\n", 1)
    result = brp.read(write(tmp_path, "brp.csv", text.encode()))
    assert [(q.line, q.rule) for q in result.quarantine] == [(4 if empty_line_first else 3, "dubbele_sleutel")]
