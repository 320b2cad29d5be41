"""Rapporten: the council reports for download, and the toelichting written before a report goes out.

From raad up: every stored report of the gebieden the user may see (a gemeente user: the own gemeente and
the region, unless it would reveal another gemeente), newest first, as PDF and HTML. From beleid up also the
form in which a civil servant writes the explanation per indicator and the conclusions and measures, and can
make the report again with it. The reports themselves are made by the schedule after each quarter and year
(reports/planning.py).
"""

import streamlit as st

from dashboards import data
from dashboards.components import REGIO_VERBORGEN, open_pagina
from dashboards.toegang import Pagina, Rol, Toegang
from dashboards.views.rapporten.gebieden import bereik
from dashboards.views.rapporten.lijst import rapporten, toon_lijst
from dashboards.views.rapporten.toelichting import toon_formulier
from pipelines.config import Settings

ALLE = "alle"

toegang: Toegang = st.session_state["toegang"]
snapshot: data.Snapshot = st.session_state["snapshot"]
open_pagina(
    toegang,
    Pagina.RAPPORTEN,
    "Rapporten",
    "Na elk kwartaal en elk jaar maakt Stuurwiel een rapport voor de raad, met dezelfde cijfers als dit "
    "dashboard. Download het als PDF om te printen of te delen, of als HTML om op het scherm te lezen.",
)
root = Settings.from_env().reports_dir
mijn = bereik(toegang, snapshot)


def toon_rapporten() -> None:
    lijst = rapporten(root, mijn)
    st.subheader("Rapporten voor de raad", divider="gray")
    if not mijn.regio:  # a gemeente user of a small region: no region reports, and why
        st.caption(REGIO_VERBORGEN)
    if len({r.gebied for r in lijst}) > 2:  # a region user: narrow the list to one gebied
        keuzes = {ALLE: "Alle gebieden", **mijn.namen}
        gekozen = st.selectbox(
            "Toon rapporten van", list(keuzes), format_func=keuzes.__getitem__, key="rapporten_gebied", width=320
        )
        lijst = [r for r in lijst if gekozen in (ALLE, r.gebied)]
    toon_lijst(root, mijn, lijst)


# The form sits in its own tab: below a region's list of reports it would be a long scroll away.
if toegang.rol >= Rol.beleid:
    lijst_tab, formulier_tab = st.tabs(["Rapporten", "Toelichting schrijven"])
    with lijst_tab:
        toon_rapporten()
    with formulier_tab:
        toon_formulier(root, mijn, snapshot)
else:
    toon_rapporten()
