"""Budget position: the headline, begroting against realisatie and prognosis, and the waterfall between them."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards.charts import BLAUW, KLEUR_LIJN, KLEUR_NORM, PLOTLY_CONFIG, VERMILJOEN
from dashboards.components import Keuze, toon_tabel
from dashboards.format import LEEG, nl_periode
from dashboards.views.geld.opmaak import (
    WETTEN_EN_TOTAAL,
    cellen,
    download,
    euro,
    euro_verschil,
    layout,
    mln,
    pct,
    redenen,
    stand,
    voorlopig,
)

OVERSCHRIJDING = VERMILJOEN
ONDERSCHRIJDING = BLAUW
LATE_DECLARATIES = (
    "De prognose rekent de verwachte late declaraties mee: wat aanbieders al gedeclareerd hebben maar nog niet "
    "geboekt is, en wat zij volgens de vorige jaren voor de verstreken maanden nog zullen declareren."
)


def toon_kop(keuze: Keuze, prognose: pd.DataFrame) -> None:
    totaal = prognose[prognose["wet"] == "totaal"]
    if totaal.empty or pd.isna(totaal["prognose"].iloc[0]):
        st.info("Voor deze periode is er geen prognose van de lasten.", icon=":material/info:")
        return
    r = totaal.iloc[0]
    jaar = keuze.periode.year
    verschil = r["prognose"] - r["begroting"]
    richting = "overschrijding" if verschil > 0 else "onderschrijding"
    band = (
        f" (bandbreedte {mln(r['prognose_laag'])} tot {mln(r['prognose_hoog'])})"
        if r["prognose_hoog"] - r["prognose_laag"] > 1
        else ""
    )
    st.markdown(
        f"#### Verwachte lasten Jeugd en Wmo eind {jaar}: {mln(r['prognose'])}{band}, "
        f"{pct(r['procent'])} van de begroting van {mln(r['begroting'])}: een {richting} van "
        f"{mln(abs(verschil))}."
    )
    st.caption(LATE_DECLARATIES)


def toon_taakvelden(keuze: Keuze, taakvelden: pd.DataFrame, prognose: pd.DataFrame) -> None:
    st.subheader("Begroting, realisatie en prognose", divider="gray")
    if prognose.empty and taakvelden.empty:
        st.caption("Geen begroting of lasten voor deze periode.")
        return
    if not prognose.empty:
        _prognose(keuze, prognose)
    if not taakvelden.empty:
        _taakvelden(keuze, taakvelden)


def _prognose(keuze: Keuze, prognose: pd.DataFrame) -> None:
    periode = nl_periode(keuze.periode, keuze.periode_type)
    tabel = pd.DataFrame(
        {
            "Wet": prognose["wet"].map(WETTEN_EN_TOTAAL),
            "Begroting": prognose["begroting"].map(euro),
            f"Realisatie t/m {periode}": prognose["lasten"].map(euro),
            "Prognose jaareinde": prognose["prognose"].map(euro),
            "Bandbreedte": [
                f"{euro(lo)} – {euro(hi)}" if hi - lo > 1 else LEEG
                for lo, hi in zip(prognose["prognose_laag"], prognose["prognose_hoog"], strict=False)
            ],
            "Prognose % begroting": prognose["procent"].map(pct),
            "Verschil": (prognose["prognose"] - prognose["begroting"]).map(euro_verschil),
            "Stand": stand(prognose),
        }
    )
    toon_tabel(tabel, "tabel-prognose")
    st.caption(
        "Prognose: geboekte lasten tot nu, plus wat gedeclareerd maar nog niet geboekt is, plus de declaraties "
        "die voor de verstreken maanden nog verwacht worden, plus de open toewijzingen voor de lopende maand en "
        "de rest van het jaar, geschaald met de realisatiegraad van vorig jaar. Bandbreedte: de prognose met de "
        "laatcurve van het snelste en het traagste van de vorige drie jaren, en met de laagste en hoogste "
        "realisatiegraad van de jaren ervoor."
    )
    download(keuze, prognose.drop(columns=["onderdrukt"]), "prognose", "prognose")


def _taakvelden(keuze: Keuze, taakvelden: pd.DataFrame) -> None:
    periode = nl_periode(keuze.periode, keuze.periode_type)
    tabel = pd.DataFrame(
        {
            "Taakveld": taakvelden["taakveld"] + " " + taakvelden["omschrijving"].fillna(""),
            "Wet": taakvelden["wet"].map(WETTEN_EN_TOTAAL).fillna("overig sociaal domein"),
            "Begroting": cellen(taakvelden, "begroting"),
            f"Realisatie t/m {periode}": cellen(taakvelden, "realisatie"),
            "% van begroting": cellen(taakvelden, "procent", pct),
            "Pro rata": taakvelden["pro_rata"].map(pct),
            "Stand": stand(taakvelden),
        }
    )
    st.caption(
        f"Per taakveld: geboekte lasten (grootboek) van 1 januari tot en met {periode} tegenover de "
        "actuele begroting. Pro rata: het deel van het jaar dat voorbij is. De prognose is er per wet, "
        "niet per taakveld: de verplichtingen uit toewijzingen zijn niet per taakveld geboekt."
    )
    for reden in taakvelden["reeksbreuk_reden"].dropna().unique():
        st.caption(f":material/warning: Reeksbreuk: {reden}.")
    toon_tabel(tabel, "tabel-taakvelden")
    redenen(taakvelden)
    download(keuze, taakvelden, "taakvelden", "taakvelden")


def waterval_figuur(prognose: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    """Begroting -> the deviation of each wet -> prognosis; the figure and the data behind it."""
    wetten = prognose[prognose["wet"] != "totaal"]
    totaal = prognose[prognose["wet"] == "totaal"].iloc[0]
    stappen = [("Begroting", "absolute", totaal["begroting"])]
    stappen += [
        (f"{WETTEN_EN_TOTAAL.get(w, w)}", "relative", p - b)
        for w, p, b in zip(wetten["wet"], wetten["prognose"], wetten["begroting"], strict=False)
    ]
    rest = totaal["prognose"] - totaal["begroting"] - sum(s[2] for s in stappen[1:])
    if abs(rest) >= 0.001 * totaal["begroting"]:  # the total's own realisatiegraad differs from the wets'
        stappen.append(("Effect totaal-realisatiegraad", "relative", rest))
    stappen.append(("Prognose", "total", totaal["prognose"]))
    df = pd.DataFrame(stappen, columns=["stap", "soort", "bedrag"])
    fig = go.Figure(
        go.Waterfall(
            x=df["stap"],
            y=df["bedrag"],
            measure=df["soort"],
            text=[
                euro_verschil(b) if s == "relative" else mln(b) for s, b in zip(df["soort"], df["bedrag"], strict=False)
            ],
            textposition="outside",
            customdata=[euro(b) for b in df["bedrag"]],
            hovertemplate="%{x}: %{customdata}<extra></extra>",
            increasing={"marker": {"color": OVERSCHRIJDING}},
            decreasing={"marker": {"color": ONDERSCHRIJDING}},
            totals={"marker": {"color": KLEUR_LIJN}},
            connector={"line": {"color": KLEUR_NORM, "width": 1}},
        )
    )
    onder = min(totaal["begroting"], totaal["prognose"])
    fig.update_yaxes(
        tickprefix="€ ", tickformat=",.0f", range=[onder * 0.9, max(totaal["begroting"], totaal["prognose"]) * 1.06]
    )
    return layout(fig, 340), df


def toon_waterval(keuze: Keuze, prognose: pd.DataFrame) -> None:
    st.subheader("Van begroting naar prognose", divider="gray")
    if prognose.empty or (prognose["wet"] == "totaal").sum() == 0 or prognose["prognose"].isna().any():
        st.caption("Geen prognose voor deze periode.")
        return
    fig, df = waterval_figuur(prognose)
    st.caption("Oranje: de wet kost meer dan begroot; blauw: minder. De as begint niet bij nul.")
    if voorlopig(prognose):
        st.caption(f"Voorlopig: nog niet alle declaraties en boekingen zijn binnen. {LATE_DECLARATIES}")
    st.plotly_chart(fig, key="waterval", config=PLOTLY_CONFIG)
    download(keuze, df, "waterval", "waterval")
