"""What the money buys: cost per client, per successful trajectory, and cost against result per aanbieder."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards.charts import BLAUW, GROEN, KLEUR_NORM, ORANJE, PLOTLY_CONFIG
from dashboards.components import Keuze, toon_tabel
from dashboards.queries import geld
from dashboards.views.geld.opmaak import (
    VOORLOPIG,
    WETTEN_EN_TOTAAL,
    cellen,
    download,
    euro,
    getal,
    layout,
    pct,
    redenen,
    stand,
    voorlopig,
)

VARIANT_KLEUR = {
    "inspanningsgericht": BLAUW,
    "outputgericht": ORANJE,
    "taakgericht": GROEN,
    "geen contract": KLEUR_NORM,
}


def toon_kosten(keuze: Keuze) -> None:
    st.subheader("Kosten per cliënt en per geslaagd traject", divider="gray")
    links, rechts = st.columns(2)
    with links:
        per_client = geld.kosten_per_client(*keuze.query_args)
        st.markdown("**Kosten per cliënt (jaar tot nu)**")
        tabel = pd.DataFrame(
            {
                "Wet": per_client["wet"].map(WETTEN_EN_TOTAAL),
                "Per cliënt": cellen(per_client, "per_client"),
                "Lasten": cellen(per_client, "lasten"),
                "Cliënten": cellen(per_client, "clienten", getal),
                "Stand": stand(per_client),
            }
        )
        uitleg = "Lasten uit het grootboek gedeclareerd of niet (ook pgb en algemene kosten): een bovengrens."
        _kosten(keuze, per_client, tabel, "kosten_per_client", "per-client", uitleg)
    with rechts:
        varianten = geld.kosten_per_traject(*keuze.query_args, "financieringsvorm")
        st.markdown("**Kosten per geslaagd traject, per financieringsvorm**")
        tabel = _per_traject(varianten, {"Financieringsvorm": varianten["naam"]})
        _kosten(keuze, varianten, tabel, "kosten_per_financieringsvorm", "varianten")
    aanbieders = geld.kosten_per_traject(*keuze.query_args, "aanbieder")
    st.markdown("**Kosten per geslaagd traject, per aanbieder**")
    st.caption(
        "Gedeclareerd min afgewezen op trajecten die in de periode eindigden (volgens plan of uitval), "
        "gedeeld door het aantal dat volgens plan eindigde. Vergelijk alleen aanbieders met dezelfde zorgvorm."
    )
    tabel = _per_traject(
        aanbieders, {"Aanbieder": aanbieders["naam"], "Financieringsvorm": aanbieders["financieringsvorm"]}
    )
    _kosten(keuze, aanbieders, tabel, "kosten_per_aanbieder", "aanbieders-kosten")


def _kosten(
    keuze: Keuze, rijen: pd.DataFrame, tabel: pd.DataFrame, naam: str, sleutel: str, uitleg: str | None = None
) -> None:
    """One cost table, what it means, why its hidden cells are hidden, and its download."""
    if rijen.empty:
        st.caption("Geen gegevens.")
        return
    toon_tabel(tabel, f"tabel-{sleutel}")
    if uitleg:
        st.caption(uitleg)
    redenen(rijen)
    download(keuze, rijen, naam, sleutel)


def _per_traject(rijen: pd.DataFrame, sleutels: dict) -> pd.DataFrame:
    """Cost per successful trajectory with its parts; hidden cells say geheim, never the number."""
    return pd.DataFrame(
        {
            **sleutels,
            "Per geslaagd traject": cellen(rijen, "per_traject"),
            "Kosten": cellen(rijen, "kosten"),
            "Geslaagd": cellen(rijen, "succesvol", getal),
            "Stand": stand(rijen),
        }
    )


def spreiding_figuur(punten: pd.DataFrame) -> go.Figure:
    fig = go.Figure()
    for variant, groep in punten.groupby(punten["financieringsvorm"].fillna("geen contract"), sort=True):
        fig.add_scatter(
            x=groep["volgens_plan"],
            y=groep["per_traject"],
            mode="markers",
            name=variant,
            marker={
                "size": 11,
                "color": VARIANT_KLEUR.get(variant, KLEUR_NORM),
                "symbol": "circle-open" if (groep["vintage"] == VOORLOPIG).all() else "circle",
                "line": {"width": 2},
            },
            customdata=[
                f"{n}<br>{pct(x)} volgens plan ({getal(b)} beëindigd)<br>{euro(y)} per geslaagd traject"
                for n, x, b, y in zip(
                    groep["naam"], groep["volgens_plan"], groep["beeindigd"], groep["per_traject"], strict=False
                )
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.update_xaxes(title="Beëindigd volgens plan", ticksuffix="%", range=[0, 105])
    fig.update_yaxes(title="Kosten per geslaagd traject", tickprefix="€ ", tickformat=",.0f", rangemode="tozero")
    return layout(fig, 420)


def toon_spreiding(keuze: Keuze) -> None:
    st.subheader("Kosten tegen resultaat per aanbieder", divider="gray")
    alle = geld.kosten_tegen_resultaat(*keuze.query_args)
    punten = alle[alle["bruikbaar"]]
    weg = len(alle) - len(punten)
    st.caption(
        "Rechtsonder is goedkoop en vaak volgens plan. Alleen aanbieders met genoeg beëindigde trajecten "
        "(minimum per aanbieder) en zonder afgeschermde cijfers staan erin."
        + (
            f" {weg} aanbieder(s) weggelaten: te weinig trajecten of geen kosten per traject (taakgericht)."
            if weg
            else ""
        )
        + (" Open rondjes: voorlopig." if voorlopig(punten) else "")
    )
    if keuze.periode_type == "maand":
        st.caption("Tip: kies indeling Kwartaal of Jaar voor meer trajecten per aanbieder.")
    if punten.empty:
        st.caption("Geen aanbieder met genoeg trajecten in deze periode.")
        return
    st.plotly_chart(spreiding_figuur(punten), key="spreiding", config=PLOTLY_CONFIG)
    download(keuze, alle, "kosten_tegen_resultaat", "spreiding")
