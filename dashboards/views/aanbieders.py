"""Aanbieders: contract management. Per care provider its figures against the contract, the norm and the region.

An overview table (one row per aanbieder, the all-aanbieders totals of the gemeente and the region on top)
and the detail of one aanbieder, kept in the URL as ?aanbieder=<AGB code>: contract ceiling use with the
70% signal of the Contractstandaarden, the trend of beëindigd volgens plan, and the wait-time
distribution (p80-p95) against the norm. Hidden cells show "geheim" with the reason; provisional values
are marked and get no status colour.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.components import Keuze
from dashboards.format import nl_periode
from dashboards.queries import aanbieders as q
from dashboards.toegang import Pagina
from dashboards.views.aanbieders.detail import kies_aanbieder, toon_detail
from dashboards.views.aanbieders.opmaak import BEEINDIGD, STARTS
from dashboards.views.aanbieders.overzicht import (
    aanbieders_van,
    overzicht_kolommen,
    toon_overzicht,
    toon_plafondsignaal,
)


def main() -> None:
    keuze: Keuze = st.session_state["keuze"]
    toegang = keuze.toegang
    st.title("Aanbieders")
    if not toegang.mag(Pagina.AANBIEDERS):  # the app does not list the page; data.py would refuse anyway
        st.error("Deze pagina is alleen voor beleid, controllers en beheer.", icon=":material/block:")
        return
    periode_tekst = nl_periode(keuze.periode, keuze.periode_type)
    st.caption(
        f"{keuze.gebied} · {periode_tekst}. Contractmanagement: de cijfers per aanbieder naast het contract, "
        "de norm en alle aanbieders samen."
    )

    indicatoren = q.indicatoren(toegang, keuze.snapshot).set_index("indicator_id")
    rijen = q.overzicht(*keuze.query_args)
    if rijen.empty:
        st.info(f"Geen cijfers per aanbieder voor {keuze.gebied} in {periode_tekst}.", icon=":material/info:")
        _niet_per_aanbieder(indicatoren)
        return
    totalen = q.totalen(*keuze.query_args)
    kolommen = overzicht_kolommen(rijen)
    aanbieders = aanbieders_van(rijen)

    toon_plafondsignaal(rijen, aanbieders)
    volgorde = toon_overzicht(keuze, rijen, totalen, indicatoren, kolommen, aanbieders)
    agb = kies_aanbieder(volgorde, aanbieders)
    toon_detail(keuze, agb, aanbieders.loc[agb], rijen, totalen, indicatoren)
    _niet_per_aanbieder(indicatoren)


def _niet_per_aanbieder(indicatoren: pd.DataFrame) -> None:
    ontbreekt = [
        label
        for i, label in q.GEVRAAGD.items()
        if not (i in indicatoren.index and bool(indicatoren.at[i, "per_aanbieder"]))
    ]
    if not ontbreekt:
        return
    st.info(
        "**Nog niet per aanbieder beschikbaar:** " + ", ".join(ontbreekt) + ". Deze cijfers bestaan alleen voor de "
        f"gemeente als geheel (pagina Stuurwiel). Als aanwijzing voor het volume toont de tabel '{STARTS}' "
        f"(zorgstarts) en '{BEEINDIGD}' (beëindigde trajecten).",
        icon=":material/info:",
    )


main()
