"""How an Aanbieders figure reads: value with status symbol, 'geheim' with its reason, voorlopig without a
verdict; column titles; the styled tables with a tooltip per cell; download names."""

from __future__ import annotations

import pandas as pd

from dashboards import export
from dashboards.components import GEHEIM, REDEN_GEHEIM, Keuze
from dashboards.format import LEEG, nl_euro, nl_getal, nl_waarde
from dashboards.toegang import REGIO

GRIJS = "#6B7580"
STATUS = {  # status -> (label, symbol, cell background)
    "op_koers": ("op koers", "✓", "#D4E6F1"),
    "aandacht": ("aandacht", "!", "#FBE5B6"),
    "uit_koers": ("uit koers", "✗", "#F5CDB6"),
}
VOORLOPIG = "*"
SIGNAAL_PLAFOND = 70.0  # Contractstandaarden: at 70% of the bestedingsruimte an overleg within 2 weeks
# Short column titles of the overview; an indicator not listed gets its name.
KOPPEN = {
    "budgetuitputting": "Contractplafond benut",
    "beeindigd_volgens_plan": "Beëindigd volgens plan",
    "uitval_strikt": "Strikte uitval",
    "kosten_per_succesvol_traject": "Kosten per geslaagd traject",
    "wachttijd_aanbieder_p80": "Wachttijd p80",
    "wachttijd_aanbieder_p95": "Wachttijd p95",
    "wachttijd_besluit_mediaan": "Besluit mediaan",
}
STARTS, BEEINDIGD = "Starts", "Beëindigd"  # volume columns (see overzicht._volumes)


def cel(rij: pd.Series | None, eenheid: str, kort: bool = False) -> tuple[str, str, str]:
    """(text, background css, tooltip) of one figure: geheim with its reason, voorlopig without a status.

    kort: days without their unit (the overview's column title names it).
    """
    if rij is None:
        return LEEG, "", ""
    if rij["onderdrukt"]:
        return geheim_cel(rij)
    if pd.isna(rij["waarde"]):
        return LEEG, "", ""
    tekst = nl_getal(rij["waarde"]) if kort and eenheid == "dagen" else nl_waarde(rij["waarde"], eenheid)
    if rij["vintage"] == "voorlopig":
        return f"{tekst} {VOORLOPIG}", "", voorlopig_tekst(rij["volledigheid"])
    if rij["status"] in STATUS:
        label, symbool, kleur = STATUS[rij["status"]]
        return f"{tekst} {symbool}", f"background-color: {kleur}", f"{label} (norm {nl_waarde(rij['norm'], eenheid)})"
    return tekst, "", ""


def reden_tekst(reden: str | None) -> str:
    return REDEN_GEHEIM.get(reden, REDEN_GEHEIM["klein_aantal"])


def geheim_cel(rij: pd.Series) -> tuple[str, str, str]:
    return GEHEIM, f"color: {GRIJS}; font-style: italic", reden_tekst(rij["reden_onderdrukt"])


def status_kolommen(df: pd.DataFrame) -> dict[str, list[str]]:
    """The Status and Reden geheim columns of a download: geheim, voorlopig or the status; why it is hidden."""
    return {
        "Status": [
            GEHEIM if o else ("voorlopig" if v == "voorlopig" else STATUS.get(s, ("",))[0])
            for o, v, s in zip(df["onderdrukt"], df["vintage"], df["status"], strict=False)
        ],
        "Reden geheim": [
            reden_tekst(r) if o else "" for o, r in zip(df["onderdrukt"], df["reden_onderdrukt"], strict=False)
        ],
    }


def voorlopig_tekst(volledigheid: float | None) -> str:
    binnen = "" if volledigheid is None or pd.isna(volledigheid) else f" ({nl_getal(100 * volledigheid)}% binnen)"
    return f"Voorlopig: de gegevens over deze periode zijn nog niet compleet{binnen}; nog geen oordeel."


def eenheid_van(indicatoren: pd.DataFrame, indicator_id: str) -> str:
    return indicatoren.at[indicator_id, "eenheid"] if indicator_id in indicatoren.index else ""


def kolomkop(indicatoren: pd.DataFrame, indicator_id: str, met_eenheid: bool = False) -> str:
    if indicator_id in KOPPEN:
        kop = KOPPEN[indicator_id]
    else:
        kop = indicatoren.at[indicator_id, "naam"] if indicator_id in indicatoren.index else indicator_id
    return f"{kop} (dagen)" if met_eenheid and eenheid_van(indicatoren, indicator_id) == "dagen" else kop


def alle(gemeentecode: str, gebied: str) -> str:
    return "Alle aanbieders · regio" if gemeentecode == REGIO else f"Alle aanbieders · {gebied}"


def plafond_tekst(rij: pd.Series) -> str:
    tekst = nl_waarde(rij["waarde"], "%")
    if pd.notna(rij["teller"]) and pd.notna(rij["noemer"]):
        tekst += f", {nl_euro(rij['teller'])} van {nl_euro(rij['noemer'])}"
    return tekst


def download(keuze: Keuze, tabel: pd.DataFrame, sleutel: str, *delen: str) -> None:
    """CSV and Excel of a section, named aanbieders_<gemeente>_<period>_<delen>."""
    naam = "_".join(["aanbieders", keuze.gemeentecode, keuze.periode.strftime("%Y-%m"), *delen])
    export.downloads(tabel, naam, keuze.toegang.gebruiker, f"aanbieders-{sleutel}")


# The hover text of a cell (pandas Styler tooltip): wide enough for a reason, below the cell.
_TOOLTIP = (
    "visibility: hidden; position: absolute; z-index: 10; background-color: #1F2933; color: #FFFFFF;"
    " padding: 6px 8px; border-radius: 4px; width: 300px; white-space: normal; font-style: normal;"
    " font-weight: 400; font-size: 0.8rem; line-height: 1.3; transform: translate(-140px, 28px);"
)


def tabel_delen(regels: list[list[tuple[str, str, str]]], kolommen: list[str]) -> tuple[pd.DataFrame, ...]:
    """Table rows of (text, css, tooltip) cells as the text, css and tooltip frames `stijl` combines."""
    tekst = pd.DataFrame([[c[0] for c in r] for r in regels], columns=kolommen)
    css = pd.DataFrame([[c[1] for c in r] for r in regels], columns=kolommen)
    tips = pd.DataFrame([[c[2] or None for c in r] for r in regels], columns=kolommen)
    return tekst, css, tips


def stijl(tekst: pd.DataFrame, css: pd.DataFrame, tips: pd.DataFrame):
    return tekst.style.apply(lambda _: css, axis=None).set_tooltips(tips, props=_TOOLTIP).hide(axis="index")
