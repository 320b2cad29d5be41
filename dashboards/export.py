"""Downloads of every table and chart's data as CSV and Excel, safe to open in a spreadsheet.

Text that a spreadsheet would read as a formula (starting with =, +, -, @, tab, carriage return or line
feed, also after leading white space or as their full-width forms) is prefixed with an apostrophe, so a name
like ``=HYPERLINK(...)`` in an aanbieder field stays text; numbers stay numbers, negative ones too. A line
break in text becomes a space, so no reader of the CSV, however it splits lines, sees a row that starts
inside a label (a bare carriage return followed by a formula); other control characters (NUL, the escape
of an ANSI colour code) are dropped. An Excel cell holds at most 32,767 characters: longer text is cut
there, visibly.
Each download is written to the audit log.
"""

from __future__ import annotations

import functools
import io
import re

import pandas as pd
import streamlit as st

from dashboards import audit

_FORMULE = re.compile(r"^(?:\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|\t)")
_REGELEINDE = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_BESTURING = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # control characters but tab (and the line ends above)
EXCEL_MAX_TEKST = 32_767
_AFGEKAPT = "…"


def _veilig(waarde: object) -> object:
    """Text without control characters, with an apostrophe before anything a spreadsheet would evaluate."""
    if not isinstance(waarde, str):
        return waarde
    tekst = _BESTURING.sub("", _REGELEINDE.sub(" ", waarde))
    return f"'{tekst}" if _FORMULE.match(tekst) else tekst


def neutraliseer(df: pd.DataFrame) -> pd.DataFrame:
    """A copy in which no text cell or column name can start a formula or carries a control character."""
    uit = df.copy()
    for kolom in uit.columns:
        if not pd.api.types.is_numeric_dtype(uit[kolom]) and not pd.api.types.is_datetime64_any_dtype(uit[kolom]):
            uit[kolom] = uit[kolom].map(_veilig)
    uit.columns = [_veilig(k) for k in uit.columns]
    return uit


def als_csv(df: pd.DataFrame) -> bytes:
    """Semicolon-separated with decimal commas, CRLF and a BOM: opens correctly in Dutch Excel."""
    return neutraliseer(df).to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n").encode("utf-8-sig")


def _afgekapt(waarde: object) -> object:
    if isinstance(waarde, str) and len(waarde) > EXCEL_MAX_TEKST:
        return waarde[: EXCEL_MAX_TEKST - len(_AFGEKAPT)] + _AFGEKAPT
    return waarde


def als_excel(df: pd.DataFrame, blad: str = "Stuurwiel") -> bytes:
    buffer = io.BytesIO()
    veilig = neutraliseer(df)
    for kolom in veilig.columns:
        if veilig[kolom].dtype == object or pd.api.types.is_string_dtype(veilig[kolom]):
            veilig[kolom] = veilig[kolom].map(_afgekapt)
    with pd.ExcelWriter(
        buffer, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}
    ) as xl:
        veilig.to_excel(xl, sheet_name=blad[:31], index=False)
    return buffer.getvalue()


# Button label -> (file extension, MIME type, writer).
_SOORTEN = {
    "CSV": ("csv", "text/csv", als_csv),
    "Excel": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", als_excel),
}


def downloads(df: pd.DataFrame, naam: str, gebruiker: str, sleutel: str) -> None:
    """Two download buttons side by side; the file name says what it holds.

    The file is written when its button is clicked, not on every run of the page: a page has up to a dozen
    tables, and writing each as an Excel workbook up front took about half a second a page.
    """
    gegevens = df.copy()  # the table as shown now (copy-on-write: nothing is copied until someone writes)
    with st.container(horizontal=True, gap="small"):
        for label, (extensie, mime, schrijf) in _SOORTEN.items():
            bestand = f"{naam}.{extensie}"
            st.download_button(
                label,
                functools.partial(schrijf, gegevens),
                file_name=bestand,
                mime=mime,
                icon=":material/download:",
                key=f"{extensie}-{sleutel}",
                on_click=audit.schrijf,
                args=(gebruiker, "download", bestand),
            )
