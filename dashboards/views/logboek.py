"""Logboek: who opened which page and downloaded what (beheer only), and whether the log is still whole.

The audit log is append-only for the application and chains every line to the one before it
(dashboards/audit.py); the page says first whether that chain holds, so an edited, removed or cut-off line
is seen by the steward rather than silently missing.
"""

import pandas as pd
import streamlit as st

from dashboards import audit, export
from dashboards.components import open_pagina, toon_tabel
from dashboards.format import nl_getal
from dashboards.toegang import Pagina, Toegang


def toon_keten(keten: audit.Keten) -> None:
    if keten.intact:
        st.success(
            f"Het logboek is compleet en ongewijzigd: de keten van {nl_getal(keten.regels)} regels klopt.",
            icon=":material/verified:",
        )
        return
    waar = f"bij regel {nl_getal(keten.regel)}" if keten.regel else "aan het einde"
    st.error(
        f"Het logboek is buiten de applicatie om gewijzigd: de keten is verbroken {waar} ({keten.reden}). "
        "Bewaar een kopie van het bestand en meld dit als beveiligingsincident.",
        icon=":material/gpp_bad:",
    )


toegang: Toegang = st.session_state["toegang"]
open_pagina(
    toegang,
    Pagina.LOGBOEK,
    "Logboek",
    "Elke keer dat iemand een pagina opent, inlogt, uitlogt of iets downloadt, komt hier een regel bij. "
    "De applicatie kan regels alleen toevoegen, niet wijzigen of verwijderen.",
)
regels = audit.lees(toegang)
toon_keten(audit.controleer())
acties = sorted(regels["actie"].dropna().unique())
gekozen = st.multiselect("Actie", acties, default=acties)
zicht = regels[regels["actie"].isin(gekozen)].rename(columns=str.capitalize)
zicht["Tijdstip"] = pd.to_datetime(zicht["Tijdstip"], errors="coerce").dt.strftime("%d-%m-%Y %H:%M:%S")
toon_tabel(zicht)
export.downloads(zicht, "logboek", toegang.gebruiker, "logboek")
