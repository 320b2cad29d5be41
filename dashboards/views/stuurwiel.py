"""Overzicht: the four layers of the steering model side by side for one gemeente and month."""

from datetime import date

import streamlit as st

from dashboards import data
from dashboards.components import LAGEN, PLOTLY_CONFIG, Keuze, indicator_tegel, laag_kop, taakveld_figuur
from dashboards.format import nl_periode


def toon_lagen(keuze: Keuze) -> None:
    stand = data.stand(keuze.snapshot, keuze.gemeentecode, keuze.periode, keuze.periode_type)
    trends = data.trends(keuze.snapshot, keuze.gemeentecode, keuze.periode, periode_type=keuze.periode_type)
    for kolom, laag in zip(st.columns(len(LAGEN), gap="small"), LAGEN):
        with kolom:
            laag_kop(laag)
            indicatoren = stand[stand["laag"] == laag].sort_values("volgorde")
            if indicatoren.empty:
                st.caption("Nog geen indicatoren in deze laag.")
            for _, indicator in indicatoren.iterrows():
                trend = trends[trends["indicator_id"] == indicator["indicator_id"]]
                indicator_tegel(indicator, trend, keuze.periode_type)


def toon_taakvelden(keuze: Keuze) -> None:
    taakvelden = data.taakvelden(keuze.snapshot, keuze.gemeentecode, keuze.periode, keuze.periode_type)
    st.subheader("Geld per taakveld", divider="gray")
    if taakvelden.empty:
        st.caption("Geen verdeling per taakveld voor deze periode.")
    periode = nl_periode(keuze.periode, keuze.periode_type)
    for indicator_id, groep in taakvelden.groupby("indicator_id", sort=False):
        naam = groep["naam"].iloc[0]
        st.caption(f"{naam}: lasten tot en met {periode} tegenover de begroting, per taakveld.")
        for reden in groep["reeksbreuk_reden"].dropna().unique():
            st.caption(f":material/warning: Reeksbreuk: {reden}.")
        st.plotly_chart(taakveld_figuur(groep, keuze.periode, keuze.periode_type), key=f"taakveld-{indicator_id}",
                        config=PLOTLY_CONFIG)


keuze: Keuze = st.session_state["keuze"]
st.title(keuze.gebied)
vorig_jaar = date(keuze.periode.year - 1, keuze.periode.month, 1)
st.caption(
    f"Stand {nl_periode(keuze.periode, keuze.periode_type)}; verschillen ten opzichte van "
    f"{nl_periode(vorig_jaar, keuze.periode_type)}. Kleine aantallen zijn afgerond op vijftallen; "
    "cellen met 0 tot en met 7 personen staan als \"geheim\"."
)
toon_lagen(keuze)
toon_taakvelden(keuze)
