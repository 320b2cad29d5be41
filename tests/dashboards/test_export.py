"""Downloads open safely in a spreadsheet: formula-like text stays text, Dutch CSV conventions."""

import io

import pandas as pd
from openpyxl import load_workbook

from dashboards.export import als_csv, als_excel, neutraliseer

GEVAARLIJK = pd.DataFrame(
    {
        "aanbieder": ['=HYPERLINK("http://x","klik")', "+31 6", "-2+3", "@SUM(A1)", "Zorg BV"],
        "bedrag": [1234.5, 2.0, 3.0, 4.0, 5.0],
    }
)


def test_formula_like_text_is_prefixed():
    uit = neutraliseer(GEVAARLIJK)
    assert uit["aanbieder"].tolist() == ['\'=HYPERLINK("http://x","klik")', "'+31 6", "'-2+3", "'@SUM(A1)", "Zorg BV"]
    assert uit["bedrag"].tolist() == GEVAARLIJK["bedrag"].tolist()


def test_csv_is_semicolon_separated_with_decimal_commas():
    tekst = als_csv(GEVAARLIJK).decode("utf-8-sig")
    assert tekst.splitlines()[0] == "aanbieder;bedrag"
    assert tekst.splitlines()[1].endswith(";1234,5")
    assert "\\n=" not in tekst and not tekst.startswith("=")


def test_excel_holds_no_formula():
    boek = load_workbook(io.BytesIO(als_excel(GEVAARLIJK)))
    cellen = [c.value for rij in boek.active.iter_rows() for c in rij]
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in cellen)
    assert '\'=HYPERLINK("http://x","klik")' in cellen and 1234.5 in cellen
