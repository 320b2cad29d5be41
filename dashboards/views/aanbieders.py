"""Aanbieders: contract management. Per care provider its figures against the contract, the norm and the region.

An overview table (one row per aanbieder, the all-aanbieders totals of the gemeente and the region on top)
and the detail of one aanbieder, kept in the URL as ?aanbieder=<AGB code>: contract ceiling use with the
70% signal of the Contractstandaarden, the trend of beëindigd volgens plan, and the wait-time
distribution (p80-p95) against the norm. Hidden cells show "geheim" with the reason; provisional values
are marked and get no status colour.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import export
from dashboards.components import GEHEIM, PLOTLY_CONFIG, REDEN_GEHEIM, Keuze
from dashboards.format import LEEG, MAANDEN_KORT, nl_euro, nl_getal, nl_maand_kort, nl_periode, nl_waarde
from dashboards.perioden import laatste_maand
from dashboards.queries import aanbieders as q
from dashboards.toegang import REGIO, Pagina

# Okabe-Ito: distinguishable with every common colour-vision deficiency; the status also has a symbol.
BLAUW, ORANJE, VERMILJOEN, GRIJS, HEMELBLAUW = "#0072B2", "#E69F00", "#D55E00", "#6B7580", "#56B4E9"
STATUS = {  # status -> (label, symbol, cell background)
    "op_koers": ("op koers", "✓", "#D4E6F1"),
    "aandacht": ("aandacht", "!", "#FBE5B6"),
    "uit_koers": ("uit koers", "✗", "#F5CDB6"),
}
VOORLOPIG = "*"
SIGNAAL_PLAFOND = 70.0  # Contractstandaarden: at 70% of the bestedingsruimte an overleg within 2 weeks
# Short column titles of the overview; an indicator not listed gets its name.
KOPPEN = {
    "budgetuitputting": "Contractplafond benut",
    "beeindigd_volgens_plan": "Beëindigd volgens plan",
    "kosten_per_succesvol_traject": "Kosten per geslaagd traject",
    "wachttijd_aanbieder_p80": "Wachttijd p80",
    "wachttijd_aanbieder_p95": "Wachttijd p95",
    "wachttijd_besluit_mediaan": "Besluit mediaan",
}
# In the detail only: the overview would get too wide.
ALLEEN_DETAIL = ("wachttijd_besluit_p80", "wachttijd_besluit_p95")
WETTEN = {"jeugd": "Jeugdwet", "wmo": "Wmo"}
STARTS, BEEINDIGD = "Starts", "Beëindigd"  # volume columns (see _volumes)


def main() -> None:
    keuze: Keuze = st.session_state["keuze"]
    toegang = keuze.toegang
    st.title("Aanbieders")
    if not toegang.mag(Pagina.AANBIEDERS):  # the app does not list the page; data.py would refuse anyway
        st.error("Deze pagina is alleen voor beleid, controllers en beheer.", icon=":material/block:")
        return
    periode_tekst = nl_periode(keuze.periode, keuze.periode_type)
    st.caption(
        f"{keuze.gebied} · {periode_tekst}. Contractmanagement: de cijfers per aanbieder naast het contract, "
        "de norm en alle aanbieders samen."
    )

    indicatoren = q.indicatoren(toegang, keuze.snapshot).set_index("indicator_id")
    rijen = q.overzicht(toegang, keuze.snapshot, keuze.gemeentecode, keuze.periode, keuze.periode_type)
    if rijen.empty:
        st.info(f"Geen cijfers per aanbieder voor {keuze.gebied} in {periode_tekst}.", icon=":material/info:")
        _niet_per_aanbieder(indicatoren)
        return
    totalen = q.totalen(toegang, keuze.snapshot, keuze.gemeentecode, keuze.periode, keuze.periode_type)
    kolommen = _kolommen(rijen)
    aanbieders = _aanbieders(rijen)

    _plafondsignaal(rijen, aanbieders)
    volgorde = _overzicht(keuze, rijen, totalen, indicatoren, kolommen, aanbieders)
    agb = _kies_aanbieder(volgorde, aanbieders)
    _detail(keuze, agb, aanbieders.loc[agb], rijen, totalen, indicatoren)
    _niet_per_aanbieder(indicatoren)


# --- Overview ------------------------------------------------------------------------------------------


def _kolommen(rijen: pd.DataFrame) -> list[str]:
    """Indicator ids of the overview: the known ones in their order, then any new per-aanbieder indicator."""
    aanwezig = set(rijen["indicator_id"]) - set(ALLEEN_DETAIL)
    bekend = [i for i in q.PER_AANBIEDER if i in aanwezig]
    return bekend + sorted(aanwezig - set(bekend))


def _aanbieders(rijen: pd.DataFrame) -> pd.DataFrame:
    """agb_code -> naam (or 'AGB ...' when dim_aanbieder does not know it), kvk_nummer, wet, financieringsvorm."""
    a = rijen.drop_duplicates("agb_code").set_index("agb_code")[["naam", "kvk_nummer", "wet", "financieringsvorm"]]
    a["naam"] = [
        n if isinstance(n, str) and n else f"AGB {agb} (onbekend)" for agb, n in zip(a.index, a["naam"], strict=False)
    ]
    return a.sort_values("naam")


def _cel(rij: pd.Series | None, eenheid: str, kort: bool = False) -> tuple[str, str, str]:
    """(text, background css, tooltip) of one figure: geheim with its reason, voorlopig without a status.

    kort: days without their unit (the overview's column title names it).
    """
    if rij is None:
        return LEEG, "", ""
    if rij["onderdrukt"]:
        return GEHEIM, f"color: {GRIJS}; font-style: italic", _reden(rij["reden_onderdrukt"])
    if pd.isna(rij["waarde"]):
        return LEEG, "", ""
    tekst = nl_getal(rij["waarde"]) if kort and eenheid == "dagen" else nl_waarde(rij["waarde"], eenheid)
    if rij["vintage"] == "voorlopig":
        return f"{tekst} {VOORLOPIG}", "", _voorlopig(rij["volledigheid"])
    if rij["status"] in STATUS:
        label, symbool, kleur = STATUS[rij["status"]]
        return f"{tekst} {symbool}", f"background-color: {kleur}", f"{label} (norm {nl_waarde(rij['norm'], eenheid)})"
    return tekst, "", ""


def _reden(reden: str | None) -> str:
    return REDEN_GEHEIM.get(reden, REDEN_GEHEIM["klein_aantal"])


def _voorlopig(volledigheid: float | None) -> str:
    binnen = "" if volledigheid is None or pd.isna(volledigheid) else f" ({nl_getal(100 * volledigheid)}% binnen)"
    return f"Voorlopig: de gegevens over deze periode zijn nog niet compleet{binnen}; nog geen oordeel."


def _eenheid(indicatoren: pd.DataFrame, indicator_id: str) -> str:
    return indicatoren.at[indicator_id, "eenheid"] if indicator_id in indicatoren.index else ""


def _kop(indicatoren: pd.DataFrame, indicator_id: str, met_eenheid: bool = False) -> str:
    if indicator_id in KOPPEN:
        kop = KOPPEN[indicator_id]
    else:
        kop = indicatoren.at[indicator_id, "naam"] if indicator_id in indicatoren.index else indicator_id
    return f"{kop} (dagen)" if met_eenheid and _eenheid(indicatoren, indicator_id) == "dagen" else kop


def _volumes(per: dict) -> tuple[tuple, tuple]:
    """Volume cells: starts (teller of the p80 wait time) and ended trajectories (noemer of beëindigd)."""
    uit = []
    for indicator_id, kolom in (("wachttijd_aanbieder_p80", "teller"), ("beeindigd_volgens_plan", "noemer")):
        rij = per.get(indicator_id)
        if rij is None:
            uit.append((LEEG, "", ""))
        elif rij["onderdrukt"]:
            uit.append((GEHEIM, f"color: {GRIJS}; font-style: italic", _reden(rij["reden_onderdrukt"])))
        else:
            uit.append((LEEG if pd.isna(rij[kolom]) else nl_getal(rij[kolom]), "", ""))
    return tuple(uit)


def _sorteer(
    rijen: pd.DataFrame, aanbieders: pd.DataFrame, indicatoren: pd.DataFrame, kolommen: list[str]
) -> list[str]:
    """AGB codes in the order the user picks: by name, or worst first on one indicator (geheim last)."""
    opties = {"naam": "Naam"}
    for i in kolommen:
        richting = indicatoren.at[i, "richting"] if i in indicatoren.index else ""
        opties[i] = f"{_kop(indicatoren, i)} ({'laagste' if richting == 'hoger_is_beter' else 'hoogste'} eerst)"
    standaard = "budgetuitputting" if "budgetuitputting" in opties else "naam"
    gekozen = st.selectbox(
        "Sorteer op",
        list(opties),
        index=list(opties).index(standaard),
        format_func=opties.__getitem__,
        key="aanbieders_sortering",
        width=360,
    )
    if gekozen == "naam":
        return list(aanbieders.index)
    waarden = rijen[(rijen["indicator_id"] == gekozen) & ~rijen["onderdrukt"]].set_index("agb_code")["waarde"]
    oplopend = indicatoren.at[gekozen, "richting"] == "hoger_is_beter" if gekozen in indicatoren.index else False
    sleutel = pd.DataFrame({"naam": aanbieders["naam"], "waarde": waarden.reindex(aanbieders.index)})
    return list(sleutel.sort_values(["waarde", "naam"], ascending=[oplopend, True], na_position="last").index)


def _overzicht(
    keuze: Keuze,
    rijen: pd.DataFrame,
    totalen: pd.DataFrame,
    indicatoren: pd.DataFrame,
    kolommen: list[str],
    aanbieders: pd.DataFrame,
) -> list[str]:
    """The table: totals first, then one row per aanbieder; returns the AGB codes in the shown order."""
    st.subheader("Overzicht per aanbieder", divider="gray")
    volgorde = _sorteer(rijen, aanbieders, indicatoren, kolommen)
    per = {(r["agb_code"], r["indicator_id"]): r for _, r in rijen.iterrows()}
    tot = {(r["gemeentecode"], r["indicator_id"]): r for _, r in totalen.iterrows()}
    koppen = (
        ["Aanbieder", "AGB", "Wet", "Financiering"]
        + [_kop(indicatoren, i, True) for i in kolommen]
        + [STARTS, BEEINDIGD]
    )

    regels = []  # per table row: list of (text, css, tooltip)
    vergelijk = [(keuze.gemeentecode, _alle(keuze.gemeentecode, keuze.gebied))]
    if keuze.gemeentecode != REGIO:
        vergelijk.append((REGIO, _alle(REGIO, keuze.gebied)))
    for code, label in vergelijk:
        cellen = {i: tot.get((code, i)) for i in kolommen}
        regels.append(
            [(label, "font-weight: 600", ""), ("", "", ""), ("", "", ""), ("", "", "")]
            + [_cel(cellen[i], _eenheid(indicatoren, i), True) for i in kolommen]
            + list(_volumes(cellen))
        )
    for agb in volgorde:
        a = aanbieders.loc[agb]
        cellen = {i: per.get((agb, i)) for i in kolommen}
        regels.append(
            [
                (a["naam"], "", ""),
                (agb, "", ""),
                (WETTEN.get(a["wet"], a["wet"] or LEEG), "", ""),
                (a["financieringsvorm"] or LEEG, "", ""),
            ]
            + [_cel(cellen[i], _eenheid(indicatoren, i), True) for i in kolommen]
            + list(_volumes(cellen))
        )

    tekst = pd.DataFrame([[c[0] for c in r] for r in regels], columns=koppen)
    css = pd.DataFrame([[c[1] for c in r] for r in regels], columns=koppen)
    tips = pd.DataFrame([[c[2] or None for c in r] for r in regels], columns=koppen)
    for k in range(len(vergelijk)):  # the comparison rows stand apart from the aanbieders
        css.iloc[k] = [f"{c}; background-color: #EEF1F4" if "background" not in c else c for c in css.iloc[k]]
    st.table(_stijl(tekst, css, tips), hide_index=True)
    _legenda(rijen, kolommen, indicatoren, len(aanbieders))
    export.downloads(
        _export_overzicht(keuze, rijen, totalen, indicatoren, aanbieders),
        _bestandsnaam(keuze),
        keuze.toegang.gebruiker,
        "aanbieders-overzicht",
    )
    return volgorde


def _alle(gemeentecode: str, gebied: str) -> str:
    return "Alle aanbieders · regio" if gemeentecode == REGIO else f"Alle aanbieders · {gebied}"


# The hover text of a cell (pandas Styler tooltip): wide enough for a reason, below the cell.
_TOOLTIP = (
    "visibility: hidden; position: absolute; z-index: 10; background-color: #1F2933; color: #FFFFFF;"
    " padding: 6px 8px; border-radius: 4px; width: 300px; white-space: normal; font-style: normal;"
    " font-weight: 400; font-size: 0.8rem; line-height: 1.3; transform: translate(-140px, 28px);"
)


def _stijl(tekst: pd.DataFrame, css: pd.DataFrame, tips: pd.DataFrame):
    return tekst.style.apply(lambda _: css, axis=None).set_tooltips(tips, props=_TOOLTIP).hide(axis="index")


def _legenda(rijen: pd.DataFrame, kolommen: list[str], indicatoren: pd.DataFrame, aantal: int) -> None:
    """Status symbols, provisional mark, and how many aanbieders are hidden per figure and why."""
    st.caption(
        "✓ op koers · ! aandacht · ✗ uit koers, tegen de norm of het contract. "
        f"{VOORLOPIG} voorlopig: de gegevens over deze periode zijn nog niet compleet, daarom zonder oordeel. "
        "Wachttijd p80/p95: binnen zoveel dagen startte 80%/95% van de zorg na de toewijzing. "
        f"{STARTS}: zorgstarts in de periode; {BEEINDIGD}: beëindigde trajecten (zonder neutrale redenen)."
    )
    geheim = rijen[rijen["onderdrukt"] & rijen["indicator_id"].isin(kolommen)]
    if geheim.empty:
        return
    per_indicator = geheim.groupby("indicator_id")["agb_code"].nunique()
    delen = [f"{_kop(indicatoren, i)} bij {per_indicator[i]}" for i in kolommen if i in per_indicator]
    st.caption(
        f"**Geheim:** bij {geheim['agb_code'].nunique()} van {aantal} aanbieders is ten minste één cijfer "
        f"niet getoond ({', '.join(delen)}). Beweeg over 'geheim' voor de reden."
    )
    for reden in sorted(geheim["reden_onderdrukt"].fillna("klein_aantal").unique()):
        st.caption(f"{GEHEIM}: {_reden(reden)}")


def _export_overzicht(
    keuze: Keuze, rijen: pd.DataFrame, totalen: pd.DataFrame, indicatoren: pd.DataFrame, aanbieders: pd.DataFrame
) -> pd.DataFrame:
    """Long format for a spreadsheet: one line per aanbieder (or total) and indicator; hidden values stay empty."""
    per_aanbieder = rijen.assign(aanbieder=rijen["agb_code"].map(aanbieders["naam"]))
    gebied = {keuze.gemeentecode: _alle(keuze.gemeentecode, keuze.gebied), REGIO: _alle(REGIO, keuze.gebied)}
    tot = totalen[totalen["indicator_id"].isin(set(rijen["indicator_id"]))]
    tot = tot.assign(aanbieder=tot["gemeentecode"].map(gebied), agb_code=None)
    alles = pd.concat([tot, per_aanbieder], ignore_index=True)
    naam = indicatoren["naam"].to_dict()
    return pd.DataFrame(
        {
            "Periode": nl_periode(keuze.periode, keuze.periode_type),
            "Gebied": keuze.gebied,
            "Aanbieder": alles["aanbieder"],
            "AGB": alles["agb_code"],
            "Wet": alles["agb_code"].map(aanbieders["wet"]).map(lambda w: WETTEN.get(w, w)),
            "Financieringsvorm": alles["agb_code"].map(aanbieders["financieringsvorm"]),
            "Indicator": alles["indicator_id"].map(lambda i: naam.get(i, i)),
            "Waarde": alles["waarde"].where(~alles["onderdrukt"]),
            "Eenheid": alles["indicator_id"].map(lambda i: _eenheid(indicatoren, i)),
            "Norm": alles["norm"],
            "Status": [
                GEHEIM if o else ("voorlopig" if v == "voorlopig" else STATUS.get(s, ("",))[0])
                for o, v, s in zip(alles["onderdrukt"], alles["vintage"], alles["status"], strict=False)
            ],
            "Reden geheim": [
                _reden(r) if o else "" for o, r in zip(alles["onderdrukt"], alles["reden_onderdrukt"], strict=False)
            ],
            "Teller": alles["teller"].where(~alles["onderdrukt"]),
            "Noemer": alles["noemer"].where(~alles["onderdrukt"]),
            "Deze aanbieder in de regio": alles["waarde_regio"].where(alles["agb_code"].notna()),
            "Gegevens": alles["vintage"],
        }
    )


def _bestandsnaam(keuze: Keuze, *delen: str) -> str:
    return "_".join(["aanbieders", keuze.gemeentecode, keuze.periode.strftime("%Y-%m"), *delen])


def _plafondsignaal(rijen: pd.DataFrame, aanbieders: pd.DataFrame) -> None:
    """Aanbieders at or over 70% of their contract ceiling: the Contractstandaarden ask for an overleg."""
    plafond = rijen[
        (rijen["indicator_id"] == "budgetuitputting") & ~rijen["onderdrukt"] & (rijen["waarde"] >= SIGNAAL_PLAFOND)
    ].sort_values("waarde", ascending=False)
    if plafond.empty:
        return
    namen = [
        f"{aanbieders.at[r['agb_code'], 'naam']}: {_plafond_tekst(r)}"
        f"{' (voorlopig)' if r['vintage'] == 'voorlopig' else ''}"
        for _, r in plafond.iterrows()
    ]
    st.warning(
        f"**{len(plafond)} {'aanbieder' if len(plafond) == 1 else 'aanbieders'} op of boven "
        f"{nl_getal(SIGNAAL_PLAFOND)}% van het contractplafond:** {'; '.join(namen)}. Volgens de "
        "Contractstandaarden volgt bij 70% van de bestedingsruimte binnen 2 weken overleg met de aanbieder.",
        icon=":material/campaign:",
    )


def _plafond_tekst(rij: pd.Series) -> str:
    tekst = nl_waarde(rij["waarde"], "%")
    if pd.notna(rij["teller"]) and pd.notna(rij["noemer"]):
        tekst += f", {nl_euro(rij['teller'])} van {nl_euro(rij['noemer'])}"
    return tekst


# --- Detail of one aanbieder -----------------------------------------------------------------------------


def _kies_aanbieder(volgorde: list[str], aanbieders: pd.DataFrame) -> str:
    """The aanbieder of the detail, from and back to ?aanbieder=<AGB>; an unknown code falls back to the first."""
    gevraagd = st.query_params.get("aanbieder")
    if gevraagd not in aanbieders.index:
        gevraagd = volgorde[0]
    opties = sorted(aanbieders.index, key=lambda a: aanbieders.at[a, "naam"])
    st.subheader("Aanbieder in detail", divider="gray")
    gekozen = st.selectbox(
        "Aanbieder",
        opties,
        index=opties.index(gevraagd),
        format_func=lambda a: f"{aanbieders.at[a, 'naam']} (AGB {a})",
        key="aanbieders_keuze",
        width=480,
    )
    st.query_params["aanbieder"] = gekozen
    return gekozen


def _detail(
    keuze: Keuze, agb: str, aanbieder: pd.Series, rijen: pd.DataFrame, totalen: pd.DataFrame, indicatoren: pd.DataFrame
) -> None:
    toegang, snapshot = keuze.toegang, keuze.snapshot
    kvk = f" · KvK {aanbieder['kvk_nummer']}" if isinstance(aanbieder["kvk_nummer"], str) else ""
    st.markdown(
        f"**{aanbieder['naam']}** · AGB {agb}{kvk} · {WETTEN.get(aanbieder['wet'], aanbieder['wet'] or LEEG)}"
        f" · {aanbieder['financieringsvorm'] or LEEG}"
    )
    eigen = rijen[rijen["agb_code"] == agb]
    _kerncijfers(keuze, agb, eigen, totalen, indicatoren)

    verloop = q.verloop(
        toegang,
        snapshot,
        keuze.gemeentecode,
        agb,
        keuze.periode,
        keuze.periode_type,
        maanden={"maand": 24, "kwartaal": 36, "halfjaar": 48, "jaar": 60}[keuze.periode_type],
    )
    tot = _tot_maand(keuze.periode, keuze.periode_type)
    plafond = q.plafond(toegang, snapshot, keuze.gemeentecode, agb, tot)
    norm = _wachttijdnorm(totalen, indicatoren, keuze.gemeentecode)

    links, rechts = st.columns(2, gap="large")
    with links:
        _plafond(keuze, agb, plafond, tot)
    with rechts:
        _beeindigd(keuze, agb, verloop, indicatoren)
    links, rechts = st.columns(2, gap="large")
    with links:
        _wachttijd(keuze, agb, verloop, norm)
    with rechts:
        _besluit(keuze, agb, verloop, indicatoren)


def _tot_maand(periode: date, periode_type: str) -> date:
    """The last month of the period: the contract ceiling chart runs from januari up to it."""
    return laatste_maand(periode, periode_type)


def _wachttijdnorm(totalen: pd.DataFrame, indicatoren: pd.DataFrame, gemeentecode: str) -> float | None:
    """The gemeente's wait-time norm (on the median), else the catalogue's."""
    rij = totalen[(totalen["indicator_id"] == q.WACHTTIJDNORM) & (totalen["gemeentecode"] == gemeentecode)]
    if not rij.empty and pd.notna(rij["norm"].iloc[0]):
        return float(rij["norm"].iloc[0])
    if q.WACHTTIJDNORM in indicatoren.index and pd.notna(indicatoren.at[q.WACHTTIJDNORM, "norm"]):
        return float(indicatoren.at[q.WACHTTIJDNORM, "norm"])
    return None


def _kerncijfers(keuze: Keuze, agb: str, eigen: pd.DataFrame, totalen: pd.DataFrame, indicatoren: pd.DataFrame) -> None:
    """This aanbieder's figures beside the same aanbieder in the region and all aanbieders together."""
    ids = [
        i
        for i in [*q.PER_AANBIEDER, *sorted(set(eigen["indicator_id"]) - set(q.PER_AANBIEDER))]
        if i in set(eigen["indicator_id"])
    ]
    per = eigen.set_index("indicator_id")
    tot = {(r["gemeentecode"], r["indicator_id"]): r for _, r in totalen.iterrows()}
    regio = keuze.gemeentecode == REGIO
    kolommen = ["Indicator", "Deze aanbieder", "Norm"]
    if not regio:
        kolommen.append("Deze aanbieder · regio")
    kolommen.append(_alle(keuze.gemeentecode, keuze.gebied))
    if not regio:
        kolommen.append(_alle(REGIO, keuze.gebied))
    regels = []
    for i in ids:
        eenheid = _eenheid(indicatoren, i)
        rij = per.loc[i]
        cellen = [
            (indicatoren.at[i, "naam"] if i in indicatoren.index else i, "", ""),
            _cel(rij, eenheid),
            (nl_waarde(rij["norm"], eenheid) if pd.notna(rij["norm"]) else LEEG, "", ""),
        ]
        if not regio:
            # published on its own REGIO row (and empty when that row is hidden)
            cellen.append((nl_waarde(rij["waarde_regio"], eenheid), "", ""))
        cellen.append(_cel(tot.get((keuze.gemeentecode, i)), eenheid))
        if not regio:
            cellen.append(_cel(tot.get((REGIO, i)), eenheid))
        regels.append(cellen)
    tekst = pd.DataFrame([[c[0] for c in r] for r in regels], columns=kolommen)
    css = pd.DataFrame([[c[1] for c in r] for r in regels], columns=kolommen)
    tips = pd.DataFrame([[c[2] or None for c in r] for r in regels], columns=kolommen)
    st.table(_stijl(tekst, css, tips), hide_index=True)
    export.downloads(tekst, _bestandsnaam(keuze, agb, "kerncijfers"), keuze.toegang.gebruiker, "aanbieders-kerncijfers")


def _labels(perioden, periode_type: str) -> list[str]:
    return [nl_maand_kort(p) if periode_type == "maand" else nl_periode(p, periode_type) for p in perioden]


def _layout(fig: go.Figure, labels: list[str], hoogte: int = 300, **y) -> go.Figure:
    """Category x axis with at most about eight labels, level, the newest period always labelled."""
    stap = max(1, -(-len(labels) // 8))
    ticks = labels[::-1][::stap][::-1]
    fig.update_layout(
        height=hoogte,
        margin={"l": 0, "r": 8, "t": 8, "b": 0},
        separators=",.",
        hovermode="closest",
        legend={"orientation": "h", "y": -0.15, "x": 0},
        bargap=0.35,
    )
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        tickvals=ticks,
        ticktext=ticks,
        tickangle=0,
        showgrid=False,
    )
    fig.update_yaxes(rangemode="tozero", **y)
    return fig


def _normlijn(fig: go.Figure, waarde: float, tekst: str, kleur: str = GRIJS, stijl: str = "dash") -> None:
    fig.add_hline(
        y=waarde,
        line={"color": kleur, "dash": stijl, "width": 1.5},
        annotation={"text": tekst, "font": {"color": kleur, "size": 12}, "bgcolor": "rgba(255,255,255,0.8)"},
        annotation_position="top left",
    )


def _geheim_markering(fig: go.Figure, reeks: pd.DataFrame, labels: list[str]) -> None:
    """Hidden periods: a grey cross on the axis with the reason on hover, never a value."""
    geheim = [
        (lab, _reden(r)) for lab, o, r in zip(labels, reeks["onderdrukt"], reeks["reden_onderdrukt"], strict=False) if o
    ]
    if geheim:
        fig.add_scatter(
            x=[g[0] for g in geheim],
            y=[0] * len(geheim),
            mode="markers",
            name=GEHEIM,
            marker={"symbol": "x-thin", "size": 9, "line": {"width": 2, "color": GRIJS}},
            customdata=[f"{lab}: {GEHEIM}. {reden}" for lab, reden in geheim],
            hovertemplate="%{customdata}<extra></extra>",
            cliponaxis=False,
        )


def _verloop_export(reeks: pd.DataFrame, naam: str, eenheid: str, periode_type: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Periode": [nl_periode(p, periode_type) for p in reeks["periode"]],
            "Indicator": naam,
            "Waarde": reeks["waarde"].where(~reeks["onderdrukt"]),
            "Eenheid": eenheid,
            "Norm": reeks["norm"],
            "Status": [
                GEHEIM if o else ("voorlopig" if v == "voorlopig" else STATUS.get(s, ("",))[0])
                for o, v, s in zip(reeks["onderdrukt"], reeks["vintage"], reeks["status"], strict=False)
            ],
            "Reden geheim": [
                _reden(r) if o else "" for o, r in zip(reeks["onderdrukt"], reeks["reden_onderdrukt"], strict=False)
            ],
            "Gegevens": reeks["vintage"],
        }
    )


def _plafond(keuze: Keuze, agb: str, plafond: pd.DataFrame, tot: date) -> None:
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
            f"{lab}: {_plafond_tekst(r)}{' (voorlopig)' if v else ''}"
            for lab, (_, r), v in zip(labels, zichtbaar.iterrows(), voorlopig, strict=False)
        ],
        hovertemplate="%{customdata}<extra></extra>",
        showlegend=False,
    )
    _normlijn(fig, SIGNAAL_PLAFOND, "70%: overleg binnen 2 weken", VERMILJOEN)
    _normlijn(fig, 100.0, "contractplafond", "#333333", "solid")
    top = max(110.0, float(zichtbaar["waarde"].max()) + 10 if not zichtbaar.empty else 110.0)
    fig = _layout(fig, labels, range=[0, top], ticksuffix="%")
    fig.update_xaxes(tickvals=labels, ticktext=labels)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="aanbieders-plafond")
    laatste = zichtbaar.iloc[-1] if not zichtbaar.empty else None
    if laatste is not None:
        st.caption(
            f"Stand {nl_maand_kort(laatste['periode'])}: {_plafond_tekst(laatste)}. Oranje: op of boven 70%; "
            "gearceerd: voorlopig."
        )
    export.downloads(
        _verloop_export(plafond, "Uitputting contractplafond", "%", "maand").assign(
            Gedeclareerd=plafond["teller"], Contractplafond=plafond["noemer"]
        ),
        _bestandsnaam(keuze, agb, "contractplafond"),
        keuze.toegang.gebruiker,
        "aanbieders-plafond",
    )


def _beeindigd(keuze: Keuze, agb: str, verloop: pd.DataFrame, indicatoren: pd.DataFrame) -> None:
    st.markdown("**Beëindigd volgens plan**")
    reeks = verloop[verloop["indicator_id"] == "beeindigd_volgens_plan"]
    if reeks.empty:
        st.caption("Geen gegevens voor deze aanbieder.")
        return
    labels = _labels(reeks["periode"], keuze.periode_type)
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
        customdata=[f"{lab}: {_cel(r, '%')[0]}" for lab, (_, r) in zip(labels, reeks.iterrows(), strict=False)],
        hovertemplate="%{customdata}<extra></extra>",
    )
    if keuze.gemeentecode != REGIO:
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
        _normlijn(fig, float(norm.iloc[-1]), f"norm {nl_waarde(norm.iloc[-1], '%')}")
    _geheim_markering(fig, reeks, labels)
    st.plotly_chart(
        _layout(fig, labels, range=[0, 105], ticksuffix="%"), config=PLOTLY_CONFIG, key="aanbieders-beeindigd"
    )
    st.caption("Open punt: voorlopig. Grijs kruisje: geheim (te weinig beëindigde trajecten of een klein aantal).")
    export.downloads(
        _verloop_export(reeks, "Beëindigd volgens plan", "%", keuze.periode_type),
        _bestandsnaam(keuze, agb, "beeindigd_volgens_plan"),
        keuze.toegang.gebruiker,
        "aanbieders-beeindigd",
    )


def _bereik(
    keuze: Keuze,
    verloop: pd.DataFrame,
    laag: str,
    hoog: str,
    midden: str | None,
    norm: float | None,
    normtekst: str,
    sleutel: str,
    werkwoord: str,
) -> pd.DataFrame | None:
    """Floating bars from the p80 to the p95 wait time per period (the spread), a median line if any, the norm."""
    breed = {i: verloop[verloop["indicator_id"] == i].set_index("periode") for i in (laag, hoog, midden) if i}
    perioden = sorted(set().union(*[set(d.index) for d in breed.values()]))
    if not perioden:
        st.caption("Geen gegevens voor deze aanbieder.")
        return None
    labels = _labels(perioden, keuze.periode_type)

    def reeks(i: str, kolom: str = "waarde") -> pd.Series:
        d = breed.get(i, pd.DataFrame())
        if d.empty:
            return pd.Series([None] * len(perioden), index=perioden, dtype=object)
        return d.reindex(perioden)[kolom]

    p80 = pd.to_numeric(reeks(laag).where(~reeks(laag, "onderdrukt").fillna(False).astype(bool)))
    p95 = pd.to_numeric(reeks(hoog).where(~reeks(hoog, "onderdrukt").fillna(False).astype(bool)))
    voorlopig = (reeks(laag, "vintage") == "voorlopig").tolist()
    m_reeks = (
        pd.to_numeric(reeks(midden).where(~reeks(midden, "onderdrukt").fillna(False).astype(bool)))
        if midden and midden in breed
        else pd.Series(dtype=float)
    )
    if p80.isna().all() and p95.isna().all() and m_reeks.isna().all():
        st.caption(
            f"In geen van de {len(perioden)} perioden te tonen: de cijfers zijn geheim "
            "(te weinig cliënten) of ontbreken."
        )
        return None
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=(p95 - p80).tolist(),
        base=p80.tolist(),
        name=f"80% tot 95% {werkwoord} binnen",
        marker={
            "color": HEMELBLAUW,
            "pattern": {"shape": ["/" if v else "" for v in voorlopig], "fillmode": "overlay", "solidity": 0.3},
        },
        customdata=[
            f"{lab}: 80% {werkwoord} binnen {nl_waarde(a, 'dagen')}, 95% binnen {nl_waarde(b, 'dagen')}"
            f"{' (voorlopig)' if v else ''}"
            for lab, a, b, v in zip(labels, p80, p95, voorlopig, strict=False)
        ],
        hovertemplate="%{customdata}<extra></extra>",
    )
    fig.add_scatter(
        x=labels,
        y=p80.tolist(),
        mode="markers",
        name="p80",
        marker={"symbol": "circle", "size": 8, "color": BLAUW},
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=labels,
        y=p95.tolist(),
        mode="markers",
        name="p95",
        marker={"symbol": "diamond", "size": 9, "color": VERMILJOEN},
        hoverinfo="skip",
    )
    if midden and midden in breed:
        m = pd.to_numeric(reeks(midden).where(~reeks(midden, "onderdrukt").fillna(False).astype(bool)))
        fig.add_scatter(
            x=labels,
            y=m.tolist(),
            mode="lines+markers",
            name="mediaan",
            line={"color": BLAUW, "width": 2},
            marker={"size": 6},
            customdata=[f"{lab}: mediaan {nl_waarde(w, 'dagen')}" for lab, w in zip(labels, m, strict=False)],
            hovertemplate="%{customdata}<extra></extra>",
        )
    if norm is not None:
        _normlijn(fig, norm, normtekst, VERMILJOEN)
    geheim = pd.DataFrame(
        {
            "onderdrukt": [bool(o) for o in reeks(laag, "onderdrukt").fillna(False)],
            "reden_onderdrukt": reeks(laag, "reden_onderdrukt").tolist(),
        }
    )
    _geheim_markering(fig, geheim, labels)
    top = max([v for v in [*p95.dropna().tolist(), *p80.dropna().tolist(), norm or 0] if v is not None] + [1.0])
    st.plotly_chart(_layout(fig, labels, range=[0, top * 1.15], ticksuffix=" d"), config=PLOTLY_CONFIG, key=sleutel)
    return pd.DataFrame(
        {
            "Periode": [nl_periode(p, keuze.periode_type) for p in perioden],
            "p80 (dagen)": p80.tolist(),
            "p95 (dagen)": p95.tolist(),
            **(
                {
                    "Mediaan (dagen)": pd.to_numeric(
                        reeks(midden).where(~reeks(midden, "onderdrukt").fillna(False).astype(bool))
                    ).tolist()
                }
                if midden and midden in breed
                else {}
            ),
            "Norm (dagen)": norm,
            "Geheim": ["ja" if o else "nee" for o in geheim["onderdrukt"]],
            "Gegevens": reeks(laag, "vintage").tolist(),
        }
    )


def _wachttijd(keuze: Keuze, agb: str, verloop: pd.DataFrame, norm: float | None) -> None:
    st.markdown("**Wachttijd op de aanbieder** (toewijzing tot eerste dag zorg)")
    normtekst = f"wachttijdnorm {nl_waarde(norm, 'dagen')}" if norm is not None else ""
    tabel = _bereik(
        keuze,
        verloop,
        "wachttijd_aanbieder_p80",
        "wachttijd_aanbieder_p95",
        None,
        norm,
        normtekst,
        "aanbieders-wachttijd",
        "gestart",
    )
    if tabel is None:
        return
    st.caption(
        "De balk loopt van de wachttijd waarbinnen 80% van de zorg startte (p80) tot die waarbinnen 95% "
        "startte (p95). Ligt p80 boven de norm, dan wachtte meer dan 20% van de cliënten langer dan de norm; "
        "ligt p95 erboven, meer dan 5%. Gearceerd: voorlopig."
    )
    export.downloads(tabel, _bestandsnaam(keuze, agb, "wachttijd"), keuze.toegang.gebruiker, "aanbieders-wachttijd")


def _besluit(keuze: Keuze, agb: str, verloop: pd.DataFrame, indicatoren: pd.DataFrame) -> None:
    st.markdown("**Wachttijd op besluit van de gemeente** (verzoek van de aanbieder tot toewijzing)")
    norm = (
        indicatoren.at["wachttijd_besluit_mediaan", "norm"]
        if "wachttijd_besluit_mediaan" in indicatoren.index
        else None
    )
    mediaan = verloop[verloop["indicator_id"] == "wachttijd_besluit_mediaan"]
    if not mediaan.empty and mediaan["norm"].notna().any():
        norm = mediaan["norm"].dropna().iloc[-1]
    norm = float(norm) if norm is not None and pd.notna(norm) else None
    tabel = _bereik(
        keuze,
        verloop,
        "wachttijd_besluit_p80",
        "wachttijd_besluit_p95",
        "wachttijd_besluit_mediaan",
        norm,
        f"termijn {nl_waarde(norm, 'dagen')} (mediaan)" if norm is not None else "",
        "aanbieders-besluit",
        "besloten",
    )
    if tabel is None:
        return
    export.downloads(tabel, _bestandsnaam(keuze, agb, "besluit"), keuze.toegang.gebruiker, "aanbieders-besluit")


# --- What is not there yet -------------------------------------------------------------------------------


def _niet_per_aanbieder(indicatoren: pd.DataFrame) -> None:
    ontbreekt = [
        label
        for i, label in q.GEVRAAGD.items()
        if not (i in indicatoren.index and bool(indicatoren.at[i, "per_aanbieder"]))
    ]
    if not ontbreekt:
        return
    st.info(
        "**Nog niet per aanbieder beschikbaar:** " + ", ".join(ontbreekt) + ". Deze cijfers bestaan alleen voor de "
        f"gemeente als geheel (pagina Stuurwiel). Als aanwijzing voor het volume toont de tabel '{STARTS}' "
        f"(zorgstarts) en '{BEEINDIGD}' (beëindigde trajecten).",
        icon=":material/info:",
    )


main()
