"""Logboek: who opened which page and downloaded what (beheer only; the audit log is append-only)."""

import pandas as pd
import streamlit as st

from dashboards import audit, export
from dashboards.components import open_pagina, toon_tabel
from dashboards.toegang import Pagina, Toegang

toegang: Toegang = st.session_state["toegang"]
open_pagina(
    toegang,
    Pagina.LOGBOEK,
    "Logboek",
    "Elke keer dat iemand een pagina opent, inlogt, uitlogt of iets downloadt, komt hier een regel bij. "
    "De applicatie kan regels alleen toevoegen, niet wijzigen of verwijderen.",
)
regels = audit.lees()
acties = sorted(regels["actie"].unique())
gekozen = st.multiselect("Actie", acties, default=acties)
zicht = regels[regels["actie"].isin(gekozen)].rename(columns=str.capitalize)
zicht["Tijdstip"] = pd.to_datetime(zicht["Tijdstip"]).dt.strftime("%d-%m-%Y %H:%M:%S")
toon_tabel(zicht)
export.downloads(zicht, "logboek", toegang.gebruiker, "logboek")
