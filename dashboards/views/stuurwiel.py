"""Stuurwiel: what a council member should know first, then the four layers of the steering model.

The headline lists the signals that matter (data from dashboards/signalen.py), most important first.
Below it each layer shows its key indicators as tiles (value, status, change, sparkline, region and
comparable gemeenten); the rest of a layer is one compact table. A tile's "Details" opens Verkennen
on that indicator with the same gemeente and period.
"""

from datetime import date

import pandas as pd
import streamlit as st

from dashboards import data, export
from dashboards.components import LAGEN, Keuze, indicator_tegel, laag_kop, status_label
from dashboards.format import nl_periode, nl_waarde
from dashboards.noemer import ja_nee, legenda, met_teken
from dashboards.signalen import signalen

TEGELS_PER_LAAG = 4
STATUS_ICOON = {"uit_koers": ":material/error:", "aandacht": ":material/warning:"}


def toon_kop(keuze: Keuze, stand: pd.DataFrame) -> None:
    vorig_jaar = date(keuze.periode.year - 1, keuze.periode.month, 1)
    st.subheader("Wat u moet weten", divider="gray")
    lijst = signalen(stand, nl_periode(vorig_jaar, keuze.periode_type))
    beoordeeld = stand[(stand["vintage"] == "definitief") & stand["status"].notna()]
    if beoordeeld.empty:
        st.info(
            f"Voor {nl_periode(keuze.periode, keuze.periode_type)} zijn nog geen definitieve cijfers met een "
            "norm: er is nog niets te beoordelen. Kies een eerdere periode voor de signalen.",
            icon=":material/hourglass_empty:",
        )
    elif not lijst:
        st.success(
            f"Alle {len(beoordeeld)} definitieve indicatoren met een norm liggen op koers.",
            icon=":material/check_circle:",
        )
    for signaal in lijst:
        kleur = "red" if signaal.status == "uit_koers" else "orange"
        st.markdown(f":{kleur}-badge[{STATUS_ICOON[signaal.status]} {status_label(signaal.status)}] {signaal.zin}")
    voorlopig = int((stand["vintage"] == "voorlopig").sum())
    if voorlopig:
        st.caption(f"{voorlopig} indicator(en) zijn voor deze periode nog voorlopig: die geven nog geen signaal.")


def toon_lagen(keuze: Keuze, stand: pd.DataFrame, trends: pd.DataFrame) -> None:
    for kolom, laag in zip(st.columns(len(LAGEN), gap="small"), LAGEN, strict=False):
        with kolom:
            laag_kop(laag)
            indicatoren = stand[stand["laag"] == laag].sort_values("volgorde")
            if indicatoren.empty:
                st.caption("Nog geen indicatoren in deze laag.")
                continue
            for _, indicator in indicatoren.head(TEGELS_PER_LAAG).iterrows():
                trend = trends[trends["indicator_id"] == indicator["indicator_id"]]
                indicator_tegel(indicator, trend, keuze)
            overige = indicatoren.iloc[TEGELS_PER_LAAG:]
            if not overige.empty:
                with st.expander(f"Alle indicatoren ({len(indicatoren)})"):
                    st.dataframe(_compact(overige), hide_index=True, width="stretch")


def _compact(indicatoren: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Indicator": indicatoren["naam"],
            "Waarde": [
                "geheim" if r["onderdrukt"] else met_teken(nl_waarde(r["waarde"], r["eenheid"]), r)
                for _, r in indicatoren.iterrows()
            ],
            "Status": [status_label(s, v) for s, v in zip(indicatoren["status"], indicatoren["vintage"], strict=False)],
        }
    )


def download_tabel(stand: pd.DataFrame) -> pd.DataFrame:
    """The page's figures as a table to take away: published values only, hidden cells stay hidden."""
    return pd.DataFrame(
        {
            "laag": stand["laag"],
            "indicator": stand["naam"],
            "eenheid": stand["eenheid"],
            "waarde": stand["waarde"].where(~stand["onderdrukt"]),
            "geheim": stand["onderdrukt"],
            "norm": stand["norm"],
            "status": stand["status"],
            "vintage": stand["vintage"],
            "noemer_geschat": ja_nee(stand),
            "waarde_jaar_eerder": stand["waarde_vorig_jaar"],
            "waarde_regio": stand["waarde_regio"],
            "waarde_vergelijkbare_gemeenten": stand["waarde_vergelijkingsgroep"],
        }
    )


keuze: Keuze = st.session_state["keuze"]
stand = data.stand(*keuze.query_args)
trends = data.trends(keuze.toegang, keuze.snapshot, keuze.gemeentecode, keuze.periode, periode_type=keuze.periode_type)
st.title(f"{keuze.gebied} · {nl_periode(keuze.periode, keuze.periode_type)}")
st.caption(
    'Kleine aantallen zijn afgerond op vijftallen; cellen met 0 tot en met 7 personen staan als "geheim". '
    "Een voorlopig cijfer (nog niet alle leveringen binnen) krijgt geen kleur." + legenda(stand)
)
toon_kop(keuze, stand)
toon_lagen(keuze, stand, trends)
st.subheader("Download", divider="gray")
export.downloads(
    download_tabel(stand), f"stuurwiel-{keuze.gemeentecode}-{keuze.periode:%Y-%m}", keuze.toegang.gebruiker, "stuurwiel"
)
