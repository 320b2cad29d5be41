"""How the Geld page writes amounts, hidden cells and the data's status, and names its downloads."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import export
from dashboards.components import REDEN_GEHEIM, WETTEN, Keuze
from dashboards.format import LEEG, nl_euro, nl_getal, nl_procent

GEHEIM = "geheim*"
VOORLOPIG = "voorlopig"
WETTEN_EN_TOTAAL = {**WETTEN, "totaal": "Jeugd en Wmo"}


def euro(v) -> str:
    return LEEG if v is None or pd.isna(v) else nl_euro(v)


def mln(v) -> str:
    """Large amounts in millions ('€ 303,6 mln'), smaller ones in full."""
    if v is None or pd.isna(v):
        return LEEG
    return f"€ {nl_getal(v / 1e6, 1)} mln" if abs(v) >= 10_000_000 else nl_euro(v)


def euro_verschil(v) -> str:
    """A signed change, sign first as in nl_verschil: '+€ 200.000', '-€ 12,3 mln'."""
    if v is None or pd.isna(v):
        return LEEG
    teken = "+" if round(v) > 0 else "-" if round(v) < 0 else ""
    return teken + mln(abs(v))


def getal(v) -> str:
    return LEEG if v is None or pd.isna(v) else nl_getal(v)


def pct(v) -> str:
    return LEEG if v is None or pd.isna(v) else nl_procent(v)


def cellen(df: pd.DataFrame, kolom: str, opmaak: Callable = euro) -> list[str]:
    """One column written out per row; a hidden row says geheim, never the number."""
    return [GEHEIM if r.get("onderdrukt", False) else opmaak(r[kolom]) for _, r in df.iterrows()]


def stand(df: pd.DataFrame) -> pd.Series:
    """'voorlopig' or 'definitief' per row."""
    return df["vintage"].map(lambda v: "voorlopig" if v == VOORLOPIG else "definitief")


def redenen(df: pd.DataFrame) -> None:
    """Under a table: why its hidden cells are hidden (the mark in the table points here)."""
    if "onderdrukt" not in df or not df["onderdrukt"].any():
        return
    for reden in df.loc[df["onderdrukt"], "reden_onderdrukt"].fillna("klein_aantal").unique():
        st.caption(f"\\* geheim: {REDEN_GEHEIM.get(reden, REDEN_GEHEIM['klein_aantal'])}")


def voorlopig(df: pd.DataFrame) -> bool:
    return "vintage" in df and (df["vintage"] == VOORLOPIG).any()


def layout(fig: go.Figure, hoogte: int) -> go.Figure:
    fig.update_layout(
        height=hoogte,
        margin={"l": 0, "r": 24, "t": 8, "b": 0},
        separators=",.",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
    )
    return fig


def download(keuze: Keuze, df: pd.DataFrame, naam: str, sleutel: str) -> None:
    """CSV and Excel of a section, named after what it holds, the gemeente and the period."""
    export.downloads(df, f"{naam}_{keuze.gemeentecode}_{keuze.periode}", keuze.toegang.gebruiker, sleutel)
