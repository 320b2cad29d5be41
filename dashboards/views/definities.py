"""Definities en bronnen: the indicator catalogue, every source with its last delivery, and the rules
for small numbers and voorlopige cijfers in plain Dutch. For every role."""

import pandas as pd
import streamlit as st

from dashboards import data, export
from dashboards.components import BRONNEN, LAGEN, POORT, RICHTING, namen, toon_tabel
from dashboards.format import nl_datumtijd, nl_waarde
from dashboards.queries import datakwaliteit
from dashboards.toegang import Toegang

UITLEG = """
**Kleine aantallen.** Stuurwiel volgt de regel van het CBS: aantallen personen worden afgerond op vijftallen,
en een cel met 0 tot en met 7 personen staat als *geheim*. Percentages en cijfers per 1.000 inwoners worden
berekend ná het afronden. Soms moet ook een tweede cel geheim blijven, omdat de eerste anders uit het totaal
en de andere cijfers is terug te rekenen (*secundaire onderdrukking*). Cijfers per aanbieder tonen we pas
vanaf een minimum aantal trajecten, omdat een percentage over een paar cliënten niets zegt.

**Voorlopig en definitief.** Aanbieders declareren en berichten met vertraging. Zolang naar schatting nog
niet 99% van de leveringen over een periode binnen is, heet een cijfer *voorlopig*: het krijgt geen
kleur (op koers, aandacht, uit koers), omdat het nog kan veranderen. Het dashboard opent op de laatste
periode waarvan vrijwel alle cijfers definitief zijn.

**Status.** *Op koers*: de waarde haalt de norm. *Aandacht*: de waarde zit aan de verkeerde kant van de
norm, maar binnen 10% ervan. *Uit koers*: verder dan 10% van de norm af. Een indicator zonder norm heeft
geen status.

**Privacy.** Stuurwiel bewaart geen BSN, naam of adres: een BSN wordt bij binnenkomst vervangen door een
sleutelcode die niet terug te rekenen is. Dashboards tonen alleen totalen, nooit personen.
"""


def catalogus(indicatoren: pd.DataFrame) -> pd.DataFrame:
    volgorde = {laag: i for i, laag in enumerate(LAGEN)}
    tabel = indicatoren.assign(_laag=indicatoren["laag"].map(volgorde)).sort_values(["_laag", "volgorde"])
    return pd.DataFrame(
        {
            "Laag": tabel["laag"].map(lambda laag: LAGEN[laag][1]),
            "Indicator": tabel["naam"],
            "Definitie": tabel["definitie"],
            "Formule": tabel.get("formule").fillna("—") if "formule" in tabel else "—",
            "Eenheid": tabel["eenheid"],
            "Richting": tabel["richting"].map(lambda r: RICHTING.get(r, r)),
            "Norm": [
                nl_waarde(n, e) if pd.notna(n) else "—" for n, e in zip(tabel["norm"], tabel["eenheid"], strict=False)
            ],
            "Bron van de norm": tabel["norm_bron"].fillna("—"),
            "Bronnen": tabel.get("bronnen").fillna("—") if "bronnen" in tabel else "—",
        }
    )


def toon_bronnen(toegang: Toegang) -> None:
    st.subheader("Bronnen en laatste levering", divider="gray")
    kwaliteit = data.current_kwaliteit()
    if kwaliteit is None:
        st.caption("Er is nog geen levering verwerkt.")
        return
    bronnen = datakwaliteit.bronnen(toegang, kwaliteit)
    tabel = pd.DataFrame(
        {
            "Bron": namen(bronnen["bron"], BRONNEN),
            "Laatst geleverd": bronnen["laatst_geladen"].map(nl_datumtijd),
            "Kwaliteitspoort": namen(bronnen["poort"], POORT),
        }
    )
    toon_tabel(tabel)
    export.downloads(tabel, "bronnen", toegang.gebruiker, "bronnen")


toegang: Toegang = st.session_state["toegang"]
snapshot: data.Snapshot = st.session_state["snapshot"]
st.title("Definities en bronnen")
st.subheader("Indicatoren", divider="gray")
st.caption(
    "Elke indicator hoort bij een laag van het sturingsmodel: geld (input), doorlooptijd (throughput), "
    "bereik (output) en resultaat (outcome)."
)
tabel = catalogus(data.indicatoren(toegang, snapshot))
st.dataframe(
    tabel,
    hide_index=True,
    width="stretch",
    height=min(36 * (len(tabel) + 1) + 3, 900),
    column_config={
        "Definitie": st.column_config.TextColumn(width="large"),
        "Formule": st.column_config.TextColumn(width="medium"),
    },
)
export.downloads(tabel, "indicatoren", toegang.gebruiker, "indicatoren")
toon_bronnen(toegang)
st.subheader("Hoe lees ik de cijfers?", divider="gray")
st.markdown(UITLEG)
