"""One aanbieder's wait times: on the aanbieder (toewijzing to care) and on the gemeente's decision."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards.charts import BLAUW, HEMELBLAUW, PLOTLY_CONFIG, VERMILJOEN
from dashboards.components import Keuze
from dashboards.format import nl_periode, nl_waarde
from dashboards.views.aanbieders.grafiek import geheim_markering, layout, normlijn, periode_labels
from dashboards.views.aanbieders.opmaak import download


def _bereik(
    keuze: Keuze,
    verloop: pd.DataFrame,
    laag: str,
    hoog: str,
    midden: str | None,
    norm: float | None,
    normtekst: str,
    sleutel: str,
    werkwoord: str,
) -> pd.DataFrame | None:
    """Floating bars from the p80 to the p95 wait time per period (the spread), a median line if any, the norm."""
    breed = {i: verloop[verloop["indicator_id"] == i].set_index("periode") for i in (laag, hoog, midden) if i}
    perioden = sorted(set().union(*[set(d.index) for d in breed.values()]))
    if not perioden:
        st.caption("Geen gegevens voor deze aanbieder.")
        return None
    labels = periode_labels(perioden, keuze.periode_type)

    def reeks(i: str, kolom: str = "waarde") -> pd.Series:
        d = breed.get(i, pd.DataFrame())
        if d.empty:
            return pd.Series([None] * len(perioden), index=perioden, dtype=object)
        return d.reindex(perioden)[kolom]

    def zichtbaar(i: str) -> pd.Series:
        """Indicator i per period, a hidden period empty."""
        return pd.to_numeric(reeks(i).where(~reeks(i, "onderdrukt").fillna(False).astype(bool)))

    p80, p95 = zichtbaar(laag), zichtbaar(hoog)
    voorlopig = (reeks(laag, "vintage") == "voorlopig").tolist()
    met_mediaan = bool(midden) and midden in breed
    mediaan = zichtbaar(midden) if met_mediaan else pd.Series(dtype=float)
    if p80.isna().all() and p95.isna().all() and mediaan.isna().all():
        st.caption(
            f"In geen van de {len(perioden)} perioden te tonen: de cijfers zijn geheim "
            "(te weinig cliënten) of ontbreken."
        )
        return None
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=(p95 - p80).tolist(),
        base=p80.tolist(),
        name=f"80% tot 95% {werkwoord} binnen",
        marker={
            "color": HEMELBLAUW,
            "pattern": {"shape": ["/" if v else "" for v in voorlopig], "fillmode": "overlay", "solidity": 0.3},
        },
        customdata=[
            f"{lab}: 80% {werkwoord} binnen {nl_waarde(a, 'dagen')}, 95% binnen {nl_waarde(b, 'dagen')}"
            f"{' (voorlopig)' if v else ''}"
            for lab, a, b, v in zip(labels, p80, p95, voorlopig, strict=False)
        ],
        hovertemplate="%{customdata}<extra></extra>",
    )
    for naam, waarden, symbool, grootte, kleur in (
        ("p80", p80, "circle", 8, BLAUW),
        ("p95", p95, "diamond", 9, VERMILJOEN),
    ):
        marker = {"symbol": symbool, "size": grootte, "color": kleur}
        fig.add_scatter(x=labels, y=waarden.tolist(), mode="markers", name=naam, marker=marker, hoverinfo="skip")
    if met_mediaan:
        fig.add_scatter(
            x=labels,
            y=mediaan.tolist(),
            mode="lines+markers",
            name="mediaan",
            line={"color": BLAUW, "width": 2},
            marker={"size": 6},
            customdata=[f"{lab}: mediaan {nl_waarde(w, 'dagen')}" for lab, w in zip(labels, mediaan, strict=False)],
            hovertemplate="%{customdata}<extra></extra>",
        )
    if norm is not None:
        normlijn(fig, norm, normtekst, VERMILJOEN)
    geheim = pd.DataFrame(
        {
            "onderdrukt": [bool(o) for o in reeks(laag, "onderdrukt").fillna(False)],
            "reden_onderdrukt": reeks(laag, "reden_onderdrukt").tolist(),
        }
    )
    geheim_markering(fig, geheim, labels)
    top = max([v for v in [*p95.dropna().tolist(), *p80.dropna().tolist(), norm or 0] if v is not None] + [1.0])
    st.plotly_chart(layout(fig, labels, range=[0, top * 1.15], ticksuffix=" d"), config=PLOTLY_CONFIG, key=sleutel)
    return pd.DataFrame(
        {
            "Periode": [nl_periode(p, keuze.periode_type) for p in perioden],
            "p80 (dagen)": p80.tolist(),
            "p95 (dagen)": p95.tolist(),
            **({"Mediaan (dagen)": mediaan.tolist()} if met_mediaan else {}),
            "Norm (dagen)": norm,
            "Geheim": ["ja" if o else "nee" for o in geheim["onderdrukt"]],
            "Gegevens": reeks(laag, "vintage").tolist(),
        }
    )


def toon_wachttijd(keuze: Keuze, agb: str, verloop: pd.DataFrame, norm: float | None) -> None:
    st.markdown("**Wachttijd op de aanbieder** (toewijzing tot eerste dag zorg)")
    normtekst = f"wachttijdnorm {nl_waarde(norm, 'dagen')}" if norm is not None else ""
    tabel = _bereik(
        keuze,
        verloop,
        "wachttijd_aanbieder_p80",
        "wachttijd_aanbieder_p95",
        None,
        norm,
        normtekst,
        "aanbieders-wachttijd",
        "gestart",
    )
    if tabel is None:
        return
    st.caption(
        "De balk loopt van de wachttijd waarbinnen 80% van de zorg startte (p80) tot die waarbinnen 95% "
        "startte (p95). Ligt p80 boven de norm, dan wachtte meer dan 20% van de cliënten langer dan de norm; "
        "ligt p95 erboven, meer dan 5%. Gearceerd: voorlopig."
    )
    download(keuze, tabel, "wachttijd", agb, "wachttijd")


def toon_besluit(keuze: Keuze, agb: str, verloop: pd.DataFrame, indicatoren: pd.DataFrame) -> None:
    st.markdown("**Wachttijd op besluit van de gemeente** (verzoek van de aanbieder tot toewijzing)")
    norm = (
        indicatoren.at["wachttijd_besluit_mediaan", "norm"]
        if "wachttijd_besluit_mediaan" in indicatoren.index
        else None
    )
    mediaan = verloop[verloop["indicator_id"] == "wachttijd_besluit_mediaan"]
    if not mediaan.empty and mediaan["norm"].notna().any():
        norm = mediaan["norm"].dropna().iloc[-1]
    norm = float(norm) if norm is not None and pd.notna(norm) else None
    tabel = _bereik(
        keuze,
        verloop,
        "wachttijd_besluit_p80",
        "wachttijd_besluit_p95",
        "wachttijd_besluit_mediaan",
        norm,
        f"termijn {nl_waarde(norm, 'dagen')} (mediaan)" if norm is not None else "",
        "aanbieders-besluit",
        "besloten",
    )
    if tabel is None:
        return
    download(keuze, tabel, "besluit", agb, "besluit")
