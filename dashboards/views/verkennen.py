"""Verkennen: one indicator explored by gemeente (map), breakdown, wijk and over time, for policy advisors.

The sidebar adds the indicator, the breakdown and (for region users) comparison gemeenten to the shared
filters; all of them live in the URL, so the Stuurwiel overview can link here and a view can be shared.
Beside every chart stands what a reader needs to judge it: definition, formula, sources, norm, how
complete the period is, caveats and the CBS figure. Hidden cells are marked "geheim" with the reason;
provisional values are marked, never coloured by status.
"""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import data
from dashboards.components import GEHEIM, PLOTLY_CONFIG, REDEN_GEHEIM, RICHTING, Keuze
from dashboards.export import downloads
from dashboards.format import LEEG, nl_getal, nl_maand_kort, nl_periode, nl_waarde
from dashboards.perioden import INDELINGEN
from dashboards.queries import verkennen as q
from dashboards.toegang import REGIO, Toegang

TOTAAL = "totaal"
LAGEN = {
    "input": "Geld (input)",
    "throughput": "Doorlooptijd (throughput)",
    "output": "Bereik (output)",
    "outcome": "Resultaat (outcome)",
}
# dimensie -> label of the breakdown (sidebar, headings)
UITSPLITSINGEN = {
    "wet": "Wet",
    "productcategorie": "Productcategorie",
    "leeftijdsgroep": "Leeftijdsgroep",
    "leeftijd": "Leeftijdsgroep",
    "aanbieder": "Aanbieder",
    "gmsd_type": "Soort maatwerkvoorziening (GMSD)",
    "verblijf": "Met of zonder verblijf",
    "financieringsvorm": "Financieringsvorm",
    "taakveld": "Taakveld (Iv3)",
    "retourcode": "Reden van afwijzing (retourcode)",
    "bericht": "Soort bericht",
    "spoed": "Spoed of regulier",
}
# The breakdowns the issue promises; when an indicator lacks one the page says so.
VERWACHT = ("wet", "productcategorie", "leeftijdsgroep", "aanbieder")
# dimensie -> dimensie_waarde -> label
WAARDEN = {
    "wet": {"jeugd": "Jeugdwet", "wmo": "Wmo"},
    "verblijf": {"met_verblijf": "Met verblijf", "zonder_verblijf": "Zonder verblijf"},
    "financieringsvorm": {
        "inspanningsgericht": "Inspanningsgericht",
        "outputgericht": "Outputgericht",
        "taakgericht": "Taakgericht",
    },
    "bericht": {
        "start": "Startbericht",
        "stop": "Stopbericht",
        "vot": "Verzoek om toewijzing",
        "vow": "Verzoek om wijziging",
    },
    "spoed": {"spoed": "Spoed", "regulier": "Regulier"},
    "gmsd_type": {
        "hulp_bij_het_huishouden": "Hulp bij het huishouden",
        "ondersteuning_thuis": "Ondersteuning thuis",
        "hulpmiddelen_en_diensten": "Hulpmiddelen en diensten",
        "verblijf_en_opvang": "Verblijf en opvang",
        "overig": "Overig",
    },
    # WMO020 from dbt_project/seeds/gmsd_type.csv; the JZ020 codes the region uses
    "productcategorie": {
        "01": "Hulp bij het huishouden",
        "02": "Begeleiding",
        "03": "Persoonlijke verzorging",
        "04": "Kortdurend verblijf",
        "05": "Woondiensten",
        "06": "Overige ondersteuning individu/huishouden",
        "07": "Dagbesteding",
        "08": "Vervoerdiensten",
        "09": "Overige groepsgerichte ondersteuning",
        "10": "Overige maatwerkarrangementen",
        "11": "Rolstoelen",
        "12": "Vervoervoorzieningen",
        "13": "Woonvoorzieningen",
        "14": "Overige hulpmiddelen",
        "15": "Beschermd wonen",
        "16": "Opvang",
        "17": "Spoedopvang",
        "18": "Overige beschermd wonen en opvang",
        "45": "Jeugdhulp ambulant",
        "46": "Jeugdhulp crisis",
        "47": "Jeugdreclassering",
        "48": "Jeugdbescherming",
    },
}
ONBEKEND = {"onbekend": "Onbekend"}
# Okabe-Ito: distinguishable with every common colour-vision deficiency; lines also differ in dash.
KLEUR_GEMEENTE = "#0072B2"
KLEUR_REGIO = "#000000"
KLEUR_REGIO_BALK = "#7F7F7F"
KLEUR_GROEP = "#E69F00"
KLEUREN_VERGELIJK = ("#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#999999")
KLEUR_NORM = "#8A949E"
KLEUR_GEHEIM = "#BDBDBD"
KLEUR_LEEG = "#EEEEEE"
# ColorBrewer Blues without its near-white end, so no gemeente looks like an empty or hidden one.
SCHAAL = [[0.0, "#c6dbef"], [0.2, "#9ecae1"], [0.4, "#6baed6"], [0.6, "#4292c6"], [0.8, "#2171b5"], [1.0, "#08306b"]]
KLEINE_AANTALLEN = {
    "teller": 'Cellen met 0 tot en met 7 personen in de teller zijn afgeschermd ("geheim"); kleine aantallen '
    "zijn afgerond.",
    "teller_en_noemer": 'Cellen met 0 tot en met 7 personen in teller of noemer zijn afgeschermd ("geheim"); '
    "kleine aantallen zijn afgerond.",
}
VENSTER_MAANDEN = {"maand": 36, "kwartaal": 36, "halfjaar": 60, "jaar": 120}
# Plotly.js fetches a world topojson from cdn.plot.ly for every geo plot with a choropleth, even with the
# base map hidden. Hand it an empty one inline instead ('#' makes it ignore the file name it appends), so
# the map needs no network.
_LEGE_TOPOJSON = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#'
KAART_CONFIG = {**PLOTLY_CONFIG, "topojsonURL": _LEGE_TOPOJSON}
KOLOMMEN = {
    "Waarom geheim": st.column_config.TextColumn(
        width="large", help='Waarom een cel als "geheim" is afgeschermd; wijs de cel aan voor de hele tekst.'
    )
}


# --- Sidebar -------------------------------------------------------------------------------------------


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


# --- Labels and the panel beside every chart ----------------------------------------------------------


def waarde_label(dimensie: str, waarde: str, naam: str | None = None) -> str:
    if dimensie == "aanbieder":
        return f"{naam} ({waarde})" if isinstance(naam, str) else f"Aanbieder {waarde}"
    if dimensie == "taakveld":
        return f"{waarde} {naam}" if isinstance(naam, str) else f"Taakveld {waarde}"
    if dimensie == "retourcode":
        return f"Retourcode {waarde}"
    labels = WAARDEN.get(dimensie, {}) | ONBEKEND
    if dimensie == "productcategorie" and waarde in labels and waarde != "onbekend":
        return f"{waarde} {labels[waarde]}"
    return labels.get(waarde, waarde.replace("_", " ").capitalize() if isinstance(waarde, str) else str(waarde))


def stand_tekst(rij: pd.Series | None) -> str:
    """'definitief' or 'voorlopig (85% compleet)' of one row."""
    if rij is None or pd.isna(rij.get("vintage")):
        return "geen gegevens"
    if rij["vintage"] != "voorlopig":
        return "definitief"
    if pd.isna(rij.get("volledigheid")):
        return "voorlopig"
    return f"voorlopig ({nl_getal(100 * rij['volledigheid'])}% compleet)"


def cel(rij: pd.Series, eenheid: str) -> str:
    """A value as text: the figure, 'geheim', or a dash; provisional ones get a '*'."""
    if rij["onderdrukt"]:
        return GEHEIM
    if pd.isna(rij["waarde"]):
        return LEEG
    return nl_waarde(rij["waarde"], eenheid) + (" *" if rij["vintage"] == "voorlopig" else "")


def reden(rij: pd.Series) -> str:
    if not rij["onderdrukt"]:
        return ""
    return REDEN_GEHEIM.get(rij["reden_onderdrukt"], REDEN_GEHEIM["klein_aantal"])


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
        regels.append("**Norm:** geen norm vastgesteld" + (f". {norm_bron}" if norm_bron else ""))
    regels.append(f"**Richting:** {RICHTING.get(ind['richting'], 'geen voorkeursrichting')}")
    regels.append(f"**Stand {periode}:** {stand_tekst(rij)}")
    if rij is not None and pd.notna(rij.get("waarde_cbs")):
        variabele = f" ({ind['cbs_variabele']})" if _tekst(ind.get("cbs_variabele")) else ""
        regels.append(f"**CBS {int(rij['jaar_cbs'])}:** {nl_waarde(rij['waarde_cbs'], eenheid)}{variabele}")
    kanttekeningen = [ind[k] for k in ("kanttekeningen",) if _tekst(ind.get(k))]
    if rij is not None and _tekst(rij.get("reeksbreuk_reden")):
        kanttekeningen.append(f"Reeksbreuk: {rij['reeksbreuk_reden']}.")
    if rij is not None and rij.get("vintage") == "voorlopig":
        kanttekeningen.append(
            "Voorlopige cijfers (gemarkeerd met *) kunnen nog veranderen doordat declaraties en "
            "berichten later binnenkomen."
        )
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


def _rij(df: pd.DataFrame, gemeentecode: str) -> pd.Series | None:
    rijen = df[df["gemeentecode"] == gemeentecode]
    return None if rijen.empty else rijen.iloc[0]


# --- Map -----------------------------------------------------------------------------------------------


def kaart_figuur(stand: pd.DataFrame, geo: pd.DataFrame, eenheid: str, gekozen: str) -> go.Figure:
    """Choropleth of the gemeenten: sequential blues, hidden ones grey ('geheim'), missing ones light grey."""
    features = []
    for r in geo.itertuples():
        features.append(
            {
                "type": "Feature",
                "id": r.gemeentecode,
                "properties": {"gemeentecode": r.gemeentecode, "gemeentenaam": r.gemeentenaam},
                "geometry": json.loads(r.geometrie_geojson),
            }
        )
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
            customdata=[f"{r.gemeentenaam}<br>{cel(pd.Series(r._asdict()), eenheid)}" for r in zichtbaar.itertuples()],
            hovertemplate="%{customdata}<extra></extra>",
            colorbar={
                "title": {"text": "" if eenheid == "%" else eenheid, "side": "right"},
                "thickness": 12,
                "len": 0.7,
                "ticksuffix": "%" if eenheid == "%" else "",
                "tickformat": ",.0f",
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
                f"{r.gemeentenaam}<br>{tekst or GEHEIM + ': ' + _breek(reden(pd.Series(r._asdict())))}"
                for r in df.itertuples()
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    # Name and value on each gemeente, at the mean of its outline's points; white on the dark end of the scale.
    labels = [(r.gemeentecode, *_midden(json.loads(r.geometrie_geojson))) for r in geo.itertuples()]
    tekst = {r.gemeentecode: f"{r.gemeentenaam}<br>{cel(pd.Series(r._asdict()), eenheid)}" for r in rijen.itertuples()}
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
    regio = _rij(stand, REGIO)
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
                    f"Hele regio: {cel(regio, eenheid)}. Grijs = geheim; * = voorlopig."
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
        st.dataframe(tabel, hide_index=True, width="stretch", key="verkennen-tabel-gemeenten", column_config=KOLOMMEN)
        downloads(
            _export(stand, ["gemeentecode", "gemeentenaam"]),
            f"{ind['indicator_id']}_per_gemeente_{_sleutel(keuze)}",
            toegang.gebruiker,
            "gemeenten",
        )
    with rechts:
        toelichting(ind, periode, _rij(stand, keuze.gemeentecode), "gemeenten")


# --- Breakdown -----------------------------------------------------------------------------------------


def uitsplitsing_figuur(rijen: pd.DataFrame, eenheid: str, gebied: str, gekozen: str) -> go.Figure:
    """Horizontal bars per category: the chosen gemeente and the region; hidden ones say 'geheim'."""
    fig = go.Figure()
    reeksen = [(gekozen, gebied, KLEUR_GEMEENTE)]
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
                + (f"<br>{_breek(reden(r))}" if r["onderdrukt"] else "")
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


def _breek(tekst: str, breedte: int = 60) -> str:
    """Wrap hover text, which Plotly does not do by itself."""
    regels, regel = [], ""
    for woord in tekst.split():
        if regel and len(regel) + len(woord) > breedte:
            regels.append(regel)
            regel = woord
        else:
            regel = f"{regel} {woord}".strip()
    return "<br>".join(regels + [regel])


def toon_uitsplitsing(keuze: Keuze, ind: pd.Series, dimensie: str, beschikbaar: list[str], periode: str) -> None:
    toegang, eenheid = keuze.toegang, ind["eenheid"]
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
    rijen = q.uitsplitsing(
        toegang, keuze.snapshot, ind["indicator_id"], keuze.gemeentecode, keuze.periode, keuze.periode_type, dimensie
    )
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
        st.caption('Gearceerd en * = voorlopig; "geheim" = afgeschermd (wijs de balk aan voor de reden).')
        eigen = rijen[rijen["gemeentecode"] == keuze.gemeentecode].set_index("label")
        tabel = pd.DataFrame({label: eigen.index, keuze.gebied: [cel(r, eenheid) for _, r in eigen.iterrows()]})
        if keuze.gemeentecode != REGIO:
            regio = rijen[rijen["gemeentecode"] == REGIO].set_index("label")
            tabel["Hele regio"] = [cel(regio.loc[x], eenheid) if x in regio.index else LEEG for x in eigen.index]
        if eigen["onderdrukt"].any():
            tabel["Waarom geheim"] = [reden(r) for _, r in eigen.iterrows()]
        st.dataframe(
            tabel, hide_index=True, width="stretch", key="verkennen-tabel-uitsplitsing", column_config=KOLOMMEN
        )
        export = _export(rijen, ["gemeentecode", "dimensie_waarde", "label"]).rename(columns={"label": label.lower()})
        downloads(export, f"{ind['indicator_id']}_per_{dimensie}_{_sleutel(keuze)}", toegang.gebruiker, "uitsplitsing")
    with rechts:
        toelichting(ind, periode, _rij(rijen, keuze.gemeentecode), "uitsplitsing")


def ontbrekende_uitsplitsingen(toegang: Toegang, beschikbaar: list[str]) -> list[str]:
    verwacht = [d for d in VERWACHT if d != "aanbieder" or toegang.aanbieders]
    aanwezig = {UITSPLITSINGEN.get(d) for d in beschikbaar}
    return [d for d in verwacht if UITSPLITSINGEN[d] not in aanwezig]


# --- Trend ---------------------------------------------------------------------------------------------


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
        reeksen.append((keuze.gemeentecode, keuze.gebied, KLEUR_GEMEENTE, "solid"))
    reeksen.append((REGIO, "Hele regio", KLEUR_REGIO, "dot" if keuze.gemeentecode != REGIO else "solid"))
    # The comparable-gemeenten value published on the chosen gemeente's rows.
    eigen = trend[trend["gemeentecode"] == keuze.gemeentecode]
    groep = eigen[eigen["waarde_vergelijkingsgroep"].notna()]
    if keuze.gemeentecode != REGIO and not groep.empty:
        groep = groep.assign(reeks="groep", waarde=groep["waarde_vergelijkingsgroep"], onderdrukt=False)
        trend = pd.concat([trend, groep], ignore_index=True)
        reeksen.append(("groep", "Vergelijkbare gemeenten", KLEUR_GROEP, "dash"))
    for code, kleur in zip(vergelijk, KLEUREN_VERGELIJK * 3, strict=False):
        reeksen.append((code, namen.get(code, code), kleur, "dashdot"))
    links, rechts = st.columns([3, 2], gap="medium")
    with links:
        norm = eigen if not eigen.empty else None
        st.plotly_chart(
            trend_figuur(trend, reeksen, eenheid, keuze.periode_type, norm), key="verkennen-trend", config=PLOTLY_CONFIG
        )
        geheim = trend[trend["onderdrukt"]]
        uitleg = "Open rondje = voorlopig."
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
        downloads(
            _export(export, ["reeks", "gemeentenaam", "periode"]),
            f"{ind['indicator_id']}_ontwikkeling_{_sleutel(keuze)}",
            toegang.gebruiker,
            "trend",
        )
    with rechts:
        nu = trend[(trend["reeks"] == keuze.gemeentecode) & (trend["periode"] == pd.Timestamp(keuze.periode))]
        toelichting(ind, periode, _rij(nu, keuze.gemeentecode), "trend")


# --- Wijken --------------------------------------------------------------------------------------------


def toon_wijken(keuze: Keuze, ind: pd.Series, periode: str) -> None:
    """Beleid and up: a table per wijk (no wijk boundaries are published yet, so no wijk map)."""
    toegang, eenheid = keuze.toegang, ind["eenheid"]
    if not toegang.wijken:
        return
    st.subheader("Per wijk", divider="gray")
    if not q.heeft_wijken(toegang, keuze.snapshot, ind["indicator_id"], keuze.periode_type):
        st.caption("Voor deze indicator zijn (nog) geen cijfers per wijk gepubliceerd.")
        return
    wijken = q.per_wijk(
        toegang, keuze.snapshot, ind["indicator_id"], keuze.gemeentecode, keuze.periode, keuze.periode_type
    )
    if wijken.empty:
        st.info(f"Voor {keuze.gebied} zijn er in {periode} geen cijfers per wijk.", icon=":material/info:")
        return
    wijken["onderdrukt"] = wijken["onderdrukt"].astype(bool)
    links, rechts = st.columns([3, 2], gap="medium")
    with links:
        tabel = pd.DataFrame(
            {
                "Gemeente": wijken["gemeentenaam"],
                "Wijk": wijken["wijkcode"],
                "Waarde": [cel(r, eenheid) for _, r in wijken.iterrows()],
                "Stand": [stand_tekst(r) for _, r in wijken.iterrows()],
            }
        )
        if wijken["onderdrukt"].any():
            tabel["Waarom geheim"] = [reden(r) for _, r in wijken.iterrows()]
        if keuze.gemeentecode != REGIO:
            tabel = tabel.drop(columns="Gemeente")
        st.dataframe(tabel, hide_index=True, width="stretch", key="verkennen-tabel-wijken", column_config=KOLOMMEN)
        st.caption("Er zijn nog geen wijkgrenzen gepubliceerd; daarom een tabel in plaats van een kaart.")
        downloads(
            _export(wijken, ["gemeentecode", "gemeentenaam", "wijkcode"]),
            f"{ind['indicator_id']}_per_wijk_{_sleutel(keuze)}",
            toegang.gebruiker,
            "wijken",
        )
    with rechts:
        toelichting(ind, periode, wijken.iloc[0], "wijken")


# --- Export --------------------------------------------------------------------------------------------


def _export(df: pd.DataFrame, sleutels: list[str]) -> pd.DataFrame:
    """The chart's data: numbers stay numbers, a hidden cell is empty with geheim = ja and its reason."""
    geheim = df["onderdrukt"].astype(bool)
    uit = df[[k for k in sleutels if k in df.columns]].copy()
    for kolom in ("waarde", "teller", "noemer", "norm", "waarde_regio", "waarde_vergelijkingsgroep"):
        if kolom in df.columns:
            uit[kolom] = df[kolom].where(~geheim)
    uit["geheim"] = geheim.map({True: "ja", False: "nee"})
    uit["reden_geheim"] = [reden(r) for _, r in df.iterrows()]
    uit["stand"] = df["vintage"]
    uit["volledigheid"] = df["volledigheid"]
    return uit


def _sleutel(keuze: Keuze) -> str:
    return f"{keuze.gemeentecode}_{keuze.periode_type}_{keuze.periode:%Y-%m}"


# --- Page ----------------------------------------------------------------------------------------------


def samenvatting(keuze: Keuze, ind: pd.Series, stand: pd.DataFrame, periode: str) -> None:
    """One line with the chosen area's value, the region, the comparable gemeenten and the norm."""
    eenheid = ind["eenheid"]
    eigen, regio = _rij(stand, keuze.gemeentecode), _rij(stand, REGIO)
    delen = []
    if eigen is not None:
        waarde = cel(eigen, eenheid).removesuffix(" *")  # the status follows in words
        delen.append(f"**{keuze.gebied}: {waarde}** ({stand_tekst(eigen)})")
    if keuze.gemeentecode != REGIO and regio is not None:
        delen.append(f"Hele regio: {cel(regio, eenheid)}")
    if eigen is not None and pd.notna(eigen["waarde_vergelijkingsgroep"]):
        delen.append(f"Vergelijkbare gemeenten: {nl_waarde(eigen['waarde_vergelijkingsgroep'], eenheid)}")
    norm = eigen["norm"] if eigen is not None and pd.notna(eigen["norm"]) else ind["norm"]
    if pd.notna(norm):
        delen.append(f"Norm: {nl_waarde(norm, eenheid)}")
    st.markdown(" · ".join(delen))
    if eigen is not None and eigen["onderdrukt"]:
        st.caption(f"{keuze.gebied} {periode} is geheim: {reden(eigen)}")


def main(keuze: Keuze) -> None:
    toegang, snapshot = keuze.toegang, keuze.snapshot
    data.eis_gemeente(toegang, snapshot, keuze.gemeentecode)
    indicatoren = q.indicatoren(toegang, snapshot)
    if indicatoren.empty:
        st.info("Er zijn nog geen indicatoren gepubliceerd.", icon=":material/hourglass_empty:")
        return
    indicator_id = kies_indicator(indicatoren)
    ind = indicatoren[indicatoren["indicator_id"] == indicator_id].iloc[0]
    beschikbaar = q.uitsplitsingen(toegang, snapshot, indicator_id, keuze.periode_type)
    dimensie, geweigerd = kies_uitsplitsing(beschikbaar)
    ontbreekt = ontbrekende_uitsplitsingen(toegang, beschikbaar)
    if ontbreekt:
        st.sidebar.caption(
            "Deze indicator kent geen uitsplitsing naar "
            + ", ".join(UITSPLITSINGEN[d].lower() for d in ontbreekt)
            + "."
        )
    vergelijk = kies_vergelijking(toegang, data.gemeenten(toegang, snapshot), keuze.gemeentecode)

    periode = nl_periode(keuze.periode, keuze.periode_type)
    st.title(ind["naam"])
    stand = q.per_gemeente(toegang, snapshot, indicator_id, keuze.periode, keuze.periode_type)
    stand["onderdrukt"] = stand["onderdrukt"].fillna(False).astype(bool)
    st.caption(
        " · ".join(
            [
                keuze.gebied,
                periode,
                LAGEN.get(ind["laag"], ind["laag"]),
                f"eenheid: {ind['eenheid']}",
                RICHTING.get(ind["richting"], "geen voorkeursrichting"),
            ]
        )
    )
    samenvatting(keuze, ind, stand, periode)
    if geweigerd:
        st.info(
            f"Deze indicator heeft geen uitsplitsing naar {UITSPLITSINGEN.get(geweigerd, geweigerd).lower()}"
            + (" die u mag inzien" if geweigerd == "aanbieder" else "")
            + "; u ziet het totaal.",
            icon=":material/info:",
        )
    toon_gemeenten(keuze, ind, stand, periode)
    toon_uitsplitsing(keuze, ind, dimensie, beschikbaar, periode)
    toon_trend(keuze, ind, vergelijk, periode)
    toon_wijken(keuze, ind, periode)


main(st.session_state["keuze"])
