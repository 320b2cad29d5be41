"""One aanbieder over time: contract ceiling use in the year and beëindigd volgens plan."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards.charts import BLAUW, HEMELBLAUW, ORANJE, PLOTLY_CONFIG, VERMILJOEN
from dashboards.components import Keuze
from dashboards.format import MAANDEN_KORT, nl_maand_kort, nl_periode, nl_waarde
from dashboards.views.aanbieders.grafiek import geheim_markering, layout, normlijn, periode_labels
from dashboards.views.aanbieders.opmaak import SIGNAAL_PLAFOND, cel, download, plafond_tekst, status_kolommen


def _verloop_export(reeks: pd.DataFrame, naam: str, eenheid: str, periode_type: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Periode": [nl_periode(p, periode_type) for p in reeks["periode"]],
            "Indicator": naam,
            "Waarde": reeks["waarde"].where(~reeks["onderdrukt"]),
            "Eenheid": eenheid,
            "Norm": reeks["norm"],
            **status_kolommen(reeks),
            "Gegevens": reeks["vintage"],
        }
    )


def toon_plafond(keuze: Keuze, agb: str, plafond: pd.DataFrame, tot: date) -> None:
    st.markdown(f"**Contractplafond benut in {tot.year}** (gedeclareerd vanaf 1 januari)")
    if plafond.empty:
        st.caption("Geen contractplafond bekend voor deze aanbieder (taakgerichte contracten declareren niet).")
        return
    zichtbaar = plafond[~plafond["onderdrukt"]]
    labels = [MAANDEN_KORT[p.month - 1] for p in zichtbaar["periode"]]  # the year is in the title
    boven = zichtbaar["waarde"] >= SIGNAAL_PLAFOND
    voorlopig = zichtbaar["vintage"] == "voorlopig"
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=zichtbaar["waarde"],
        name="Benut",
        marker={
            "color": [ORANJE if b else BLAUW for b in boven],
            "pattern": {"shape": ["/" if v else "" for v in voorlopig], "fillmode": "overlay", "solidity": 0.3},
        },
        customdata=[
            f"{lab}: {plafond_tekst(r)}{' (voorlopig)' if v else ''}"
            for lab, (_, r), v in zip(labels, zichtbaar.iterrows(), voorlopig, strict=False)
        ],
        hovertemplate="%{customdata}<extra></extra>",
        showlegend=False,
    )
    normlijn(fig, SIGNAAL_PLAFOND, "70%: overleg binnen 2 weken", VERMILJOEN)
    normlijn(fig, 100.0, "contractplafond", "#333333", "solid")
    top = max(110.0, float(zichtbaar["waarde"].max()) + 10 if not zichtbaar.empty else 110.0)
    fig = layout(fig, labels, range=[0, top], ticksuffix="%")
    fig.update_xaxes(tickvals=labels, ticktext=labels)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="aanbieders-plafond")
    laatste = zichtbaar.iloc[-1] if not zichtbaar.empty else None
    if laatste is not None:
        st.caption(
            f"Stand {nl_maand_kort(laatste['periode'])}: {plafond_tekst(laatste)}. Oranje: op of boven 70%; "
            "gearceerd: voorlopig."
        )
    download(
        keuze,
        _verloop_export(plafond, "Uitputting contractplafond", "%", "maand").assign(
            Gedeclareerd=plafond["teller"], Contractplafond=plafond["noemer"]
        ),
        "plafond",
        agb,
        "contractplafond",
    )


def toon_beeindigd(keuze: Keuze, agb: str, verloop: pd.DataFrame, indicatoren: pd.DataFrame) -> None:
    st.markdown("**Beëindigd volgens plan**")
    reeks = verloop[verloop["indicator_id"] == "beeindigd_volgens_plan"]
    if reeks.empty:
        st.caption("Geen gegevens voor deze aanbieder.")
        return
    labels = periode_labels(reeks["periode"], keuze.periode_type)
    waarde = reeks["waarde"].where(~reeks["onderdrukt"])
    voorlopig = reeks["vintage"] == "voorlopig"
    fig = go.Figure()
    fig.add_scatter(
        x=labels,
        y=waarde,
        mode="lines+markers",
        name="Deze aanbieder",
        line={"color": BLAUW, "width": 2},
        marker={"symbol": ["circle-open" if v else "circle" for v in voorlopig], "size": 8, "color": BLAUW},
        customdata=[f"{lab}: {cel(r, '%')[0]}" for lab, (_, r) in zip(labels, reeks.iterrows(), strict=False)],
        hovertemplate="%{customdata}<extra></extra>",
    )
    if keuze.vergelijkt_regio:
        regio = reeks["waarde_regio"].where(~reeks["onderdrukt"])
        fig.add_scatter(
            x=labels,
            y=regio,
            mode="lines",
            name="Deze aanbieder, hele regio",
            line={"color": HEMELBLAUW, "width": 1.5, "dash": "dot"},
            customdata=[f"{lab}: regio {nl_waarde(w, '%')}" for lab, w in zip(labels, regio, strict=False)],
            hovertemplate="%{customdata}<extra></extra>",
        )
    norm = reeks["norm"].dropna()
    if not norm.empty:
        normlijn(fig, float(norm.iloc[-1]), f"norm {nl_waarde(norm.iloc[-1], '%')}")
    geheim_markering(fig, reeks, labels)
    st.plotly_chart(
        layout(fig, labels, range=[0, 105], ticksuffix="%"), config=PLOTLY_CONFIG, key="aanbieders-beeindigd"
    )
    st.caption("Open punt: voorlopig. Grijs kruisje: geheim (te weinig beëindigde trajecten of een klein aantal).")
    download(
        keuze,
        _verloop_export(reeks, "Beëindigd volgens plan", "%", keuze.periode_type),
        "beeindigd",
        agb,
        "beeindigd_volgens_plan",
    )
