"""Geld en resultaat (controllers): budget position, prognosis, where the money goes and what it buys."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import data, export
from dashboards.components import KLEUR_LIJN, KLEUR_NORM, PLOTLY_CONFIG, REDEN_GEHEIM, Keuze
from dashboards.format import LEEG, nl_euro, nl_getal, nl_periode, nl_procent
from dashboards.queries import geld

GEHEIM = "geheim*"
VOORLOPIG = "voorlopig"
# Okabe-Ito, colour-blind safe; the project's blue for neutral bars.
OVERSCHRIJDING = "#D55E00"  # vermillion
ONDERSCHRIJDING = "#0072B2"  # blue
SIGNAAL = "#E69F00"  # orange
VARIANT_KLEUR = {
    "inspanningsgericht": "#0072B2",
    "outputgericht": "#E69F00",
    "taakgericht": "#009E73",
    "geen contract": "#8A949E",
}
WETTEN = {"jeugd": "Jeugdwet", "wmo": "Wmo", "totaal": "Jeugd en Wmo"}
NIVEAU_LABEL = {
    "taakveld": "Taakveld",
    "productcategorie": "Productcategorie",
    "aanbieder": "Aanbieder",
    "product": "Product",
}


def _euro(v) -> str:
    return LEEG if v is None or pd.isna(v) else nl_euro(v)


def _mln(v) -> str:
    """Large amounts in millions ('€ 303,6 mln'), smaller ones in full."""
    if v is None or pd.isna(v):
        return LEEG
    return f"€ {nl_getal(v / 1e6, 1)} mln" if abs(v) >= 10_000_000 else nl_euro(v)


def _getal(v) -> str:
    return LEEG if v is None or pd.isna(v) else nl_getal(v)


def _pct(v) -> str:
    return LEEG if v is None or pd.isna(v) else nl_procent(v)


def _geheim_of(rij: pd.Series, tekst: str) -> str:
    return GEHEIM if rij.get("onderdrukt", False) else tekst


def _redenen(df: pd.DataFrame) -> None:
    """Under a table: why its hidden cells are hidden (the mark in the table points here)."""
    if "onderdrukt" not in df or not df["onderdrukt"].any():
        return
    for reden in df.loc[df["onderdrukt"], "reden_onderdrukt"].fillna("klein_aantal").unique():
        st.caption(f"\\* geheim: {REDEN_GEHEIM.get(reden, REDEN_GEHEIM['klein_aantal'])}")


def _voorlopig(df: pd.DataFrame) -> bool:
    return "vintage" in df and (df["vintage"] == VOORLOPIG).any()


def _layout(fig: go.Figure, hoogte: int) -> go.Figure:
    fig.update_layout(
        height=hoogte,
        margin={"l": 0, "r": 24, "t": 8, "b": 0},
        separators=",.",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
    )
    return fig


# --- Kop ------------------------------------------------------------------------------------------------


def toon_kop(keuze: Keuze, prognose: pd.DataFrame) -> None:
    totaal = prognose[prognose["wet"] == "totaal"]
    if totaal.empty or pd.isna(totaal["prognose"].iloc[0]):
        st.info("Voor deze periode is er geen prognose van de lasten.", icon=":material/info:")
        return
    r = totaal.iloc[0]
    jaar = keuze.periode.year
    if r["vintage"] == VOORLOPIG and pd.notna(r["laatste_definitief_prognose"]):
        periode = nl_periode(r["laatste_definitief_periode"], keuze.periode_type)
        st.warning(
            f"De cijfers van {nl_periode(keuze.periode, keuze.periode_type)} zijn voorlopig: nog niet alle "
            f"declaraties en boekingen zijn binnen, dus de prognose ({_mln(r['prognose'])}, "
            f"{_pct(r['procent'])}) valt te laag uit. De laatste volledige prognose ({periode}): "
            f"{_mln(r['laatste_definitief_prognose'])}, {_pct(r['laatste_definitief_procent'])} van de begroting.",
            icon=":material/hourglass_top:",
        )
        return
    verschil = r["prognose"] - r["begroting"]
    richting = "overschrijding" if verschil > 0 else "onderschrijding"
    band = (
        f" (bandbreedte {_mln(r['prognose_laag'])} tot {_mln(r['prognose_hoog'])})"
        if r["prognose_hoog"] - r["prognose_laag"] > 1
        else ""
    )
    st.markdown(
        f"#### Verwachte lasten Jeugd en Wmo eind {jaar}: {_mln(r['prognose'])}{band}, "
        f"{_pct(r['procent'])} van de begroting van {_mln(r['begroting'])}: een {richting} van "
        f"{_mln(abs(verschil))}."
    )


# --- Begroting, realisatie en prognose ------------------------------------------------------------------


def toon_taakvelden(keuze: Keuze, taakvelden: pd.DataFrame, prognose: pd.DataFrame) -> None:
    st.subheader("Begroting, realisatie en prognose", divider="gray")
    periode = nl_periode(keuze.periode, keuze.periode_type)
    if prognose.empty and taakvelden.empty:
        st.caption("Geen begroting of lasten voor deze periode.")
        return
    if not prognose.empty:
        tabel = pd.DataFrame(
            {
                "Wet": prognose["wet"].map(WETTEN),
                "Begroting": prognose["begroting"].map(_euro),
                f"Realisatie t/m {periode}": prognose["lasten"].map(_euro),
                "Prognose jaareinde": prognose["prognose"].map(_euro),
                "Bandbreedte": [
                    f"{_euro(lo)} – {_euro(hi)}" if hi - lo > 1 else LEEG
                    for lo, hi in zip(prognose["prognose_laag"], prognose["prognose_hoog"], strict=False)
                ],
                "Prognose % begroting": prognose["procent"].map(_pct),
                "Verschil": (prognose["prognose"] - prognose["begroting"]).map(
                    lambda v: LEEG if pd.isna(v) else ("+" if v > 0 else "") + _euro(v)
                ),
                "Stand": prognose["vintage"].map(lambda v: "voorlopig" if v == VOORLOPIG else "definitief"),
            }
        )
        st.dataframe(tabel, hide_index=True, width="stretch", key="tabel-prognose")
        jaren = int(prognose["band_jaren"].max())
        st.caption(
            "Prognose: geboekte lasten tot nu plus de open toewijzingen voor de rest van het jaar, geschaald met "
            "de realisatiegraad van vorig jaar. Bandbreedte: zover zat dezelfde prognose op hetzelfde moment in "
            f"de vorige {jaren} jaar naast de werkelijke jaarlasten; die afwijkingen zijn op de prognose van nu "
            "gelegd. Geen garantie: een jaar met een ander verloop valt erbuiten."
            if jaren
            else "Nog geen eerdere jaren om een bandbreedte op te baseren."
        )
        export.downloads(
            prognose.drop(columns=["onderdrukt"]),
            f"prognose_{keuze.gemeentecode}_{keuze.periode}",
            keuze.toegang.gebruiker,
            "prognose",
        )
    if not taakvelden.empty:
        tabel = pd.DataFrame(
            {
                "Taakveld": taakvelden["taakveld"] + " " + taakvelden["omschrijving"].fillna(""),
                "Wet": taakvelden["wet"].map(WETTEN).fillna("overig sociaal domein"),
                "Begroting": [_geheim_of(r, _euro(r["begroting"])) for _, r in taakvelden.iterrows()],
                f"Realisatie t/m {periode}": [_geheim_of(r, _euro(r["realisatie"])) for _, r in taakvelden.iterrows()],
                "% van begroting": [_geheim_of(r, _pct(r["procent"])) for _, r in taakvelden.iterrows()],
                "Pro rata": taakvelden["pro_rata"].map(_pct),
                "Stand": taakvelden["vintage"].map(lambda v: "voorlopig" if v == VOORLOPIG else "definitief"),
            }
        )
        st.caption(
            f"Per taakveld: geboekte lasten (grootboek) van 1 januari tot en met {periode} tegenover de "
            "actuele begroting. Pro rata: het deel van het jaar dat voorbij is. De prognose is er per wet, "
            "niet per taakveld: de verplichtingen uit toewijzingen zijn niet per taakveld geboekt."
        )
        for reden in taakvelden["reeksbreuk_reden"].dropna().unique():
            st.caption(f":material/warning: Reeksbreuk: {reden}.")
        st.dataframe(tabel, hide_index=True, width="stretch", key="tabel-taakvelden")
        _redenen(taakvelden)
        export.downloads(
            taakvelden, f"taakvelden_{keuze.gemeentecode}_{keuze.periode}", keuze.toegang.gebruiker, "taakvelden"
        )


def waterval_figuur(prognose: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    """Begroting -> the deviation of each wet -> prognosis; the figure and the data behind it."""
    wetten = prognose[prognose["wet"] != "totaal"]
    totaal = prognose[prognose["wet"] == "totaal"].iloc[0]
    stappen = [("Begroting", "absolute", totaal["begroting"])]
    stappen += [
        (f"{WETTEN.get(w, w)}", "relative", p - b)
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
                (("+" if s == "relative" and b > 0 else "") + _mln(b))
                for s, b in zip(df["soort"], df["bedrag"], strict=False)
            ],
            textposition="outside",
            customdata=[_euro(b) for b in df["bedrag"]],
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
    return _layout(fig, 340), df


def toon_waterval(keuze: Keuze, prognose: pd.DataFrame) -> None:
    st.subheader("Van begroting naar prognose", divider="gray")
    if prognose.empty or (prognose["wet"] == "totaal").sum() == 0 or prognose["prognose"].isna().any():
        st.caption("Geen prognose voor deze periode.")
        return
    fig, df = waterval_figuur(prognose)
    st.caption("Oranje: de wet kost meer dan begroot; blauw: minder. De as begint niet bij nul.")
    if _voorlopig(prognose):
        st.caption("Voorlopig: nog niet alle boekingen zijn binnen, de prognose valt te laag uit.")
    st.plotly_chart(fig, key="waterval", config=PLOTLY_CONFIG)
    export.downloads(df, f"waterval_{keuze.gemeentecode}_{keuze.periode}", keuze.toegang.gebruiker, "waterval")


# --- Waar gaat het geld heen --------------------------------------------------------------------------


def _drill_label(rij: pd.Series, niveau: str) -> str:
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
    args = (keuze.toegang, keuze.snapshot, keuze.gemeentecode, keuze.periode, keuze.periode_type)
    gekozen: dict[str, str | None] = {"taakveld": None, "productcategorie": None, "aanbieder": None}
    kolommen = st.columns(3)
    niveau = "taakveld"
    for kolom, (niveau, volgende) in zip(kolommen, zip(geld.NIVEAUS, geld.NIVEAUS[1:], strict=False), strict=False):
        rijen = geld.drill(*args, niveau, **gekozen)
        zichtbaar = rijen[~rijen["onderdrukt"]]
        opties = {"": "(alle)"} | {r[niveau]: _drill_label(r, niveau) for _, r in zichtbaar.iterrows()}
        with kolom:
            keuze_niveau = st.selectbox(
                NIVEAU_LABEL[niveau], list(opties), format_func=opties.__getitem__, key=f"drill-{niveau}"
            )
        if not keuze_niveau:
            break
        gekozen[niveau] = keuze_niveau
        niveau = volgende
    rijen = geld.drill(*args, niveau, **gekozen)
    if rijen.empty:
        st.caption("Geen declaraties voor deze keuze.")
        return
    tabel = pd.DataFrame(
        {
            NIVEAU_LABEL[niveau]: [_drill_label(r, niveau) for _, r in rijen.iterrows()],
            "Wet": rijen["wet"].map(WETTEN),
            "Gedeclareerd": [_geheim_of(r, _euro(r["bedrag"])) for _, r in rijen.iterrows()],
            "Cliënten": [_geheim_of(r, _getal(r["clienten"])) for _, r in rijen.iterrows()],
            "Per cliënt": [_geheim_of(r, _euro(r["bedrag_per_client"])) for _, r in rijen.iterrows()],
        }
    )
    st.dataframe(
        tabel,
        hide_index=True,
        width="stretch",
        key="tabel-drill",
        column_config={
            "Per cliënt": st.column_config.TextColumn(
                help="Gedeclareerd gedeeld door het afgeronde aantal cliënten: een benadering."
            )
        },
    )
    verborgen = int(rijen["onderdrukt"].sum())
    if verborgen:
        st.caption(f"{verborgen} van {len(rijen)} regels geheim.")
    _redenen(rijen)
    export.downloads(rijen, f"geld_{niveau}_{keuze.gemeentecode}_{keuze.periode}", keuze.toegang.gebruiker, "drill")


# --- Contractplafonds ----------------------------------------------------------------------------------


def plafond_figuur(plafond: pd.DataFrame) -> go.Figure:
    df = plafond[~plafond["onderdrukt"]].sort_values("procent")
    kleuren = [
        KLEUR_NORM if v == VOORLOPIG else (SIGNAAL if s else KLEUR_LIJN)
        for v, s in zip(df["vintage"], df["signaal"], strict=False)
    ]
    fig = go.Figure(
        go.Bar(
            y=df["naam"],
            x=df["procent"],
            orientation="h",
            marker_color=kleuren,
            text=[_pct(v) for v in df["procent"]],
            textposition="outside",
            customdata=[f"{_euro(g)} van {_euro(p)}" for g, p in zip(df["gedeclareerd"], df["plafond"], strict=False)],
            hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>",
        )
    )
    fig.add_vline(
        x=geld.CONTRACT_SIGNAAL,
        line_dash="dash",
        line_color=SIGNAAL,
        annotation_text="70%: overleg",
        annotation_position="top",
    )
    fig.update_xaxes(ticksuffix="%", range=[0, max(105.0, float(df["procent"].max() or 0) * 1.12)])
    fig.update_yaxes(type="category")
    return _layout(fig, 90 + 26 * len(df)).update_layout(margin={"t": 36})


def toon_plafonds(keuze: Keuze) -> None:
    st.subheader("Contractplafonds", divider="gray")
    plafond = geld.contractplafond(keuze.toegang, keuze.snapshot, keuze.gemeentecode, keuze.periode, keuze.periode_type)
    if plafond.empty:
        st.caption("Geen contractplafonds voor deze periode.")
        return
    maanden = int(plafond["maanden_verstreken"].max())
    signalen = plafond[plafond["signaal"] & ~plafond["onderdrukt"]]
    st.caption(
        f"Gedeclareerd van 1 januari tot het einde van de periode als deel van het plafond van het jaar; "
        f"{maanden} van de 12 maanden zijn voorbij. De contractstandaard vraagt overleg binnen 2 weken zodra "
        "70% is gebruikt: vroeg in het jaar is dat het signaal. Taakgerichte contracten declareren niet."
    )
    if _voorlopig(plafond):
        st.caption("Grijs: voorlopig, nog niet alle declaraties zijn binnen; zonder signaalkleur.")
    if not signalen.empty:
        namen = ", ".join(signalen["naam"])
        st.warning(f"Boven 70% van het plafond: {namen}".rstrip(".") + ".", icon=":material/flag:")
    st.plotly_chart(plafond_figuur(plafond), key="plafonds", config=PLOTLY_CONFIG)
    plafond = plafond.assign(tempo_jaareinde=plafond["procent"] * 12 / plafond["maanden_verstreken"])
    tabel = pd.DataFrame(
        {
            "Aanbieder": plafond["naam"],
            "Financieringsvorm": plafond["financieringsvorm"],
            "Gedeclareerd": plafond["gedeclareerd"].map(_euro),
            "Plafond": plafond["plafond"].map(_euro),
            "Gebruikt": plafond["procent"].map(_pct),
            "Op dit tempo eind jaar": plafond["tempo_jaareinde"].map(_pct),
            "Signaal": [
                ("≥ 70%" + (" (voorlopig)" if v == VOORLOPIG else "")) if s else ""
                for s, v in zip(plafond["signaal"], plafond["vintage"], strict=False)
            ],
        }
    )
    with st.expander("Tabel contractplafonds"):
        st.dataframe(
            tabel,
            hide_index=True,
            width="stretch",
            key="tabel-plafonds",
            column_config={
                "Op dit tempo eind jaar": st.column_config.TextColumn(
                    help="Gebruikt x 12 / verstreken maanden: lineair doorgetrokken, zonder seizoenspatroon."
                )
            },
        )
    export.downloads(
        plafond, f"contractplafonds_{keuze.gemeentecode}_{keuze.periode}", keuze.toegang.gebruiker, "plafonds"
    )


# --- Kosten en resultaat -------------------------------------------------------------------------------


def toon_kosten(keuze: Keuze) -> None:
    st.subheader("Kosten per cliënt en per geslaagd traject", divider="gray")
    args = (keuze.toegang, keuze.snapshot, keuze.gemeentecode, keuze.periode, keuze.periode_type)
    links, rechts = st.columns(2)
    with links:
        per_client = geld.kosten_per_client(*args)
        st.markdown("**Kosten per cliënt (jaar tot nu)**")
        if per_client.empty:
            st.caption("Geen gegevens.")
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        "Wet": per_client["wet"].map(WETTEN),
                        "Per cliënt": [_geheim_of(r, _euro(r["per_client"])) for _, r in per_client.iterrows()],
                        "Lasten": [_geheim_of(r, _euro(r["lasten"])) for _, r in per_client.iterrows()],
                        "Cliënten": [_geheim_of(r, _getal(r["clienten"])) for _, r in per_client.iterrows()],
                        "Stand": per_client["vintage"].map(lambda v: "voorlopig" if v == VOORLOPIG else "definitief"),
                    }
                ),
                hide_index=True,
                width="stretch",
                key="tabel-per-client",
            )
            st.caption("Lasten uit het grootboek gedeclareerd of niet (ook pgb en algemene kosten): een bovengrens.")
            _redenen(per_client)
            export.downloads(
                per_client,
                f"kosten_per_client_{keuze.gemeentecode}_{keuze.periode}",
                keuze.toegang.gebruiker,
                "per-client",
            )
    with rechts:
        varianten = geld.kosten_per_traject(*args, "financieringsvorm")
        st.markdown("**Kosten per geslaagd traject, per financieringsvorm**")
        if varianten.empty:
            st.caption("Geen gegevens.")
        else:
            st.dataframe(
                _kosten_tabel(varianten, {"Financieringsvorm": varianten["naam"]}),
                hide_index=True,
                width="stretch",
                key="tabel-varianten",
            )
            _redenen(varianten)
            export.downloads(
                varianten,
                f"kosten_per_financieringsvorm_{keuze.gemeentecode}_{keuze.periode}",
                keuze.toegang.gebruiker,
                "varianten",
            )
    aanbieders = geld.kosten_per_traject(*args, "aanbieder")
    st.markdown("**Kosten per geslaagd traject, per aanbieder**")
    st.caption(
        "Gedeclareerd min afgewezen op trajecten die in de periode eindigden (volgens plan of uitval), "
        "gedeeld door het aantal dat volgens plan eindigde. Vergelijk alleen aanbieders met dezelfde zorgvorm."
    )
    if aanbieders.empty:
        st.caption("Geen gegevens.")
        return
    st.dataframe(
        _kosten_tabel(
            aanbieders, {"Aanbieder": aanbieders["naam"], "Financieringsvorm": aanbieders["financieringsvorm"]}
        ),
        hide_index=True,
        width="stretch",
        key="tabel-aanbieders-kosten",
    )
    _redenen(aanbieders)
    export.downloads(
        aanbieders,
        f"kosten_per_aanbieder_{keuze.gemeentecode}_{keuze.periode}",
        keuze.toegang.gebruiker,
        "aanbieders-kosten",
    )


def _kosten_tabel(rijen: pd.DataFrame, sleutels: dict) -> pd.DataFrame:
    """Cost per successful trajectory with its parts; hidden cells say geheim, never the number."""
    return pd.DataFrame(
        {
            **sleutels,
            "Per geslaagd traject": [_geheim_of(r, _euro(r["per_traject"])) for _, r in rijen.iterrows()],
            "Kosten": [_geheim_of(r, _euro(r["kosten"])) for _, r in rijen.iterrows()],
            "Geslaagd": [_geheim_of(r, _getal(r["succesvol"])) for _, r in rijen.iterrows()],
            "Stand": rijen["vintage"].map(lambda v: "voorlopig" if v == VOORLOPIG else "definitief"),
        }
    )


def spreiding_figuur(punten: pd.DataFrame) -> go.Figure:
    fig = go.Figure()
    for variant, groep in punten.groupby(punten["financieringsvorm"].fillna("geen contract"), sort=True):
        fig.add_scatter(
            x=groep["volgens_plan"],
            y=groep["per_traject"],
            mode="markers",
            name=variant,
            marker={
                "size": 11,
                "color": VARIANT_KLEUR.get(variant, KLEUR_NORM),
                "symbol": "circle-open" if (groep["vintage"] == VOORLOPIG).all() else "circle",
                "line": {"width": 2},
            },
            customdata=[
                f"{n}<br>{_pct(x)} volgens plan ({_getal(b)} beëindigd)<br>{_euro(y)} per geslaagd traject"
                for n, x, b, y in zip(
                    groep["naam"], groep["volgens_plan"], groep["beeindigd"], groep["per_traject"], strict=False
                )
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.update_xaxes(title="Beëindigd volgens plan", ticksuffix="%", range=[0, 105])
    fig.update_yaxes(title="Kosten per geslaagd traject", tickprefix="€ ", tickformat=",.0f", rangemode="tozero")
    return _layout(fig, 420)


def toon_spreiding(keuze: Keuze) -> None:
    st.subheader("Kosten tegen resultaat per aanbieder", divider="gray")
    alle = geld.kosten_tegen_resultaat(
        keuze.toegang, keuze.snapshot, keuze.gemeentecode, keuze.periode, keuze.periode_type
    )
    punten = alle[alle["bruikbaar"]]
    weg = len(alle) - len(punten)
    st.caption(
        "Rechtsonder is goedkoop en vaak volgens plan. Alleen aanbieders met genoeg beëindigde trajecten "
        "(minimum per aanbieder) en zonder afgeschermde cijfers staan erin."
        + (
            f" {weg} aanbieder(s) weggelaten: te weinig trajecten of geen kosten per traject (taakgericht)."
            if weg
            else ""
        )
        + (" Open rondjes: voorlopig." if _voorlopig(punten) else "")
    )
    if keuze.periode_type == "maand":
        st.caption("Tip: kies indeling Kwartaal of Jaar voor meer trajecten per aanbieder.")
    if punten.empty:
        st.caption("Geen aanbieder met genoeg trajecten in deze periode.")
        return
    st.plotly_chart(spreiding_figuur(punten), key="spreiding", config=PLOTLY_CONFIG)
    export.downloads(
        alle, f"kosten_tegen_resultaat_{keuze.gemeentecode}_{keuze.periode}", keuze.toegang.gebruiker, "spreiding"
    )


keuze: Keuze = st.session_state["keuze"]
st.title("Geld en resultaat")
st.caption(
    f"{keuze.gebied} · {nl_periode(keuze.periode, keuze.periode_type)} · bedragen van 1 januari tot en met "
    "het einde van de periode"
)
_prognose = geld.prognose(keuze.toegang, keuze.snapshot, keuze.gemeentecode, keuze.periode, keuze.periode_type)
_taakvelden = geld.begroting_per_taakveld(
    keuze.toegang, keuze.snapshot, keuze.gemeentecode, keuze.periode, keuze.periode_type
)
toon_kop(keuze, _prognose)
toon_taakvelden(keuze, _taakvelden, _prognose)
toon_waterval(keuze, _prognose)
toon_drill(keuze)
toon_plafonds(keuze)
toon_kosten(keuze)
toon_spreiding(keuze)
