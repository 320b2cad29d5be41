"""The indicator broken down (wet, productcategorie, aanbieder...): the gemeente beside the region."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards.charts import BLAUW, PLOTLY_CONFIG
from dashboards.components import Keuze, toon_tabel
from dashboards.format import LEEG
from dashboards.noemer import legenda
from dashboards.queries import verkennen as q
from dashboards.toegang import REGIO
from dashboards.views.verkennen.download import download, export_tabel
from dashboards.views.verkennen.labels import (
    KOLOMMEN,
    TOTAAL,
    UITSPLITSINGEN,
    breek,
    cel,
    reden,
    rij_van,
    waarde_label,
)
from dashboards.views.verkennen.toelichting import toelichting

KLEUR_REGIO_BALK = "#7F7F7F"


def uitsplitsing_figuur(rijen: pd.DataFrame, eenheid: str, gebied: str, gekozen: str) -> go.Figure:
    """Horizontal bars per category: the chosen gemeente and the region; hidden ones say 'geheim'."""
    fig = go.Figure()
    reeksen = [(gekozen, gebied, BLAUW)]
    if gekozen != REGIO:
        reeksen.append((REGIO, "Hele regio", KLEUR_REGIO_BALK))
    for code, naam, kleur in reeksen:
        df = rijen[rijen["gemeentecode"] == code]
        if df.empty:
            continue
        fig.add_bar(
            y=df["label"],
            x=df["waarde"].fillna(0),
            name=naam,
            orientation="h",
            marker_color=kleur,
            marker_pattern_shape=["/" if v == "voorlopig" else "" for v in df["vintage"]],
            text=[cel(r, eenheid) for _, r in df.iterrows()],
            textposition="outside",
            cliponaxis=False,
            customdata=[
                f"{naam} · {r['label']}<br>{cel(r, eenheid)}"
                + (f"<br>{breek(reden(r))}" if r["onderdrukt"] else "")
                + ("<br>voorlopig" if r["vintage"] == "voorlopig" else "")
                for _, r in df.iterrows()
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    volgorde = list(dict.fromkeys(rijen["label"]))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=volgorde, autorange="reversed")
    fig.update_xaxes(ticksuffix="%" if eenheid == "%" else "", rangemode="tozero", tickformat=",~r")
    fig.update_layout(
        barmode="group",
        height=120 + (34 if len(reeksen) > 1 else 24) * len(volgorde),
        margin={"l": 0, "r": 60, "t": 8, "b": 0},
        separators=",.",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    return fig


def toon_uitsplitsing(keuze: Keuze, ind: pd.Series, dimensie: str, beschikbaar: list[str], periode: str) -> None:
    eenheid = ind["eenheid"]
    label = UITSPLITSINGEN.get(dimensie, dimensie)
    st.subheader(f"Naar {label.lower()}" if dimensie != TOTAAL else "Uitsplitsing", divider="gray")
    if dimensie == TOTAAL:
        if beschikbaar:
            st.caption(
                "Kies in de zijbalk een uitsplitsing: "
                + ", ".join(UITSPLITSINGEN.get(d, d).lower() for d in beschikbaar)
                + "."
            )
        else:
            st.caption("Deze indicator heeft geen uitsplitsingen.")
        return
    rijen = q.uitsplitsing(*keuze.query_args, ind["indicator_id"], dimensie)
    if rijen[rijen["gemeentecode"] == keuze.gemeentecode].empty:
        st.info(
            f"Voor {keuze.gebied} is er in {periode} geen uitsplitsing naar {label.lower()} van deze indicator.",
            icon=":material/info:",
        )
        return
    rijen["label"] = [
        waarde_label(dimensie, w, n) for w, n in zip(rijen["dimensie_waarde"], rijen["naam_extra"], strict=False)
    ]
    # Largest first for long lists, else by label; hidden cells at the end.
    eigen = rijen[rijen["gemeentecode"] == keuze.gemeentecode]
    if len(eigen) > 6:
        eigen = eigen.sort_values(["onderdrukt", "waarde", "label"], ascending=[True, False, True])
    else:
        eigen = eigen.sort_values("label")
    volgorde = list(dict.fromkeys(list(eigen["label"]) + list(rijen["label"])))
    rijen = (
        rijen.assign(
            _eerst=rijen["gemeentecode"] != keuze.gemeentecode,
            _volgorde=rijen["label"].map({x: i for i, x in enumerate(volgorde)}),
        )
        .sort_values(["_eerst", "_volgorde"])
        .drop(columns=["_eerst", "_volgorde"])
        .reset_index(drop=True)
    )
    links, rechts = st.columns([3, 2], gap="medium")
    with links:
        st.plotly_chart(
            uitsplitsing_figuur(rijen, eenheid, keuze.gebied, keuze.gemeentecode),
            key="verkennen-uitsplitsing",
            config=PLOTLY_CONFIG,
        )
        st.caption(
            'Gearceerd en * = voorlopig; "geheim" = afgeschermd (wijs de balk aan voor de reden).' + legenda(rijen)
        )
        eigen = rijen[rijen["gemeentecode"] == keuze.gemeentecode].set_index("label")
        tabel = pd.DataFrame({label: eigen.index, keuze.gebied: [cel(r, eenheid) for _, r in eigen.iterrows()]})
        regio = rijen[rijen["gemeentecode"] == REGIO].set_index("label")
        if keuze.gemeentecode != REGIO and not regio.empty:  # empty: the region is hidden from this user
            tabel["Hele regio"] = [cel(regio.loc[x], eenheid) if x in regio.index else LEEG for x in eigen.index]
        if eigen["onderdrukt"].any():
            tabel["Waarom geheim"] = [reden(r) for _, r in eigen.iterrows()]
        toon_tabel(tabel, "verkennen-tabel-uitsplitsing", column_config=KOLOMMEN)
        export = export_tabel(rijen, ["gemeentecode", "dimensie_waarde", "label"])
        download(keuze, ind, export.rename(columns={"label": label.lower()}), f"per_{dimensie}", "uitsplitsing")
    with rechts:
        toelichting(ind, periode, rij_van(rijen, keuze.gemeentecode), "uitsplitsing")
