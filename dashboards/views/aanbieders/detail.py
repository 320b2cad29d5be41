"""The detail of one aanbieder: chosen in the URL, its key figures beside the region and all aanbieders,
and its charts over time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.components import WETTEN, Keuze
from dashboards.format import LEEG, nl_waarde
from dashboards.perioden import laatste_maand
from dashboards.queries import aanbieders as q
from dashboards.toegang import REGIO
from dashboards.views.aanbieders.opmaak import alle, cel, download, eenheid_van, stijl, tabel_delen
from dashboards.views.aanbieders.verloop import toon_beeindigd, toon_plafond
from dashboards.views.aanbieders.wachttijd import toon_besluit, toon_wachttijd


def kies_aanbieder(volgorde: list[str], aanbieders: pd.DataFrame) -> str:
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


def toon_detail(
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
    tot = laatste_maand(keuze.periode, keuze.periode_type)
    plafond = q.plafond(toegang, snapshot, keuze.gemeentecode, agb, tot)
    norm = _wachttijdnorm(totalen, indicatoren, keuze.gemeentecode)

    links, rechts = st.columns(2, gap="large")
    with links:
        toon_plafond(keuze, agb, plafond, tot)
    with rechts:
        toon_beeindigd(keuze, agb, verloop, indicatoren)
    links, rechts = st.columns(2, gap="large")
    with links:
        toon_wachttijd(keuze, agb, verloop, norm)
    with rechts:
        toon_besluit(keuze, agb, verloop, indicatoren)


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
    regio = not keuze.vergelijkt_regio  # the region itself is chosen, or it is hidden from this user
    kolommen = ["Indicator", "Deze aanbieder", "Norm"]
    if not regio:
        kolommen.append("Deze aanbieder · regio")
    kolommen.append(alle(keuze.gemeentecode, keuze.gebied))
    if not regio:
        kolommen.append(alle(REGIO, keuze.gebied))
    regels = []
    for i in ids:
        eenheid = eenheid_van(indicatoren, i)
        rij = per.loc[i]
        cellen = [
            (indicatoren.at[i, "naam"] if i in indicatoren.index else i, "", ""),
            cel(rij, eenheid),
            (nl_waarde(rij["norm"], eenheid) if pd.notna(rij["norm"]) else LEEG, "", ""),
        ]
        if not regio:
            # published on its own REGIO row (and empty when that row is hidden)
            cellen.append((nl_waarde(rij["waarde_regio"], eenheid), "", ""))
        cellen.append(cel(tot.get((keuze.gemeentecode, i)), eenheid))
        if not regio:
            cellen.append(cel(tot.get((REGIO, i)), eenheid))
        regels.append(cellen)
    tekst, css, tips = tabel_delen(regels, kolommen)
    st.table(stijl(tekst, css, tips), hide_index=True)
    download(keuze, tekst, "kerncijfers", agb, "kerncijfers")
