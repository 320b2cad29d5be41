"""Contract ceilings: declared year to date against each aanbieder's ceiling, with the 70% signal."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards.charts import KLEUR_LIJN, KLEUR_NORM, ORANJE, PLOTLY_CONFIG
from dashboards.components import Keuze, toon_tabel
from dashboards.queries import geld
from dashboards.views.geld.opmaak import VOORLOPIG, download, euro, layout, pct, voorlopig


def plafond_figuur(plafond: pd.DataFrame) -> go.Figure:
    df = plafond[~plafond["onderdrukt"]].sort_values("procent")
    kleuren = [
        KLEUR_NORM if v == VOORLOPIG else (ORANJE if s else KLEUR_LIJN)
        for v, s in zip(df["vintage"], df["signaal"], strict=False)
    ]
    fig = go.Figure(
        go.Bar(
            y=df["naam"],
            x=df["procent"],
            orientation="h",
            marker_color=kleuren,
            text=[pct(v) for v in df["procent"]],
            textposition="outside",
            customdata=[f"{euro(g)} van {euro(p)}" for g, p in zip(df["gedeclareerd"], df["plafond"], strict=False)],
            hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>",
        )
    )
    fig.add_vline(
        x=geld.CONTRACT_SIGNAAL,
        line_dash="dash",
        line_color=ORANJE,
        annotation_text="70%: overleg",
        annotation_position="top",
    )
    fig.update_xaxes(ticksuffix="%", range=[0, max(105.0, float(df["procent"].max() or 0) * 1.12)])
    fig.update_yaxes(type="category")
    return layout(fig, 90 + 26 * len(df)).update_layout(margin={"t": 36})


def toon_plafonds(keuze: Keuze) -> None:
    st.subheader("Contractplafonds", divider="gray")
    plafond = geld.contractplafond(*keuze.query_args)
    if plafond.empty:
        st.caption("Geen contractplafonds voor deze periode.")
        return
    maanden = int(plafond["maanden_verstreken"].max())
    signalen = plafond[plafond["signaal"] & ~plafond["onderdrukt"]]
    st.caption(
        f"Gedeclareerd van 1 januari tot het einde van de periode als deel van het plafond van het jaar; "
        f"{maanden} van de 12 maanden zijn voorbij. De contractstandaard vraagt overleg binnen 2 weken zodra "
        "70% is gebruikt: vroeg in het jaar is dat het signaal. Taakgerichte contracten declareren niet."
    )
    if voorlopig(plafond):
        st.caption("Grijs: voorlopig, nog niet alle declaraties zijn binnen; zonder signaalkleur.")
    if not signalen.empty:
        namen = ", ".join(signalen["naam"])
        st.warning(f"Boven 70% van het plafond: {namen}".rstrip(".") + ".", icon=":material/flag:")
    st.plotly_chart(plafond_figuur(plafond), key="plafonds", config=PLOTLY_CONFIG)
    plafond = plafond.assign(tempo_jaareinde=plafond["procent"] * 12 / plafond["maanden_verstreken"])
    tabel = pd.DataFrame(
        {
            "Aanbieder": plafond["naam"],
            "Financieringsvorm": plafond["financieringsvorm"],
            "Gedeclareerd": plafond["gedeclareerd"].map(euro),
            "Plafond": plafond["plafond"].map(euro),
            "Gebruikt": plafond["procent"].map(pct),
            "Op dit tempo eind jaar": plafond["tempo_jaareinde"].map(pct),
            "Signaal": [
                ("≥ 70%" + (" (voorlopig)" if v == VOORLOPIG else "")) if s else ""
                for s, v in zip(plafond["signaal"], plafond["vintage"], strict=False)
            ],
        }
    )
    with st.expander("Tabel contractplafonds"):
        uitleg = "Gebruikt x 12 / verstreken maanden: lineair doorgetrokken, zonder seizoenspatroon."
        toon_tabel(tabel, "tabel-plafonds", {"Op dit tempo eind jaar": uitleg})
    download(keuze, plafond, "contractplafonds", "plafonds")
