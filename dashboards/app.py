"""Stuurwiel dashboard entrypoint: `streamlit run dashboards/app.py` from the project root."""

import streamlit as st

from dashboards import data
from dashboards.components import kies_filters, voettekst
from dashboards.format import nl_datumtijd

# Page scripts live in views/, resolved against this file. Not "pages/": a folder with
# that name next to the entrypoint switches Streamlit to its legacy multipage mode.
OVERZICHT = "views/overzicht.py"
DATAKWALITEIT = "views/datakwaliteit.py"


def main() -> None:
    st.set_page_config(page_title="Stuurwiel", page_icon=":material/explore:", layout="wide")
    st.sidebar.title("Stuurwiel")
    st.sidebar.caption("Sturen op resultaat in Jeugdwet en Wmo")
    snapshot = data.current_snapshot()
    gepubliceerd = snapshot is not None and bool(data.maanden(snapshot))
    kwaliteit_pagina = st.Page(DATAKWALITEIT, title="Datakwaliteit", icon=":material/fact_check:")
    if not gepubliceerd:
        st.info(data.GEEN_SNAPSHOT, icon=":material/hourglass_empty:")
        # The first delivery may have been blocked: the steward still needs to see why.
        if data.current_kwaliteit() is not None:
            st.navigation([kwaliteit_pagina]).run()
        return
    waarschuw_tegengehouden(snapshot)
    st.session_state["keuze"] = kies_filters(snapshot)
    pagina = st.navigation([st.Page(OVERZICHT, title="Overzicht", icon=":material/dashboard:"), kwaliteit_pagina])
    pagina.run()
    voettekst(snapshot)


def waarschuw_tegengehouden(snapshot: data.Snapshot) -> None:
    """On every page: a newer delivery was blocked, so the figures are those of the last good one."""
    kwaliteit = data.current_kwaliteit()
    if kwaliteit is None:
        return
    gepubliceerd_op = data.snapshot_info(snapshot)["gepubliceerd_op"]
    tegengehouden = data.geblokkeerd_na(kwaliteit, gepubliceerd_op)
    if tegengehouden.empty:
        return
    nieuwste = tegengehouden.iloc[0]
    st.warning(
        f"Een nieuwere levering is tegengehouden door de kwaliteitspoort ({len(tegengehouden)} bestand(en), "
        f"laatste: {nieuwste['bron']} · {nieuwste['bestand']} · {nl_datumtijd(nieuwste['geladen_op'])}). "
        f"De cijfers zijn die van de laatst goedgekeurde gegevens, gepubliceerd {nl_datumtijd(gepubliceerd_op)}. "
        "Zie Datakwaliteit voor de reden.",
        icon=":material/warning:",
    )


main()
