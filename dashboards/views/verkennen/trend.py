"""The indicator over time: the gemeente, the region, comparable gemeenten and chosen others, with the norm."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards.charts import (
    BLAUW,
    GEEL,
    GROEN,
    HEMELBLAUW,
    KLEUR_NORM,
    ORANJE,
    PAARS,
    PLOTLY_CONFIG,
    VERMILJOEN,
    ZWART,
)
from dashboards.components import Keuze
from dashboards.format import nl_maand_kort, nl_periode, nl_waarde
from dashboards.noemer import legenda
from dashboards.perioden import INDELINGEN
from dashboards.queries import verkennen as q
from dashboards.toegang import REGIO
from dashboards.views.verkennen.download import download, export_tabel
from dashboards.views.verkennen.labels import cel, rij_van, stand_tekst
from dashboards.views.verkennen.toelichting import toelichting

# Lines also differ in dash, not only in colour.
KLEUREN_VERGELIJK = (GROEN, PAARS, VERMILJOEN, HEMELBLAUW, GEEL, "#999999")
VENSTER_MAANDEN = {"maand": 36, "kwartaal": 36, "halfjaar": 60, "jaar": 120}


def _datum(p):
    return p.date() if hasattr(p, "date") else p


def trend_figuur(
    trend: pd.DataFrame,
    reeksen: list[tuple[str, str, str, str]],
    eenheid: str,
    periode_type: str,
    norm: pd.DataFrame | None,
) -> go.Figure:
    """Lines per series (code, name, colour, dash); provisional points open, hidden points as gaps."""
    fig = go.Figure()
    for code, naam, kleur, streep in reeksen:
        df = trend[trend["reeks"] == code]
        if df.empty:
            continue
        perioden = [_datum(p) for p in df["periode"]]
        fig.add_scatter(
            x=perioden,
            y=df["waarde"],
            name=naam,
            mode="lines+markers",
            connectgaps=False,
            line={"color": kleur, "width": 3 if code not in (REGIO, "groep") else 2, "dash": streep},
            marker={
                "symbol": ["circle-open" if v == "voorlopig" else "circle" for v in df["vintage"]],
                "size": 6,
                "color": kleur,
            },
            customdata=[
                f"{naam} · {nl_periode(p, periode_type)}: {cel(r, eenheid)}"
                + (f" ({stand_tekst(r)})" if r["vintage"] == "voorlopig" else "")
                for p, (_, r) in zip(perioden, df.iterrows(), strict=False)
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    if norm is not None and norm["norm"].notna().any():
        perioden = [_datum(p) for p in norm["periode"]]
        fig.add_scatter(
            x=perioden,
            y=norm["norm"],
            name="Norm",
            mode="lines",
            line={"color": KLEUR_NORM, "width": 1.5, "dash": "dash"},
            customdata=[f"Norm: {nl_waarde(n, eenheid)}" for n in norm["norm"]],
            hovertemplate="%{customdata}<extra></extra>",
        )
    alle = sorted({_datum(p) for p in trend["periode"]})
    stap = INDELINGEN[periode_type].ticks_per_jaar_stap
    ticks = alle[::-stap][::-1]
    fig.update_xaxes(
        tickvals=ticks,
        tickangle=0,
        showgrid=False,
        ticktext=[nl_maand_kort(t) if periode_type == "maand" else nl_periode(t, periode_type) for t in ticks],
    )
    fig.update_yaxes(ticksuffix="%" if eenheid == "%" else "", rangemode="tozero" if eenheid != "%" else "normal")
    fig.update_layout(
        height=360,
        margin={"l": 0, "r": 16, "t": 8, "b": 0},
        separators=",.",
        hovermode="closest",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    return fig


def toon_trend(keuze: Keuze, ind: pd.Series, vergelijk: list[str], periode: str) -> None:
    toegang, eenheid = keuze.toegang, ind["eenheid"]
    st.subheader("Ontwikkeling", divider="gray")
    codes = list(dict.fromkeys([keuze.gemeentecode, REGIO, *vergelijk]))
    trend = q.trend(
        toegang,
        keuze.snapshot,
        ind["indicator_id"],
        codes,
        keuze.periode,
        keuze.periode_type,
        VENSTER_MAANDEN[keuze.periode_type],
    )
    if trend.empty:
        st.info(f"Er is nog geen reeks van deze indicator tot en met {periode}.", icon=":material/info:")
        return
    trend["onderdrukt"] = trend["onderdrukt"].astype(bool)
    trend["reeks"] = trend["gemeentecode"]
    namen = dict(zip(trend["gemeentecode"], trend["gemeentenaam"], strict=False))
    reeksen = []
    if keuze.gemeentecode != REGIO:
        reeksen.append((keuze.gemeentecode, keuze.gebied, BLAUW, "solid"))
    reeksen.append((REGIO, "Hele regio", ZWART, "dot" if keuze.gemeentecode != REGIO else "solid"))
    # The comparable-gemeenten value published on the chosen gemeente's rows.
    eigen = trend[trend["gemeentecode"] == keuze.gemeentecode]
    groep = eigen[eigen["waarde_vergelijkingsgroep"].notna()]
    if keuze.gemeentecode != REGIO and not groep.empty:
        groep = groep.assign(reeks="groep", waarde=groep["waarde_vergelijkingsgroep"], onderdrukt=False)
        trend = pd.concat([trend, groep], ignore_index=True)
        reeksen.append(("groep", "Vergelijkbare gemeenten", ORANJE, "dash"))
    for code, kleur in zip(vergelijk, KLEUREN_VERGELIJK * 3, strict=False):
        reeksen.append((code, namen.get(code, code), kleur, "dashdot"))
    links, rechts = st.columns([3, 2], gap="medium")
    with links:
        norm = eigen if not eigen.empty else None
        st.plotly_chart(
            trend_figuur(trend, reeksen, eenheid, keuze.periode_type, norm), key="verkennen-trend", config=PLOTLY_CONFIG
        )
        geheim = trend[trend["onderdrukt"]]
        uitleg = "Open rondje = voorlopig." + legenda(trend)
        if not groep.empty:
            uitleg += f" Vergelijkbare gemeenten: {groep['vergelijkingsgroep'].dropna().iloc[0]}."
        if not geheim.empty:
            uitleg += (
                " Geheim (gat in de lijn): "
                + "; ".join(
                    f"{'Hele regio' if r.gemeentecode == REGIO else namen.get(r.gemeentecode, r.gemeentecode)} "
                    f"{nl_periode(_datum(r.periode), keuze.periode_type)}"
                    for r in geheim.itertuples()
                )
                + "."
            )
        st.caption(uitleg)
        export = trend.assign(reeks=[("vergelijkbare gemeenten" if r == "groep" else r) for r in trend["reeks"]])
        download(keuze, ind, export_tabel(export, ["reeks", "gemeentenaam", "periode"]), "ontwikkeling", "trend")
    with rechts:
        nu = trend[(trend["reeks"] == keuze.gemeentecode) & (trend["periode"] == pd.Timestamp(keuze.periode))]
        toelichting(ind, periode, rij_van(nu, keuze.gemeentecode), "trend")
