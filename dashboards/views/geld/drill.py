"""Where the money goes: declared money from taakveld down to productcategorie, aanbieder and product."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import data
from dashboards.components import Keuze, toon_tabel
from dashboards.format import nl_periode
from dashboards.queries import geld
from dashboards.views.geld.opmaak import WETTEN_EN_TOTAAL, cellen, download, getal, redenen


def _label(rij: pd.Series, niveau: str) -> str:
    if niveau == "taakveld":
        return f"{rij['taakveld']} {rij['taakveld_omschrijving'] or ''}".strip()
    if niveau == "productcategorie":
        return f"{rij['productcategorie']} {rij['productcategorie_omschrijving'] or ''}".strip()
    if niveau == "aanbieder":
        return rij["aanbieder_naam"] or rij["aanbieder"]
    return rij["productcode"]


def toon_drill(keuze: Keuze) -> None:
    st.subheader("Waar gaat het geld heen", divider="gray")
    periode = nl_periode(keuze.periode, keuze.periode_type)
    st.caption(
        f"Gedeclareerd (323, creditregels verrekend) min afgewezen (325), zorg geleverd van 1 januari tot en "
        f"met {periode}. Kies een regel om een niveau dieper te kijken: taakveld, productcategorie, aanbieder, "
        "product. Cliënten afgerond op vijftallen; cellen met minder dan 10 cliënten, en een cel waaruit die "
        "anders af te leiden is, staan als geheim."
    )
    if not data.heeft(keuze.toegang, keuze.snapshot, "geld_detail"):
        st.info(
            "Deze gegevens staan nog niet in de gepubliceerde snapshot: ze komen mee bij de volgende levering.",
            icon=":material/hourglass_empty:",
        )
        return
    niveau, gekozen = _kies_niveau(keuze)
    rijen = geld.drill(*keuze.query_args, niveau, **gekozen)
    if rijen.empty:
        st.caption("Geen declaraties voor deze keuze.")
        return
    tabel = pd.DataFrame(
        {
            niveau.capitalize(): [_label(r, niveau) for _, r in rijen.iterrows()],
            "Wet": rijen["wet"].map(WETTEN_EN_TOTAAL),
            "Gedeclareerd": cellen(rijen, "bedrag"),
            "Cliënten": cellen(rijen, "clienten", getal),
            "Per cliënt": cellen(rijen, "bedrag_per_client"),
        }
    )
    toon_tabel(
        tabel, "tabel-drill", {"Per cliënt": "Gedeclareerd gedeeld door het afgeronde aantal cliënten: een benadering."}
    )
    verborgen = int(rijen["onderdrukt"].sum())
    if verborgen:
        st.caption(f"{verborgen} van {len(rijen)} regels geheim.")
    redenen(rijen)
    download(keuze, rijen, f"geld_{niveau}", "drill")


def _kies_niveau(keuze: Keuze) -> tuple[str, dict[str, str | None]]:
    """One selectbox per level, each listing the visible rows under the choices before it.

    Returns the level to show (one below the deepest choice) and the choices made.
    """
    gekozen: dict[str, str | None] = {"taakveld": None, "productcategorie": None, "aanbieder": None}
    niveau = "taakveld"
    for kolom, (niveau, volgende) in zip(
        st.columns(3), zip(geld.NIVEAUS, geld.NIVEAUS[1:], strict=False), strict=False
    ):
        rijen = geld.drill(*keuze.query_args, niveau, **gekozen)
        zichtbaar = rijen[~rijen["onderdrukt"]]
        opties = {"": "(alle)"} | {r[niveau]: _label(r, niveau) for _, r in zichtbaar.iterrows()}
        with kolom:
            keuze_niveau = st.selectbox(
                niveau.capitalize(), list(opties), format_func=opties.__getitem__, key=f"drill-{niveau}"
            )
        if not keuze_niveau:
            break
        gekozen[niveau] = keuze_niveau
        niveau = volgende
    return niveau, gekozen
