"""Stuurwiel dashboard entrypoint: `streamlit run dashboards/app.py` from the project root.

Login first; then only the pages the user's role may open are listed (a hidden page's URL shows the
login or a refusal, never data: data.py checks the role again on every read).
"""

import streamlit as st

from dashboards import audit, auth, data
from dashboards.components import kies_filters, voettekst
from dashboards.format import nl_datumtijd
from dashboards.queries import datakwaliteit
from dashboards.toegang import GeenToegang, Pagina, Toegang

# Page scripts live in views/, resolved against this file. Not "pages/": a folder with
# that name next to the entrypoint switches Streamlit to its legacy multipage mode.
PAGINAS = {
    Pagina.STUURWIEL: ("Stuurwiel", ":material/explore:"),
    Pagina.GELD: ("Geld en resultaat", ":material/euro:"),
    Pagina.VERKENNEN: ("Verkennen", ":material/map:"),
    Pagina.AANBIEDERS: ("Aanbieders", ":material/handshake:"),
    Pagina.RAPPORTEN: ("Rapporten", ":material/description:"),
    Pagina.DEFINITIES: ("Definities en bronnen", ":material/menu_book:"),
    Pagina.DATAKWALITEIT: ("Datakwaliteit", ":material/fact_check:"),
    Pagina.LOGBOEK: ("Logboek", ":material/history:"),
}
# Print: the page content only, tiles and tables kept whole, on white.
AFDRUK = """
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stPageLink"] { display: none !important; }
  [data-testid="stMain"] { overflow: visible !important; }
  [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stDataFrame"], .js-plotly-plot {
    break-inside: avoid; }
  body { background: #fff !important; }
}
"""
# Pages that choose their own gebied and period (Rapporten: per report) or have none.
ZONDER_FILTERS = {Pagina.DEFINITIES, Pagina.RAPPORTEN, Pagina.DATAKWALITEIT, Pagina.LOGBOEK}


def main() -> None:
    st.set_page_config(page_title="Stuurwiel", page_icon=":material/explore:", layout="wide")
    st.html(
        f"<script>document.documentElement.lang = 'nl';</script><style>{AFDRUK}</style>", unsafe_allow_javascript=True
    )
    st.sidebar.title("Stuurwiel")
    st.sidebar.caption("Sturen op resultaat in het sociaal domein")
    # Resolve the requested page (hidden, nothing run) before the login's cookie component can trigger a
    # rerun that no longer knows it: a shared link keeps its page and filters through the login.
    st.navigation([_pagina(p) for p in PAGINAS], position="hidden")
    toegang = auth.inloggen()
    if toegang is None:
        st.stop()
    st.session_state["toegang"] = toegang
    snapshot = data.current_snapshot()
    if snapshot is None or data.perioden(toegang, snapshot, "maand").empty:
        st.info(data.GEEN_SNAPSHOT, icon=":material/hourglass_empty:")
        # The first delivery may have been blocked: the steward still needs to see why.
        if toegang.mag(Pagina.DATAKWALITEIT) and data.current_kwaliteit() is not None:
            st.navigation([_pagina(Pagina.DATAKWALITEIT)]).run()
        return
    waarschuw_tegengehouden(toegang, snapshot)
    pagina = st.navigation([_pagina(p) for p in PAGINAS if toegang.mag(p)])
    if pagina.url_path not in ZONDER_FILTERS:
        st.session_state["keuze"] = kies_filters(toegang, snapshot)
    st.session_state["snapshot"] = snapshot
    gezien = _pagina_naam(pagina)
    if st.session_state.get("gelogd") != gezien:  # a rerun or a filter change is not a new visit
        st.session_state["gelogd"] = gezien
        audit.schrijf(toegang.gebruiker, "pagina", _pagina_naam(pagina))
    try:
        pagina.run()
    except GeenToegang:
        st.error("U heeft geen toegang tot deze gegevens.", icon=":material/block:")
    voettekst(toegang, snapshot)


def _pagina(sleutel: str) -> st.Page:
    titel, icoon = PAGINAS[sleutel]
    return st.Page(
        f"views/{sleutel}.py", title=titel, icon=icoon, url_path=sleutel, default=sleutel == Pagina.STUURWIEL
    )


def _pagina_naam(pagina) -> str:
    return pagina.url_path or Pagina.STUURWIEL


def waarschuw_tegengehouden(toegang: Toegang, snapshot: data.Snapshot) -> None:
    """On every page: a newer delivery was blocked, so the figures are those of the last good one."""
    kwaliteit = data.current_kwaliteit()
    if kwaliteit is None:
        return
    gepubliceerd_op = data.snapshot_info(toegang, snapshot)["gepubliceerd_op"]
    tegengehouden = datakwaliteit.geblokkeerd_na(toegang, kwaliteit, gepubliceerd_op)
    if tegengehouden.empty:
        return
    nieuwste = tegengehouden.iloc[0]
    st.warning(
        f"Een nieuwere levering is tegengehouden door de kwaliteitspoort ({len(tegengehouden)} bestand(en), "
        f"laatste: {nieuwste['bron']} · {nl_datumtijd(nieuwste['geladen_op'])}). "
        f"De cijfers zijn die van de laatst goedgekeurde gegevens, gepubliceerd {nl_datumtijd(gepubliceerd_op)}. "
        + ("Zie Datakwaliteit voor de reden." if toegang.mag(Pagina.DATAKWALITEIT) else ""),
        icon=":material/warning:",
    )


if __name__ == "__main__":  # streamlit runs this file as __main__; tests import PAGINAS from it
    try:
        main()
    except data.SnapshotVervangen:
        st.rerun()  # a publish landed between two reads of this page: draw it again, all from the new snapshot
