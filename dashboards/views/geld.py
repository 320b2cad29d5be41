"""Geld en resultaat (controllers): budget position, prognosis, where the money goes and what it buys.

Each section lives in views/geld/; this script reads the figures the first two share and lays them out.
"""

import streamlit as st

from dashboards.components import Keuze
from dashboards.format import nl_periode
from dashboards.queries import geld
from dashboards.views.geld.begroting import toon_kop, toon_taakvelden, toon_waterval
from dashboards.views.geld.drill import toon_drill
from dashboards.views.geld.kosten import toon_kosten, toon_spreiding
from dashboards.views.geld.plafonds import toon_plafonds

keuze: Keuze = st.session_state["keuze"]
st.title("Geld en resultaat")
st.caption(
    f"{keuze.gebied} · {nl_periode(keuze.periode, keuze.periode_type)} · bedragen van 1 januari tot en met "
    "het einde van de periode"
)
_prognose = geld.prognose(*keuze.query_args)
_taakvelden = geld.begroting_per_taakveld(*keuze.query_args)
toon_kop(keuze, _prognose)
toon_taakvelden(keuze, _taakvelden, _prognose)
toon_waterval(keuze, _prognose)
toon_drill(keuze)
toon_plafonds(keuze)
toon_kosten(keuze)
toon_spreiding(keuze)
