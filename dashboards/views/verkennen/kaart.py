"""Per gemeente: a map of the indicator and the table beside it."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards.charts import PLOTLY_CONFIG
from dashboards.components import GEHEIM, Keuze, toon_tabel
from dashboards.format import nl_waarde
from dashboards.noemer import legenda
from dashboards.queries import verkennen as q
from dashboards.toegang import REGIO
from dashboards.views.verkennen.download import download, export_tabel
from dashboards.views.verkennen.labels import KOLOMMEN, breek, cel, reden, rij_van, stand_tekst
from dashboards.views.verkennen.toelichting import toelichting

KLEUR_GEHEIM = "#BDBDBD"
KLEUR_LEEG = "#EEEEEE"
# ColorBrewer Blues without its near-white end, so no gemeente looks like an empty or hidden one.
SCHAAL = [[0.0, "#c6dbef"], [0.2, "#9ecae1"], [0.4, "#6baed6"], [0.6, "#4292c6"], [0.8, "#2171b5"], [1.0, "#08306b"]]
# Plotly.js fetches a world topojson from cdn.plot.ly for every geo plot with a choropleth, even with the
# base map hidden. Hand it an empty one inline instead ('#' makes it ignore the file name it appends), so
# the map needs no network.
_LEGE_TOPOJSON = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#'
KAART_CONFIG = {**PLOTLY_CONFIG, "topojsonURL": _LEGE_TOPOJSON}


def kaart_figuur(stand: pd.DataFrame, geo: pd.DataFrame, eenheid: str, gekozen: str) -> go.Figure:
    """Choropleth of the gemeenten: sequential blues, hidden ones grey ('geheim'), missing ones light grey."""
    # Rows as plain dicts and each outline parsed once: at 342 gemeenten a pd.Series per row and a second parse
    # per label were most of the page's time (py-spy, benchmark 8).
    geometrie = {r.gemeentecode: json.loads(r.geometrie_geojson) for r in geo.itertuples()}
    features = [
        {
            "type": "Feature",
            "id": r.gemeentecode,
            "properties": {"gemeentecode": r.gemeentecode, "gemeentenaam": r.gemeentenaam},
            "geometry": geometrie[r.gemeentecode],
        }
        for r in geo.itertuples()
    ]
    collectie = {"type": "FeatureCollection", "features": features}
    rijen = geo[["gemeentecode"]].merge(stand, on="gemeentecode", how="left")
    rijen["onderdrukt"] = rijen["onderdrukt"].fillna(False).astype(bool)
    zichtbaar = rijen[~rijen["onderdrukt"] & rijen["waarde"].notna()]
    geheim = rijen[rijen["onderdrukt"]]
    leeg = rijen[~rijen["onderdrukt"] & rijen["waarde"].isna()]

    def rand(df: pd.DataFrame) -> dict:
        """The chosen gemeente gets a dark outline, the others a thin white one."""
        return {
            "color": ["#1a1a1a" if c == gekozen else "white" for c in df["gemeentecode"]],
            "width": [2.5 if c == gekozen else 0.8 for c in df["gemeentecode"]],
        }

    fig = go.Figure()
    if not zichtbaar.empty:
        fig.add_choropleth(
            geojson=collectie,
            featureidkey="properties.gemeentecode",
            locations=zichtbaar["gemeentecode"],
            z=zichtbaar["waarde"],
            colorscale=SCHAAL,
            zmin=zichtbaar["waarde"].min(),
            zmax=zichtbaar["waarde"].max(),
            marker_line=rand(zichtbaar),
            name="waarde",
            customdata=[f"{r.gemeentenaam}<br>{cel(r._asdict(), eenheid)}" for r in zichtbaar.itertuples()],
            hovertemplate="%{customdata}<extra></extra>",
            colorbar={
                "title": {"text": "" if eenheid == "%" else eenheid, "side": "right"},
                "thickness": 12,
                "len": 0.7,
                "ticksuffix": "%" if eenheid == "%" else "",
                "tickformat": f",.{_decimalen(zichtbaar['waarde'])}f",
            },
            showscale=len(zichtbaar) > 1,
        )
    for df, kleur, tekst in ((geheim, KLEUR_GEHEIM, None), (leeg, KLEUR_LEEG, "geen gegevens")):
        if df.empty:
            continue
        fig.add_choropleth(
            geojson=collectie,
            featureidkey="properties.gemeentecode",
            locations=df["gemeentecode"],
            z=[0] * len(df),
            colorscale=[[0, kleur], [1, kleur]],
            showscale=False,
            marker_line=rand(df),
            name=tekst or GEHEIM,
            customdata=[
                f"{r.gemeentenaam}<br>{tekst or GEHEIM + ': ' + breek(reden(r._asdict()))}" for r in df.itertuples()
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    # Name and value on each gemeente, at the mean of its outline's points; white on the dark end of the scale.
    labels = [(code, *_midden(vorm)) for code, vorm in geometrie.items()]
    tekst = {r.gemeentecode: f"{r.gemeentenaam}<br>{cel(r._asdict(), eenheid)}" for r in rijen.itertuples()}
    laag, hoog = zichtbaar["waarde"].min(), zichtbaar["waarde"].max()
    donker = {
        r.gemeentecode: bool(hoog > laag and (r.waarde - laag) / (hoog - laag) > 0.55) for r in zichtbaar.itertuples()
    }
    fig.add_scattergeo(
        lon=[lon for _, lon, _ in labels],
        lat=[lat for _, _, lat in labels],
        text=[tekst[c] for c, _, _ in labels],
        mode="text",
        hoverinfo="skip",
        showlegend=False,
        textfont={"size": 10, "color": ["white" if donker.get(c) else "#1a1a1a" for c, _, _ in labels]},
    )
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(
        height=420, margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False, separators=",.", dragmode=False
    )
    return fig


def _midden(geometrie: dict) -> tuple[float, float]:
    """Mean of the exterior ring's points of the largest polygon: good enough to place a label."""
    ringen = (
        [geometrie["coordinates"][0]] if geometrie["type"] == "Polygon" else [p[0] for p in geometrie["coordinates"]]
    )
    ring = max(ringen, key=len)
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def toon_gemeenten(keuze: Keuze, ind: pd.Series, stand: pd.DataFrame, periode: str) -> None:
    toegang, eenheid = keuze.toegang, ind["eenheid"]
    st.subheader("Per gemeente", divider="gray")
    leden = stand[stand["gemeentecode"] != REGIO]
    regio = rij_van(stand, REGIO)
    links, rechts = st.columns([3, 2], gap="medium")
    with links:
        if stand["waarde"].isna().all() and not stand["onderdrukt"].any():
            st.info(f"Er zijn geen cijfers van deze indicator voor {periode}.", icon=":material/info:")
        else:
            geo = q.geometrie(toegang, keuze.snapshot)
            if geo.empty:
                st.caption("Geen gemeentegrenzen in de gegevens: alleen de tabel.")
            else:
                st.plotly_chart(
                    kaart_figuur(leden, geo, eenheid, keuze.gemeentecode), key="verkennen-kaart", config=KAART_CONFIG
                )
            if regio is not None:
                st.caption(
                    f"Hele regio: {cel(regio, eenheid)}. Grijs = geheim; * = voorlopig.{legenda(stand)}"
                    + ("" if toegang.regio_gebruiker else " U ziet alleen uw eigen gemeente en de regio.")
                )
        tabel = pd.DataFrame(
            {
                "Gemeente": stand["gemeentenaam"].where(stand["gemeentecode"] != REGIO, "Hele regio"),
                "Waarde": [cel(r, eenheid) for _, r in stand.iterrows()],
                "Vergelijkbare gemeenten": [nl_waarde(w, eenheid) for w in stand["waarde_vergelijkingsgroep"]],
                "Stand": [stand_tekst(r) for _, r in stand.iterrows()],
                "Waarom geheim": [reden(r) for _, r in stand.iterrows()],
            }
        )
        if stand["waarde_vergelijkingsgroep"].isna().all():
            tabel = tabel.drop(columns="Vergelijkbare gemeenten")
        if not stand["onderdrukt"].any():
            tabel = tabel.drop(columns="Waarom geheim")
        toon_tabel(tabel, "verkennen-tabel-gemeenten", column_config=KOLOMMEN)
        download(keuze, ind, export_tabel(stand, ["gemeentecode", "gemeentenaam"]), "per_gemeente", "gemeenten")
    with rechts:
        toelichting(ind, periode, rij_van(stand, keuze.gemeentecode), "gemeenten")


def _decimalen(waarden: pd.Series) -> int:
    """Decimals the colour bar needs so its ticks differ: gemeenten between 7,3 and 8,6 % would all read 8 %."""
    spreiding = waarden.max() - waarden.min()
    if not spreiding > 0 or spreiding >= 5:  # also a single gemeente (no spread) or no values (NaN)
        return 0
    return 1 if spreiding >= 0.5 else 2
