"""Per wijk (beleid and up): a table, since no wijk boundaries are published yet."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.components import Keuze, toon_tabel
from dashboards.queries import verkennen as q
from dashboards.toegang import REGIO
from dashboards.views.verkennen.download import download, export_tabel
from dashboards.views.verkennen.labels import KOLOMMEN, cel, reden, stand_tekst
from dashboards.views.verkennen.toelichting import toelichting


def toon_wijken(keuze: Keuze, ind: pd.Series, periode: str) -> None:
    """Beleid and up: a table per wijk (no wijk boundaries are published yet, so no wijk map)."""
    toegang, eenheid = keuze.toegang, ind["eenheid"]
    if not toegang.wijken:
        return
    st.subheader("Per wijk", divider="gray")
    if not q.heeft_wijken(toegang, keuze.snapshot, ind["indicator_id"], keuze.periode_type):
        st.caption("Voor deze indicator zijn (nog) geen cijfers per wijk gepubliceerd.")
        return
    wijken = q.per_wijk(*keuze.query_args, ind["indicator_id"])
    if wijken.empty:
        st.info(f"Voor {keuze.gebied} zijn er in {periode} geen cijfers per wijk.", icon=":material/info:")
        return
    wijken["onderdrukt"] = wijken["onderdrukt"].astype(bool)
    links, rechts = st.columns([3, 2], gap="medium")
    with links:
        tabel = pd.DataFrame(
            {
                "Gemeente": wijken["gemeentenaam"],
                "Wijk": wijken["wijkcode"],
                "Waarde": [cel(r, eenheid) for _, r in wijken.iterrows()],
                "Stand": [stand_tekst(r) for _, r in wijken.iterrows()],
            }
        )
        if wijken["onderdrukt"].any():
            tabel["Waarom geheim"] = [reden(r) for _, r in wijken.iterrows()]
        if keuze.gemeentecode != REGIO:
            tabel = tabel.drop(columns="Gemeente")
        toon_tabel(tabel, "verkennen-tabel-wijken", column_config=KOLOMMEN)
        st.caption("Er zijn nog geen wijkgrenzen gepubliceerd; daarom een tabel in plaats van een kaart.")
        download(keuze, ind, export_tabel(wijken, ["gemeentecode", "gemeentenaam", "wijkcode"]), "per_wijk", "wijken")
    with rechts:
        toelichting(ind, periode, wijken.iloc[0], "wijken")
