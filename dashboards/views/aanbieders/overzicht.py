"""The overview: one row per aanbieder beside the all-aanbieders totals, the 70% signal, and its download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.components import GEHEIM, WETTEN, Keuze
from dashboards.format import LEEG, nl_getal, nl_periode
from dashboards.queries import aanbieders as q
from dashboards.toegang import REGIO
from dashboards.views.aanbieders.opmaak import (
    BEEINDIGD,
    SIGNAAL_PLAFOND,
    STARTS,
    VOORLOPIG,
    alle,
    cel,
    download,
    eenheid_van,
    geheim_cel,
    kolomkop,
    plafond_tekst,
    reden_tekst,
    status_kolommen,
    stijl,
    tabel_delen,
)

# In the detail only: the overview would get too wide.
ALLEEN_DETAIL = ("wachttijd_besluit_p80", "wachttijd_besluit_p95")


def overzicht_kolommen(rijen: pd.DataFrame) -> list[str]:
    """Indicator ids of the overview: the known ones in their order, then any new per-aanbieder indicator."""
    aanwezig = set(rijen["indicator_id"]) - set(ALLEEN_DETAIL)
    bekend = [i for i in q.PER_AANBIEDER if i in aanwezig]
    return bekend + sorted(aanwezig - set(bekend))


def aanbieders_van(rijen: pd.DataFrame) -> pd.DataFrame:
    """agb_code -> naam (or 'AGB ...' when dim_aanbieder does not know it), kvk_nummer, wet, financieringsvorm."""
    a = rijen.drop_duplicates("agb_code").set_index("agb_code")[["naam", "kvk_nummer", "wet", "financieringsvorm"]]
    a["naam"] = [
        n if isinstance(n, str) and n else f"AGB {agb} (onbekend)" for agb, n in zip(a.index, a["naam"], strict=False)
    ]
    return a.sort_values("naam")


def _volumes(per: dict) -> tuple[tuple, tuple]:
    """Volume cells: starts (teller of the p80 wait time) and ended trajectories (noemer of beëindigd)."""
    uit = []
    for indicator_id, kolom in (("wachttijd_aanbieder_p80", "teller"), ("beeindigd_volgens_plan", "noemer")):
        rij = per.get(indicator_id)
        if rij is None:
            uit.append((LEEG, "", ""))
        elif rij["onderdrukt"]:
            uit.append(geheim_cel(rij))
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
        opties[i] = f"{kolomkop(indicatoren, i)} ({'laagste' if richting == 'hoger_is_beter' else 'hoogste'} eerst)"
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


def toon_overzicht(
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
        + [kolomkop(indicatoren, i, True) for i in kolommen]
        + [STARTS, BEEINDIGD]
    )

    regels = []  # per table row: list of (text, css, tooltip)
    vergelijk = [(keuze.gemeentecode, alle(keuze.gemeentecode, keuze.gebied))]
    if keuze.vergelijkt_regio:
        vergelijk.append((REGIO, alle(REGIO, keuze.gebied)))
    for code, label in vergelijk:
        cellen = {i: tot.get((code, i)) for i in kolommen}
        regels.append(
            [(label, "font-weight: 600", ""), ("", "", ""), ("", "", ""), ("", "", "")]
            + [cel(cellen[i], eenheid_van(indicatoren, i), True) for i in kolommen]
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
            + [cel(cellen[i], eenheid_van(indicatoren, i), True) for i in kolommen]
            + list(_volumes(cellen))
        )

    tekst, css, tips = tabel_delen(regels, koppen)
    for k in range(len(vergelijk)):  # the comparison rows stand apart from the aanbieders
        css.iloc[k] = [f"{c}; background-color: #EEF1F4" if "background" not in c else c for c in css.iloc[k]]
    st.table(stijl(tekst, css, tips), hide_index=True)
    _legenda(rijen, kolommen, indicatoren, len(aanbieders))
    download(keuze, _export_overzicht(keuze, rijen, totalen, indicatoren, aanbieders), "overzicht")
    return volgorde


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
    delen = [f"{kolomkop(indicatoren, i)} bij {per_indicator[i]}" for i in kolommen if i in per_indicator]
    st.caption(
        f"**Geheim:** bij {geheim['agb_code'].nunique()} van {aantal} aanbieders is ten minste één cijfer "
        f"niet getoond ({', '.join(delen)}). Beweeg over 'geheim' voor de reden."
    )
    for reden in sorted(geheim["reden_onderdrukt"].fillna("klein_aantal").unique()):
        st.caption(f"{GEHEIM}: {reden_tekst(reden)}")


def _export_overzicht(
    keuze: Keuze, rijen: pd.DataFrame, totalen: pd.DataFrame, indicatoren: pd.DataFrame, aanbieders: pd.DataFrame
) -> pd.DataFrame:
    """Long format for a spreadsheet: one line per aanbieder (or total) and indicator; hidden values stay empty."""
    per_aanbieder = rijen.assign(aanbieder=rijen["agb_code"].map(aanbieders["naam"]))
    gebied = {keuze.gemeentecode: alle(keuze.gemeentecode, keuze.gebied), REGIO: alle(REGIO, keuze.gebied)}
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
            "Eenheid": alles["indicator_id"].map(lambda i: eenheid_van(indicatoren, i)),
            "Norm": alles["norm"],
            **status_kolommen(alles),
            "Teller": alles["teller"].where(~alles["onderdrukt"]),
            "Noemer": alles["noemer"].where(~alles["onderdrukt"]),
            "Deze aanbieder in de regio": alles["waarde_regio"].where(alles["agb_code"].notna()),
            "Gegevens": alles["vintage"],
        }
    )


def toon_plafondsignaal(rijen: pd.DataFrame, aanbieders: pd.DataFrame) -> None:
    """Aanbieders at or over 70% of their contract ceiling: the Contractstandaarden ask for an overleg."""
    plafond = rijen[
        (rijen["indicator_id"] == "budgetuitputting") & ~rijen["onderdrukt"] & (rijen["waarde"] >= SIGNAAL_PLAFOND)
    ].sort_values("waarde", ascending=False)
    if plafond.empty:
        return
    namen = [
        f"{aanbieders.at[r['agb_code'], 'naam']}: {plafond_tekst(r)}"
        f"{' (voorlopig)' if r['vintage'] == 'voorlopig' else ''}"
        for _, r in plafond.iterrows()
    ]
    st.warning(
        f"**{len(plafond)} {'aanbieder' if len(plafond) == 1 else 'aanbieders'} op of boven "
        f"{nl_getal(SIGNAAL_PLAFOND)}% van het contractplafond:** {'; '.join(namen)}. Volgens de "
        "Contractstandaarden volgt bij 70% van de bestedingsruimte binnen 2 weken overleg met de aanbieder.",
        icon=":material/campaign:",
    )
