"""Stuurwiel dashboard entrypoint: `streamlit run dashboards/app.py` from the project root."""

import streamlit as st

from dashboards import data
from dashboards.components import kies_filters, voettekst

# Page scripts live in views/, resolved against this file. Not "pages/": a folder with
# that name next to the entrypoint switches Streamlit to its legacy multipage mode.
OVERZICHT = "views/overzicht.py"


def main() -> None:
    st.set_page_config(page_title="Stuurwiel", page_icon=":material/explore:", layout="wide")
    st.sidebar.title("Stuurwiel")
    st.sidebar.caption("Sturen op resultaat in Jeugdwet en Wmo")
    snapshot = data.current_snapshot()
    if snapshot is None or not data.maanden(snapshot):
        st.info(data.GEEN_SNAPSHOT, icon=":material/hourglass_empty:")
        return
    st.session_state["keuze"] = kies_filters(snapshot)
    pagina = st.navigation([st.Page(OVERZICHT, title="Overzicht", icon=":material/dashboard:")])
    pagina.run()
    voettekst(snapshot)


main()
