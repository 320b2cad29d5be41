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


def downloads(df: pd.DataFrame, naam: str, gebruiker: str, sleutel: str) -> None:
    """Two download buttons side by side; the file name says what it holds."""
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            "CSV",
            als_csv(df),
            file_name=f"{naam}.csv",
            mime="text/csv",
            icon=":material/download:",
            key=f"csv-{sleutel}",
            on_click=audit.schrijf,
            args=(gebruiker, "download", f"{naam}.csv"),
        )
        st.download_button(
            "Excel",
            als_excel(df),
            file_name=f"{naam}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
            key=f"xlsx-{sleutel}",
            on_click=audit.schrijf,
            args=(gebruiker, "download", f"{naam}.xlsx"),
        )
