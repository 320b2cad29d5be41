"""Downloads of every table and chart's data as CSV and Excel, safe to open in a spreadsheet.

Text that a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage return) is
prefixed with an apostrophe, so a name like ``=HYPERLINK(...)`` in an aanbieder field stays text.
Each download is written to the audit log.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import streamlit as st

from dashboards import audit

_FORMULE = re.compile(r"^[=+\-@\t\r]")


def neutraliseer(df: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every text cell that could start a formula begins with an apostrophe."""
    uit = df.copy()
    for kolom in uit.columns:
        if uit[kolom].dtype == object or pd.api.types.is_string_dtype(uit[kolom]):
            uit[kolom] = uit[kolom].map(lambda v: f"'{v}" if isinstance(v, str) and _FORMULE.match(v) else v)
    uit.columns = [f"'{k}" if isinstance(k, str) and _FORMULE.match(k) else k for k in uit.columns]
    return uit


def als_csv(df: pd.DataFrame) -> bytes:
    """Semicolon-separated with decimal commas and a BOM: opens correctly in Dutch Excel."""
    return neutraliseer(df).to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def als_excel(df: pd.DataFrame, blad: str = "Stuurwiel") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(
        buffer, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}
    ) as xl:
        neutraliseer(df).to_excel(xl, sheet_name=blad[:31], index=False)
    return buffer.getvalue()


# Button label -> (file extension, MIME type, writer).
_SOORTEN = {
    "CSV": ("csv", "text/csv", als_csv),
    "Excel": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", als_excel),
}


def downloads(df: pd.DataFrame, naam: str, gebruiker: str, sleutel: str) -> None:
    """Two download buttons side by side; the file name says what it holds."""
    with st.container(horizontal=True, gap="small"):
        for label, (extensie, mime, schrijf) in _SOORTEN.items():
            bestand = f"{naam}.{extensie}"
            st.download_button(
                label,
                schrijf(df),
                file_name=bestand,
                mime=mime,
                icon=":material/download:",
                key=f"{extensie}-{sleutel}",
                on_click=audit.schrijf,
                args=(gebruiker, "download", bestand),
            )
