"""Datakwaliteit: is every delivery in, what did the gate find, and what was set aside? For the data steward."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import data, export
from dashboards.components import BRONNEN, POORT, namen, open_pagina, toon_tabel
from dashboards.format import nl_datumtijd, nl_getal, nl_procent
from dashboards.queries import datakwaliteit as q
from dashboards.toegang import Pagina, Toegang

STATUS = {"loaded": "geladen", "partially_loaded": "deels geladen", "rejected": "afgewezen"}


def main(toegang: Toegang) -> None:
    open_pagina(
        toegang,
        Pagina.DATAKWALITEIT,
        "Datakwaliteit",
        "Elke levering gaat door de kwaliteitspoort. Alleen doorgelaten leveringen komen in de cijfers; "
        "een tegengehouden levering blijft bewaard tot een beheerder haar herstelt of accepteert.",
    )
    kwaliteit = data.current_kwaliteit()
    if kwaliteit is None:
        st.info("Er is nog geen levering verwerkt.", icon=":material/hourglass_empty:")
        return
    _laatste_leveringen(q.laatste_leveringen(toegang, kwaliteit))
    _bevindingen(q.bevindingen(toegang, kwaliteit))
    _quarantaine(q.quarantaine(toegang, kwaliteit), toegang)
    _trend(q.kwaliteit_trend(toegang, kwaliteit))


def _laatste_leveringen(laatste: pd.DataFrame) -> None:
    st.subheader("Laatste levering per bron en gemeente")
    tabel = pd.DataFrame(
        {
            "Bron": namen(laatste["bron"], BRONNEN),
            "Gemeente": laatste["gemeentecode"],
            "Bestand": laatste["bestand"],
            "Ontvangen": laatste["geladen_op"].map(nl_datumtijd),
            "Regels": laatste["rijen_in"].map(nl_getal),
            "Geladen": laatste["rijen_geladen"].map(nl_getal),
            "In quarantaine": laatste["rijen_quarantaine"].map(nl_getal),
            "Status": namen(laatste["status"], STATUS),
            "Poort": namen(laatste["poort"], POORT),
            "Levering-id": laatste["load_id"],
        }
    )
    toon_tabel(tabel)


def _bevindingen(bevindingen: pd.DataFrame) -> None:
    st.subheader("Bevindingen van de kwaliteitspoort")
    if bevindingen.empty:
        st.success("Geen bevindingen: alle controles geslaagd.", icon=":material/verified:")
        return
    for _, b in bevindingen.head(50).iterrows():
        ernst = "Tegengehouden" if not b["geslaagd"] else "Signaal"
        icoon = ":material/block:" if not b["geslaagd"] else ":material/info:"
        with st.expander(
            f"{ernst} · {BRONNEN.get(b['bron'], b['bron'])} · {b['titel']} ({nl_datumtijd(b['gecontroleerd_op'])})",
            icon=icoon,
        ):
            if b["uitleg"]:
                st.markdown(b["uitleg"])
            st.markdown(f"**Bevinding:** {b['melding']}")
            if b["regel"]:
                st.caption(f"Regel: {b['regel']} · controle `{b['controle']}`")
            if not b["geslaagd"] and b["load_ids"]:
                st.caption(
                    "Accepteren ondanks deze bevinding: "
                    f'`stuurwiel accept {b["load_ids"].replace(",", "")} --reason "..."`'
                )


def _quarantaine(regels: pd.DataFrame, toegang: Toegang) -> None:
    st.subheader("Regels in quarantaine")
    if regels.empty:
        st.success("Geen regels in quarantaine.", icon=":material/verified:")
        return
    per_regel = (
        regels.groupby(["bron", "controle", "melding"], as_index=False).size().sort_values("size", ascending=False)
    )
    tabel = pd.DataFrame(
        {
            "Bron": namen(per_regel["bron"], BRONNEN),
            "Controle": per_regel["controle"],
            "Melding": per_regel["melding"],
            "Aantal": per_regel["size"].map(nl_getal),
        }
    )
    toon_tabel(tabel)
    st.caption(
        "Per regel het bestand, het regelnummer en de reden. De inhoud van de regel blijft in het "
        "warehouse: het dashboard toont geen gegevens uit de oorspronkelijke bestanden."
    )
    export.downloads(regels, "quarantaine", toegang.gebruiker, "quarantaine")


def _trend(trend: pd.DataFrame) -> None:
    st.subheader("Kwaliteit door de tijd")
    if trend.empty:
        return
    fig = go.Figure()
    for bron, reeks in trend.groupby("bron"):
        fig.add_trace(
            go.Scatter(
                x=reeks["dag"],
                y=100 * reeks["aandeel_quarantaine"],
                mode="lines+markers",
                name=BRONNEN.get(bron, bron),
                customdata=[nl_procent(100 * v) for v in reeks["aandeel_quarantaine"]],
                hovertemplate="%{x|%d-%m-%Y}: %{customdata} in quarantaine<extra>%{fullData.name}</extra>",
            )
        )
    # ".2~g": small shares as 0,0002 rather than d3's SI prefixes (200µ).
    fig.update_layout(
        yaxis_title="% regels in quarantaine",
        yaxis_tickformat=".2~g",
        xaxis_tickformat="%d-%m-%Y",
        height=320,
        margin=dict(l=10, r=10, t=10, b=10),
        separators=",.",
    )
    st.plotly_chart(fig, width="stretch")


main(st.session_state["toegang"])
