"""Verkennen: one indicator explored by gemeente (map), breakdown, wijk and over time, for policy advisors.

The sidebar adds the indicator, the breakdown and (for region users) comparison gemeenten to the shared
filters; all of them live in the URL, so the Stuurwiel overview can link here and a view can be shared.
Beside every chart stands what a reader needs to judge it: definition, formula, sources, norm, how
complete the period is, caveats and the CBS figure. Hidden cells are marked "geheim" with the reason;
provisional values are marked, never coloured by status.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import data
from dashboards.components import RICHTING, Keuze
from dashboards.format import nl_periode, nl_waarde
from dashboards.queries import verkennen as q
from dashboards.toegang import REGIO
from dashboards.views.verkennen.kaart import toon_gemeenten
from dashboards.views.verkennen.labels import LAGEN, UITSPLITSINGEN, cel, reden, rij_van, stand_tekst
from dashboards.views.verkennen.trend import toon_trend
from dashboards.views.verkennen.uitsplitsing import toon_uitsplitsing
from dashboards.views.verkennen.wijken import toon_wijken
from dashboards.views.verkennen.zijbalk import (
    kies_indicator,
    kies_uitsplitsing,
    kies_vergelijking,
    ontbrekende_uitsplitsingen,
)


def samenvatting(keuze: Keuze, ind: pd.Series, stand: pd.DataFrame, periode: str) -> None:
    """One line with the chosen area's value, the region, the comparable gemeenten and the norm."""
    eenheid = ind["eenheid"]
    eigen, regio = rij_van(stand, keuze.gemeentecode), rij_van(stand, REGIO)
    delen = []
    if eigen is not None:
        waarde = cel(eigen, eenheid).removesuffix(" *")  # the status follows in words
        delen.append(f"**{keuze.gebied}: {waarde}** ({stand_tekst(eigen)})")
    if keuze.gemeentecode != REGIO and regio is not None:
        delen.append(f"Hele regio: {cel(regio, eenheid)}")
    if eigen is not None and pd.notna(eigen["waarde_vergelijkingsgroep"]):
        delen.append(f"Vergelijkbare gemeenten: {nl_waarde(eigen['waarde_vergelijkingsgroep'], eenheid)}")
    norm = eigen["norm"] if eigen is not None and pd.notna(eigen["norm"]) else ind["norm"]
    if pd.notna(norm):
        delen.append(f"Norm: {nl_waarde(norm, eenheid)}")
    st.markdown(" · ".join(delen))
    if eigen is not None and eigen["onderdrukt"]:
        st.caption(f"{keuze.gebied} {periode} is geheim: {reden(eigen)}")


def main(keuze: Keuze) -> None:
    toegang, snapshot = keuze.toegang, keuze.snapshot
    data.eis_gemeente(toegang, snapshot, keuze.gemeentecode)
    indicatoren = q.indicatoren(toegang, snapshot)
    if indicatoren.empty:
        st.info("Er zijn nog geen indicatoren gepubliceerd.", icon=":material/hourglass_empty:")
        return
    indicator_id = kies_indicator(indicatoren)
    ind = indicatoren[indicatoren["indicator_id"] == indicator_id].iloc[0]
    beschikbaar = q.uitsplitsingen(toegang, snapshot, indicator_id, keuze.periode_type)
    dimensie, geweigerd = kies_uitsplitsing(beschikbaar)
    ontbreekt = ontbrekende_uitsplitsingen(toegang, beschikbaar)
    if ontbreekt:
        st.sidebar.caption(
            "Deze indicator kent geen uitsplitsing naar "
            + ", ".join(UITSPLITSINGEN[d].lower() for d in ontbreekt)
            + "."
        )
    vergelijk = kies_vergelijking(toegang, data.gemeenten(toegang, snapshot), keuze.gemeentecode)

    periode = nl_periode(keuze.periode, keuze.periode_type)
    st.title(ind["naam"])
    stand = q.per_gemeente(toegang, snapshot, indicator_id, keuze.periode, keuze.periode_type)
    stand["onderdrukt"] = stand["onderdrukt"].fillna(False).astype(bool)
    st.caption(
        " · ".join(
            [
                keuze.gebied,
                periode,
                LAGEN.get(ind["laag"], ind["laag"]),
                f"eenheid: {ind['eenheid']}",
                RICHTING.get(ind["richting"], "geen voorkeursrichting"),
            ]
        )
    )
    samenvatting(keuze, ind, stand, periode)
    if geweigerd:
        st.info(
            f"Deze indicator heeft geen uitsplitsing naar {UITSPLITSINGEN.get(geweigerd, geweigerd).lower()}"
            + (" die u mag inzien" if geweigerd == "aanbieder" else "")
            + "; u ziet het totaal.",
            icon=":material/info:",
        )
    toon_gemeenten(keuze, ind, stand, periode)
    toon_uitsplitsing(keuze, ind, dimensie, beschikbaar, periode)
    toon_trend(keuze, ind, vergelijk, periode)
    toon_wijken(keuze, ind, periode)


main(st.session_state["keuze"])
