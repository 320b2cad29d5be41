"""Toelichting schrijven (beleid and up): per indicator a few sentences, and the conclusions and measures,
for one gebied and period, before its report goes to the council; then the report can be made again.

The text is stored beside the report (reports/opslag.py) and printed in it, so opslag refuses a number that
passes the BSN elfproef; the form asks for no names, addresses or BSN, and shows a refusal as an error
with nothing saved.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboards import audit, data
from dashboards.components import GEHEIM, LAGEN
from dashboards.format import nl_datumtijd, nl_waarde
from dashboards.toegang import Toegang
from dashboards.views.rapporten.gebieden import Bereik
from dashboards.views.rapporten.lijst import Opgeslagen, opgeslagen, toon_rapport
from reports import opslag
from reports.periode import Periode, parse
from reports.planning import laatst_afgesloten

KWARTALEN = 4  # the latest closed quarters offered
JAREN = 2  # and years
UITLEG = (
    "Schrijf bij de cijfers wat de raad moet weten: waarom een cijfer stijgt of daalt, en wat de gemeente "
    "eraan doet. Het rapport neemt uw tekst over. U ziet hier alleen de indicatoren met een cijfer over "
    "deze periode."
)
PRIVACY = (
    "Schrijf geen namen, adressen of burgerservicenummers (BSN). Het rapport gaat naar de raad en wordt vaak openbaar."
)


def perioden(toegang: Toegang, snapshot: data.Snapshot) -> list[Periode]:
    """The latest closed quarters and years with published figures, latest end first, the year before its
    fourth quarter. Closed as the schedule says (reports/planning.py): the data reaches past the period's
    end, here its newest published month (the peildatum lies in that month)."""
    maanden = data.perioden(toegang, snapshot, "maand")["periode"]
    if maanden.empty:
        return []
    nieuwste_maand = pd.Timestamp(maanden.iloc[0]).date()
    uit = []
    for soort, aantal in (("kwartaal", KWARTALEN), ("jaar", JAREN)):
        gepubliceerd = {pd.Timestamp(b).date() for b in data.perioden(toegang, snapshot, soort)["periode"]}
        laatst = laatst_afgesloten(nieuwste_maand, soort)
        uit += [p for p in (laatst.terug(stap) for stap in range(aantal)) if p.begin in gepubliceerd]
    return sorted(uit, key=lambda p: (-p.eind.toordinal(), -p.maanden))


def periode_naam(periode: Periode) -> str:
    return f"Jaar {periode.label}" if periode.periode_type == "jaar" else periode.label


def toon_formulier(root: Path, bereik: Bereik, snapshot: data.Snapshot) -> None:
    st.subheader("Toelichting schrijven", divider="gray")
    st.caption(UITLEG)
    opties = perioden(bereik.toegang, snapshot)
    if not opties:
        st.info("Er is nog geen afgelopen kwartaal of jaar met alle cijfers binnen.", icon=":material/schedule:")
        return
    namen = {p.code: periode_naam(p) for p in opties}
    with st.container(horizontal=True):
        gebied = st.selectbox(
            "Gebied", list(bereik.namen), format_func=bereik.namen.__getitem__, key="tl_gebied", width=320
        )
        periode = parse(
            st.selectbox("Periode", list(namen), format_func=namen.__getitem__, key="tl_periode", width=200)
        )
    bereik.eis(gebied)
    bestaand = opslag.lees_toelichting(root, gebied, periode)
    if bestaand.auteur:
        moment = nl_datumtijd(datetime.fromisoformat(bestaand.bijgewerkt_op))
        st.caption(f"Laatst opgeslagen door {bestaand.auteur} op {moment}.")
    stand = data.stand(bereik.toegang, snapshot, gebied, periode.begin, periode.periode_type)
    # an indicator without a figure this period has nothing to explain, unless something was written already
    met_cijfer = stand["waarde"].notna() | stand["onderdrukt"] | stand["indicator_id"].isin(bestaand.indicatoren)
    indicatoren = stand[met_cijfer]
    nieuw = formulier(gebied, periode, indicatoren, bestaand, bereik.toegang.gebruiker)
    if nieuw is not None:
        bewaar(root, bereik, gebied, periode, nieuw, dict(zip(stand["indicator_id"], stand["naam"], strict=True)))
    opnieuw_maken(root, bereik, gebied, periode)


def formulier(
    gebied: str, periode: Periode, indicatoren: pd.DataFrame, bestaand: opslag.Toelichtingen, auteur: str
) -> opslag.Toelichtingen | None:
    """The form, prefilled with what was stored; the new toelichting when it is submitted, else None."""
    sleutel = f"{gebied}-{periode.code}"  # a fresh form (and prefill) per gebied and period
    with st.form(f"toelichting-{sleutel}"):
        st.warning(PRIVACY, icon=":material/privacy_tip:")
        teksten = {}
        for laag, (titel, naam) in LAGEN.items():
            regels = indicatoren[indicatoren["laag"] == laag]
            if regels.empty:
                continue
            st.markdown(f"##### {titel} ({naam.lower()})")
            for regel in regels.itertuples():
                teksten[regel.indicator_id] = st.text_area(
                    f"{regel.naam} — {stand_tekst(regel)}",
                    value=bestaand.indicatoren.get(regel.indicator_id, ""),
                    help=regel.definitie,
                    key=f"tl-{sleutel}-{regel.indicator_id}",
                )
        st.markdown("##### Conclusies en maatregelen")
        conclusies = st.text_area("Conclusies", value=bestaand.conclusies, key=f"tl-{sleutel}-conclusies")
        maatregelen = st.text_area("Maatregelen", value=bestaand.maatregelen, key=f"tl-{sleutel}-maatregelen")
        if not st.form_submit_button("Toelichting opslaan", type="primary", icon=":material/save:"):
            return None
    return opslag.Toelichtingen(indicatoren=teksten, conclusies=conclusies, maatregelen=maatregelen, auteur=auteur)


def stand_tekst(regel) -> str:
    """'38 dagen (norm 42 dagen)', 'geheim' or 'geen cijfer': what the writer explains."""
    if regel.onderdrukt:
        return GEHEIM
    if pd.isna(regel.waarde):
        return "geen cijfer"
    waarde = nl_waarde(regel.waarde, regel.eenheid)
    return f"{waarde} (norm {nl_waarde(regel.norm, regel.eenheid)})" if pd.notna(regel.norm) else waarde


def bewaar(
    root: Path, bereik: Bereik, gebied: str, periode: Periode, nieuw: opslag.Toelichtingen, namen: dict[str, str]
) -> None:
    bereik.eis(gebied)
    try:
        opslag.schrijf_toelichting(root, gebied, periode, nieuw)
    except opslag.OngeldigeToelichting as fout:
        st.error(
            f"Niet opgeslagen. {melding(fout, namen)}. Haal het nummer weg en sla opnieuw op.", icon=":material/block:"
        )
        return
    audit.schrijf(bereik.toegang.gebruiker, "toelichting", f"{gebied} {periode.code}")
    st.success(
        f"De toelichting voor {bereik.namen[gebied]} {periode_naam(periode)} is opgeslagen. Het rapport over deze "
        "periode neemt de tekst over. Is het rapport al gemaakt? Maak het dan hieronder opnieuw.",
        icon=":material/check_circle:",
    )


def melding(fout: opslag.OngeldigeToelichting, namen: dict[str, str]) -> str:
    """opslag's reason with the indicator's name instead of its id, as a sentence."""
    tekst = str(fout)
    for indicator_id, naam in namen.items():
        tekst = tekst.replace(f"toelichting bij {indicator_id}:", f"toelichting bij {naam}:")
    return tekst[:1].upper() + tekst[1:]


def opnieuw_maken(root: Path, bereik: Bereik, gebied: str, periode: Periode) -> None:
    """Once a toelichting is stored: make this report again with it, and show the new report."""
    if not opslag.lees_toelichting(root, gebied, periode).auteur:
        return
    naam = f"{bereik.namen[gebied]} {periode_naam(periode)}"
    gemaakt = f"gemaakt-{gebied}-{periode.code}"
    if st.button("Rapport opnieuw maken", icon=":material/autorenew:", key=f"maak-{gebied}-{periode.code}"):
        bereik.eis(gebied)
        with st.spinner(f"Het rapport voor {naam} wordt gemaakt. Dit kan een minuut duren."):
            fout = maak(gebied, periode)
        if fout:
            st.error(f"Het rapport voor {naam} is niet gemaakt: {fout}", icon=":material/error:")
            return
        audit.schrijf(bereik.toegang.gebruiker, "rapport gemaakt", f"{gebied} {periode.code}")
        st.session_state[gemaakt] = True
        st.rerun()  # the list above shows the new report too
    if st.session_state.get(gemaakt):
        rapport: Opgeslagen | None = opgeslagen(opslag.lees_meta(root, gebied, periode), bereik)
        if rapport is not None:
            st.success(f"Het rapport voor {naam} is opnieuw gemaakt.", icon=":material/check_circle:")
            toon_rapport(root, bereik, rapport, sleutel="nieuw")


def maak(gebied: str, periode: Periode) -> str:
    """Make and store the report; '' when done, else why not. The renderer is imported here, not with the
    page, so a council member's visit never loads it."""
    try:
        from reports.maak import maak_en_bewaar

        maak_en_bewaar(gebied, periode, aanleiding="handmatig")
    except Exception as fout:  # noqa: BLE001 - no figures for the period, a render error: said, the page stays
        return str(fout) or type(fout).__name__
    return ""
