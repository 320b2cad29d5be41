"""Building blocks shared by the pages: Dutch names, filter choice, indicator tiles, tables and footer."""

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import data
from dashboards.charts import KLEUR_LIJN, KLEUR_NORM, PLOTLY_CONFIG
from dashboards.format import (
    nl_datumtijd,
    nl_getal,
    nl_maand_kort,
    nl_periode,
    nl_verschil,
    nl_waarde,
)
from dashboards.noemer import NOEMER_GESCHAT, TEKEN, UITLEG, geschat, met_teken
from dashboards.perioden import INDELINGEN, PERIODE_TYPES
from dashboards.toegang import REGIO, Toegang

# laag -> (column title, layer name): the four layers of the steering model
LAGEN = {
    "input": ("Geld", "Input"),
    "throughput": ("Doorlooptijd", "Throughput"),
    "output": ("Bereik", "Output"),
    "outcome": ("Resultaat", "Outcome"),
}
STATUS = {"op_koers": ("op koers", "green"), "aandacht": ("aandacht", "orange"), "uit_koers": ("uit koers", "red")}
DELTA_KLEUR = {"hoger_is_beter": "normal", "lager_is_beter": "inverse"}
RICHTING = {"hoger_is_beter": "hoger is beter", "lager_is_beter": "lager is beter"}
GEHEIM = "geheim"
# Why a gemeente's user of a small region sees no region figures (toegang.ANDEREN_IN_REGIO).
REGIO_VERBORGEN = (
    "De regio telt naast deze gemeente minder dan twee andere gemeenten. Het regiototaal min de eigen cijfers zou "
    "dan de cijfers van een andere gemeente verraden; daarom staat de regio hier niet naast de gemeente."
)
WETTEN = {"jeugd": "Jeugdwet", "wmo": "Wmo"}
# Dutch names of the sources and of the gate's verdicts, for every page that lists deliveries.
BRONNEN = {
    "berichten": "iJw/iWmo-berichten",
    "grootboek": "Grootboek",
    "begroting": "Begroting",
    "aanbieders": "Aanbieders en contracten",
    "cbs_kwb": "CBS Kerncijfers wijken en buurten",
    "zaaksysteem": "Zaaksysteem (export)",
    "enquete": "Cliëntervaringsonderzoek",
    "brp": "BRP (inwoners naar leeftijd)",
}
POORT = {"doorgelaten": "doorgelaten", "geblokkeerd": "tegengehouden", "wacht": "in behandeling"}
REDEN_GEHEIM = {
    "klein_aantal": "Gebaseerd op 0 tot en met 7 personen: niet getoond om herkenbaarheid te voorkomen (CBS-regel).",
    "secundair_dimensie": "Niet getoond omdat dit anders uit het totaal en de andere uitsplitsingen is af te leiden.",
    "secundair_regio": "Niet getoond omdat dit anders uit de regio en de andere gemeenten is af te leiden.",
    "secundair_wijk": "Niet getoond omdat dit anders uit de gemeente en de andere wijken is af te leiden.",
    "secundair_kubus": "Niet getoond omdat dit anders via een reeks totalen uit andere cijfers is af te leiden.",
    "secundair_groep": "Niet getoond: deze periode van de indicator is als geheel afgeschermd, omdat een klein aantal "
    "anders uit de andere cijfers is af te leiden.",
    "te_weinig_basis": "Niet getoond: te weinig trajecten om er iets betrouwbaars over te zeggen.",
}


# A period is judged when at least this share of the region's indicators is definitief: the default view
# never opens on a month whose last declarations are still coming in.
VOLLEDIG_GENOEG = 0.9


@dataclass(frozen=True)
class Keuze:
    """What the user looks at: set by the sidebar in app.py, read by the pages."""

    toegang: Toegang
    snapshot: data.Snapshot
    gemeentecode: str
    gebied: str
    periode: date
    periode_type: str = "maand"

    @property
    def vergelijkt_regio(self) -> bool:
        """Whether the page sets the region beside the chosen gemeente: not for the region itself, nor for a
        user the region is hidden from (REGIO_VERBORGEN)."""
        return self.gemeentecode != REGIO and data.ziet_regio(self.toegang, self.snapshot)

    @property
    def query_args(self) -> tuple:
        """(toegang, snapshot, gemeentecode, periode, periode_type): how every page query begins."""
        return (self.toegang, self.snapshot, self.gemeentecode, self.periode, self.periode_type)


def kies_filters(toegang: Toegang, snapshot: data.Snapshot) -> Keuze:
    """Sidebar filters for gemeente, period type and period, kept in the URL so a view can be shared.

    A gemeente user is offered their own gemeente and the region (when they may see it, else the sidebar says
    why not); a code in the URL outside that scope falls back to the first allowed one (data.py would refuse
    it anyway).
    """
    gemeenten = data.gemeenten(toegang, snapshot)
    namen = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeentenaam"], strict=False))
    regio = data.ziet_regio(toegang, snapshot)
    if toegang.regio_gebruiker:
        namen = {REGIO: "Hele regio", **namen}
    elif regio:
        namen = {**namen, REGIO: "Hele regio"}
    with st.sidebar:
        code = _keuzelijst("Gemeente", namen, "gemeente")
        if not regio:
            st.caption(REGIO_VERBORGEN)
        indelingen = {t: INDELINGEN[t].label for t in PERIODE_TYPES if not data.perioden(toegang, snapshot, t).empty}
        indeling = _keuzelijst("Indeling", indelingen, "indeling")
        perioden = data.perioden(toegang, snapshot, indeling)
        opties = {
            p.strftime("%Y-%m"): _periode_label(p, v, indeling)
            for p, v in zip(perioden["periode"], perioden["aandeel_definitief"], strict=False)
        }
        periode = _keuzelijst("Periode", opties, "periode", standaard=_standaard_periode(perioden))
    gekozen = date.fromisoformat(periode + "-01")
    return Keuze(toegang, snapshot, code, _gebied(code, namen, gemeenten), gekozen, indeling)


def _standaard_periode(perioden: pd.DataFrame) -> str:
    """The newest period complete enough to judge, else the newest."""
    volledig = perioden[perioden["aandeel_definitief"] >= VOLLEDIG_GENOEG]
    kies = volledig if not volledig.empty else perioden
    return kies["periode"].iloc[0].strftime("%Y-%m")


def _periode_label(periode: date, aandeel_definitief: float, periode_type: str) -> str:
    label = nl_periode(periode, periode_type)
    return label if aandeel_definitief >= VOLLEDIG_GENOEG else f"{label} (voorlopig)"


def _keuzelijst(label: str, opties: dict[str, str], param: str, standaard: str | None = None) -> str:
    """A selectbox over `opties` (URL value -> label) that starts from and writes back to the URL."""
    waarden = list(opties)
    # The URL first, then what the user chose earlier in this session (a page without filters in between
    # drops the widget's own state), then the default.
    gevraagd = st.query_params.get(param) or st.session_state.get(f"gekozen_{param}")
    if gevraagd not in opties:
        gevraagd = standaard if standaard in opties else waarden[0]
    gekozen = st.selectbox(label, waarden, index=waarden.index(gevraagd), format_func=opties.__getitem__, key=param)
    st.query_params[param] = gekozen
    st.session_state[f"gekozen_{param}"] = gekozen
    return gekozen


def _gebied(code: str, namen: dict[str, str], gemeenten: pd.DataFrame) -> str:
    if code != REGIO:
        return namen[code]
    regio = gemeenten["regio"].dropna().unique()
    return f"Hele regio ({regio[0]})" if len(regio) == 1 else "Hele regio"


def laag_kop(laag: str) -> None:
    titel, naam = LAGEN[laag]
    st.subheader(titel, divider="gray")
    st.caption(naam)


def indicator_tegel(indicator: pd.Series, trend: pd.DataFrame, keuze: Keuze) -> None:
    """Metric (or "geheim"), status, vintage, norm, comparisons, sparkline and a link to the detail."""
    with st.container(border=True):
        st.markdown(f"**{indicator['naam']}**")  # a metric label would be cut off in narrow columns
        if indicator["onderdrukt"]:
            st.metric(
                indicator["naam"],
                GEHEIM,
                label_visibility="collapsed",
                help=REDEN_GEHEIM.get(indicator["reden_onderdrukt"], REDEN_GEHEIM["klein_aantal"]),
            )
        else:
            st.metric(
                indicator["naam"],
                met_teken(nl_waarde(indicator["waarde"], indicator["eenheid"]), indicator),
                label_visibility="collapsed",
                help=UITLEG if geschat(indicator) else None,
                **_delta(indicator),
            )
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            label, kleur = _status(indicator)
            st.badge(label, color=kleur)
            if pd.notna(indicator["norm"]):
                st.caption(f"Norm: {nl_waarde(indicator['norm'], indicator['eenheid'])}")
        if geschat(indicator):
            st.caption(f"{TEKEN} {NOEMER_GESCHAT}")
        vergelijking = _vergelijking(indicator, keuze.periode_type)
        if vergelijking:
            st.caption(vergelijking)
        if len(trend) > 1:
            st.plotly_chart(
                trend_figuur(trend, indicator["eenheid"], keuze.periode_type, hoogte=90),
                key=f"trend-{indicator['indicator_id']}",
                config=PLOTLY_CONFIG,
            )
        st.page_link(
            "views/verkennen.py",
            label="Details",
            icon=":material/arrow_forward:",
            help=indicator["definitie"],
            query_params={
                "indicator": indicator["indicator_id"],
                "gemeente": keuze.gemeentecode,
                "indeling": keuze.periode_type,
                "periode": f"{keuze.periode:%Y-%m}",
            },
        )


def status_label(status: str | None, vintage: str | None = None) -> str:
    """Dutch name of a status; a voorlopig value has none yet."""
    if vintage == "voorlopig":
        return "voorlopig"
    return STATUS.get(status, ("geen norm", "gray"))[0]


def _delta(indicator: pd.Series) -> dict:
    """st.metric delta arguments: change against the same period a year earlier."""
    if pd.isna(indicator["waarde"]) or pd.isna(indicator["waarde_vorig_jaar"]):
        return {}
    tekst = nl_verschil(indicator["waarde"] - indicator["waarde_vorig_jaar"], indicator["eenheid"])
    veranderd = tekst.startswith(("+", "-"))
    return {
        "delta": tekst,
        "delta_color": DELTA_KLEUR.get(indicator["richting"], "off") if veranderd else "off",
        "delta_arrow": "auto" if veranderd else "off",
    }


def _voorlopig(volledigheid: float | None) -> str:
    if volledigheid is None or pd.isna(volledigheid):
        return "voorlopig"
    return f"voorlopig ({nl_getal(100 * volledigheid)}% compleet)"


def _vergelijking(indicator: pd.Series, periode_type: str) -> str:
    """One line: change against the previous period, and the region and comparable gemeenten beside it."""
    eenheid = indicator["eenheid"]
    delen = []
    if pd.notna(indicator["waarde"]) and pd.notna(indicator["waarde_vorige_periode"]):
        verschil = nl_verschil(indicator["waarde"] - indicator["waarde_vorige_periode"], eenheid)
        delen.append(f"{verschil} t.o.v. {INDELINGEN[periode_type].vorige}")
    if pd.notna(indicator["waarde_regio"]) and indicator.get("gemeentecode") != REGIO:
        delen.append(f"Regio: {nl_waarde(indicator['waarde_regio'], eenheid)}")
    if pd.notna(indicator["waarde_vergelijkingsgroep"]):
        delen.append(f"Vergelijkbare gemeenten: {nl_waarde(indicator['waarde_vergelijkingsgroep'], eenheid)}")
    if pd.notna(indicator["waarde_cbs"]):
        delen.append(f"CBS {int(indicator['jaar_cbs'])}: {nl_waarde(indicator['waarde_cbs'], eenheid)}")
    return " · ".join(delen)


def _status(indicator: pd.Series) -> tuple[str, str]:
    """Badge text and colour; a voorlopig value gets no status colour (no false signals)."""
    if indicator["onderdrukt"]:
        return GEHEIM, "gray"
    if pd.isna(indicator["waarde"]):
        return "geen gegevens", "gray"
    if indicator["vintage"] == "voorlopig":
        return _voorlopig(indicator["volledigheid"]), "gray"
    return STATUS.get(indicator["status"], ("geen norm", "gray"))


def trend_figuur(trend: pd.DataFrame, eenheid: str, periode_type: str = "maand", hoogte: int = 160) -> go.Figure:
    """Small line chart of the value with the norm dashed; Dutch labels computed here, not by a locale."""
    maanden = [p.date() for p in trend["periode"]]
    per_jaar = 12 // INDELINGEN[periode_type].maanden
    fig = go.Figure()
    fig.add_scatter(
        x=maanden,
        y=trend["waarde"],
        mode="lines",
        line={"color": KLEUR_LIJN, "width": 2},
        customdata=[
            f"{nl_periode(m, periode_type)}: {nl_waarde(w, eenheid)}"
            for m, w in zip(maanden, trend["waarde"], strict=False)
        ],
        hovertemplate="%{customdata}<extra></extra>",
    )
    if trend["norm"].notna().any():
        fig.add_scatter(
            x=maanden,
            y=trend["norm"],
            mode="lines",
            line={"color": KLEUR_NORM, "width": 1.5, "dash": "dash"},
            customdata=[f"Norm: {nl_waarde(n, eenheid)}" for n in trend["norm"]],
            hovertemplate="%{customdata}<extra></extra>",
        )
    ticks = maanden[::-per_jaar]  # the chosen period and the same period in earlier years
    labels = [nl_maand_kort(m) if periode_type == "maand" else nl_periode(m, periode_type) for m in ticks]
    fig.update_xaxes(tickvals=ticks, ticktext=labels, tickangle=0, showgrid=False)
    fig.update_yaxes(nticks=4, ticksuffix="%" if eenheid == "%" else "")
    fig.update_layout(
        height=hoogte, margin={"l": 0, "r": 28, "t": 8, "b": 0}, showlegend=False, separators=",.", hovermode="closest"
    )
    return fig


def namen(codes: pd.Series, lijst: dict[str, str]) -> pd.Series:
    """Codes as their Dutch names from `lijst`; a code it does not know stays as it is."""
    return codes.map(lambda c: lijst.get(c, c))


def open_pagina(toegang: Toegang, pagina: str, titel: str, uitleg: str) -> None:
    """Refuse a user whose role may not open `pagina` (GeenToegang), then its title and what it is for."""
    toegang.eis(pagina)
    st.title(titel)
    st.caption(uitleg)


def toon_tabel(df: pd.DataFrame, sleutel: str | None = None, uitleg: dict[str, str] | None = None, **opties) -> None:
    """A table the width of the page without its index; uitleg: column -> the help text on its header."""
    if uitleg:
        opties["column_config"] = {kolom: st.column_config.TextColumn(help=tekst) for kolom, tekst in uitleg.items()}
    st.dataframe(df, hide_index=True, width="stretch", key=sleutel, **opties)


def voettekst(toegang: Toegang, snapshot: data.Snapshot) -> None:
    info = data.snapshot_info(toegang, snapshot)
    st.divider()
    st.caption(
        f"Gegevens: snapshot {info['versie']}, gepubliceerd {nl_datumtijd(info['gepubliceerd_op'])}. "
        "Bron bevolking: de BRP van de gemeente, anders CBS (≈: naar leeftijd geschat)."
    )
