"""The panel beside every Verkennen chart: definition, formula, sources, norm, completeness, caveats, CBS."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.components import RICHTING
from dashboards.format import nl_waarde
from dashboards.noemer import UITLEG, geschat
from dashboards.views.verkennen.labels import stand_tekst

KLEINE_AANTALLEN = {
    "teller": 'Cellen met 0 tot en met 7 personen in de teller zijn afgeschermd ("geheim"); kleine aantallen '
    "zijn afgerond.",
    "teller_en_noemer": 'Cellen met 0 tot en met 7 personen in teller of noemer zijn afgeschermd ("geheim"); '
    "kleine aantallen zijn afgerond.",
}


def toelichting(ind: pd.Series, periode: str, rij: pd.Series | None, sleutel: str) -> None:
    """Definition, formula, sources, norm, completeness, caveats and CBS figure of what the chart shows."""
    eenheid = ind["eenheid"]
    regels = []
    if _tekst(ind.get("formule")):
        regels.append(f"**Formule:** {ind['formule']}")
    if _tekst(ind.get("bronnen")):
        regels.append(f"**Bron:** {ind['bronnen']}")
    norm = ind["norm"] if rij is None or pd.isna(rij.get("norm")) else rij["norm"]
    norm_bron = ind.get("norm_bron") if _tekst(ind.get("norm_bron")) else None
    if pd.notna(norm):
        regels.append(f"**Norm:** {nl_waarde(norm, eenheid)}" + (f" ({norm_bron})" if norm_bron else ""))
    else:
        # norm_bron of an indicator without a norm usually opens with "Geen norm; ...": say it once
        toelichting = norm_bron.removeprefix("Geen norm;").strip() if norm_bron else ""
        regels.append("**Norm:** geen norm vastgesteld" + (f"; {toelichting}" if toelichting else ""))
    regels.append(f"**Richting:** {RICHTING.get(ind['richting'], 'geen voorkeursrichting')}")
    regels.append(f"**Stand {periode}:** {stand_tekst(rij)}")
    if rij is not None and pd.notna(rij.get("waarde_cbs")):
        # like for like: CBS's figure is about the same period and grain as ours (fct_indicator_publicatie)
        variabele = f" ({ind['cbs_variabele']})" if _tekst(ind.get("cbs_variabele")) else ""
        regels.append(f"**CBS {periode}:** {nl_waarde(rij['waarde_cbs'], eenheid)}{variabele}")
    if rij is not None and _tekst(rij.get("reden_cbs")):
        regels.append(f"**Verschil met CBS:** {rij['reden_cbs']}")
    kanttekeningen = [ind[k] for k in ("kanttekeningen",) if _tekst(ind.get(k))]
    if rij is not None and _tekst(rij.get("reeksbreuk_reden")):
        kanttekeningen.append(f"Reeksbreuk: {rij['reeksbreuk_reden']}.")
    if rij is not None and rij.get("vintage") == "voorlopig":
        kanttekeningen.append(
            "Voorlopige cijfers (gemarkeerd met *) kunnen nog veranderen doordat declaraties en "
            "berichten later binnenkomen."
        )
    if geschat(rij):
        kanttekeningen.append(UITLEG)
    if ind.get("kleine_aantallen") in KLEINE_AANTALLEN:
        kanttekeningen.append(KLEINE_AANTALLEN[ind["kleine_aantallen"]])
    with st.container(border=True, key=f"verkennen-toelichting-{sleutel}"):
        st.markdown("**Over dit cijfer**")
        st.caption(ind["definitie"] if _tekst(ind.get("definitie")) else "Geen definitie beschikbaar.")
        st.markdown("  \n".join(regels))
        if kanttekeningen:
            st.markdown("**Kanttekeningen**")
            st.caption("\n".join(f"- {k}" for k in kanttekeningen))


def _tekst(waarde) -> bool:
    return isinstance(waarde, str) and waarde.strip() != ""
