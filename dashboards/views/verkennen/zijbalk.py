"""The Verkennen page's own sidebar choices: indicator, breakdown and comparison gemeenten, kept in the URL."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.toegang import Toegang
from dashboards.views.verkennen.labels import LAGEN, TOTAAL, UITSPLITSINGEN

# The breakdowns the issue promises; when an indicator lacks one the page says so.
VERWACHT = ("wet", "productcategorie", "leeftijdsgroep", "aanbieder")


def _kies(
    label: str, opties: dict[str, str], param: str, standaard: str | None = None, help: str | None = None
) -> tuple[str, str | None]:
    """A selectbox kept in the URL; returns the choice and the URL value it could not honour (if any)."""
    waarden = list(opties)
    if st.session_state.get(param) not in opties:
        st.session_state.pop(param, None)  # options changed (another indicator): start from the URL again
    gevraagd = st.query_params.get(param)
    geweigerd = None
    if gevraagd not in opties:
        geweigerd = gevraagd
        gevraagd = standaard if standaard in opties else waarden[0]
    gekozen = st.selectbox(
        label, waarden, index=waarden.index(gevraagd), format_func=opties.__getitem__, key=param, help=help
    )
    st.query_params[param] = gekozen
    return gekozen, geweigerd


def kies_indicator(indicatoren: pd.DataFrame) -> str:
    opties = {r.indicator_id: f"{r.naam} · {LAGEN.get(r.laag, r.laag)}" for r in indicatoren.itertuples()}
    with st.sidebar:
        gekozen, _ = _kies("Indicator", opties, "indicator")
    return gekozen


def kies_uitsplitsing(beschikbaar: list[str]) -> tuple[str, str | None]:
    opties = {
        TOTAAL: "Geen (totaal)",
        **{d: UITSPLITSINGEN.get(d, d.replace("_", " ").capitalize()) for d in beschikbaar},
    }
    with st.sidebar:
        gekozen, geweigerd = _kies(
            "Uitsplitsing", opties, "uitsplitsing", help="Alleen de uitsplitsingen die voor deze indicator bestaan."
        )
    return gekozen, (geweigerd if geweigerd not in (None, TOTAAL) else None)


def kies_vergelijking(toegang: Toegang, gemeenten: pd.DataFrame, eigen: str) -> list[str]:
    """Region users pick gemeenten to set beside the chosen one in the trend (URL param vergelijk)."""
    if not toegang.regio_gebruiker:
        return []
    # Every member is an option (the chosen one too, so the options never change under the widget).
    namen = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeentenaam"], strict=False))
    gevraagd = [c for c in st.query_params.get("vergelijk", "").split(",") if c in namen]
    with st.sidebar:
        gekozen = st.multiselect(
            "Vergelijk met",
            list(namen),
            default=gevraagd,
            format_func=namen.__getitem__,
            key="vergelijk",
            placeholder="Kies gemeenten",
            help="Gemeenten die naast de gekozen gemeente in de ontwikkeling staan.",
        )
    if gekozen:
        st.query_params["vergelijk"] = ",".join(gekozen)
    elif "vergelijk" in st.query_params:
        del st.query_params["vergelijk"]
    return [c for c in gekozen if c != eigen]


def ontbrekende_uitsplitsingen(toegang: Toegang, beschikbaar: list[str]) -> list[str]:
    verwacht = [d for d in VERWACHT if d != "aanbieder" or toegang.aanbieders]
    aanwezig = {UITSPLITSINGEN.get(d) for d in beschikbaar}
    return [d for d in verwacht if UITSPLITSINGEN[d] not in aanwezig]
