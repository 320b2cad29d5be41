"""The data behind a Verkennen section as CSV and Excel: numbers stay numbers, hidden cells stay empty."""

from __future__ import annotations

import pandas as pd

from dashboards.components import Keuze
from dashboards.export import downloads
from dashboards.noemer import ja_nee
from dashboards.views.verkennen.labels import reden


def download(keuze: Keuze, ind: pd.Series, tabel: pd.DataFrame, wat: str, sleutel: str) -> None:
    """Download buttons for one section; the file is named after the indicator, `wat`, gemeente and period."""
    downloads(
        tabel,
        f"{ind['indicator_id']}_{wat}_{keuze.gemeentecode}_{keuze.periode_type}_{keuze.periode:%Y-%m}",
        keuze.toegang.gebruiker,
        sleutel,
    )


def export_tabel(df: pd.DataFrame, sleutels: list[str]) -> pd.DataFrame:
    """The chart's data: numbers stay numbers, a hidden cell is empty with geheim = ja and its reason."""
    geheim = df["onderdrukt"].astype(bool)
    uit = df[[k for k in sleutels if k in df.columns]].copy()
    for kolom in ("waarde", "teller", "noemer", "norm", "waarde_regio", "waarde_vergelijkingsgroep"):
        if kolom in df.columns:
            uit[kolom] = df[kolom].where(~geheim)
    uit["geheim"] = geheim.map({True: "ja", False: "nee"})
    uit["reden_geheim"] = [reden(r) for _, r in df.iterrows()]
    uit["noemer_geschat"] = ja_nee(df)
    uit["stand"] = df["vintage"]
    uit["volledigheid"] = df["volledigheid"]
    return uit
