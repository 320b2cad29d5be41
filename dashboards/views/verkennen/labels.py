"""How a Verkennen value reads: the figure, 'geheim' with its reason, the provisional mark, breakdown labels."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboards.components import GEHEIM, REDEN_GEHEIM, WETTEN
from dashboards.format import LEEG, nl_getal, nl_waarde
from dashboards.noemer import met_teken

TOTAAL = "totaal"
LAGEN = {
    "input": "Geld (input)",
    "throughput": "Doorlooptijd (throughput)",
    "output": "Bereik (output)",
    "outcome": "Resultaat (outcome)",
}
# dimensie -> label of the breakdown (sidebar, headings)
UITSPLITSINGEN = {
    "wet": "Wet",
    "productcategorie": "Productcategorie",
    "leeftijdsgroep": "Leeftijdsgroep",
    "leeftijd": "Leeftijdsgroep",
    "aanbieder": "Aanbieder",
    "gmsd_type": "Soort maatwerkvoorziening (GMSD)",
    "verblijf": "Met of zonder verblijf",
    "financieringsvorm": "Financieringsvorm",
    "taakveld": "Taakveld (Iv3)",
    "retourcode": "Reden van afwijzing (retourcode)",
    "bericht": "Soort bericht",
    "spoed": "Spoed of regulier",
    # ind_lasten_prognose publishes its uncertainty band as breakdowns (late-claim curve)
    "band_totaal": "Bandbreedte prognose, totaal",
    "band_jeugd": "Bandbreedte prognose, Jeugdwet",
    "band_wmo": "Bandbreedte prognose, Wmo",
}
BAND = {"laag": "Ondergrens", "hoog": "Bovengrens"}
# The breakdowns the issue promises; when an indicator lacks one the page says so.
# dimensie -> dimensie_waarde -> label
WAARDEN = {
    "wet": WETTEN,
    "verblijf": {"met_verblijf": "Met verblijf", "zonder_verblijf": "Zonder verblijf"},
    "financieringsvorm": {
        "inspanningsgericht": "Inspanningsgericht",
        "outputgericht": "Outputgericht",
        "taakgericht": "Taakgericht",
    },
    "bericht": {
        "start": "Startbericht",
        "stop": "Stopbericht",
        "vot": "Verzoek om toewijzing",
        "vow": "Verzoek om wijziging",
    },
    "spoed": {"spoed": "Spoed", "regulier": "Regulier"},
    "band_totaal": BAND,
    "band_jeugd": BAND,
    "band_wmo": BAND,
    "gmsd_type": {
        "hulp_bij_het_huishouden": "Hulp bij het huishouden",
        "ondersteuning_thuis": "Ondersteuning thuis",
        "hulpmiddelen_en_diensten": "Hulpmiddelen en diensten",
        "verblijf_en_opvang": "Verblijf en opvang",
        "overig": "Overig",
    },
    # WMO020 from dbt_project/seeds/gmsd_type.csv; the JZ020 codes the region uses
    "productcategorie": {
        "01": "Hulp bij het huishouden",
        "02": "Begeleiding",
        "03": "Persoonlijke verzorging",
        "04": "Kortdurend verblijf",
        "05": "Woondiensten",
        "06": "Overige ondersteuning individu/huishouden",
        "07": "Dagbesteding",
        "08": "Vervoerdiensten",
        "09": "Overige groepsgerichte ondersteuning",
        "10": "Overige maatwerkarrangementen",
        "11": "Rolstoelen",
        "12": "Vervoervoorzieningen",
        "13": "Woonvoorzieningen",
        "14": "Overige hulpmiddelen",
        "15": "Beschermd wonen",
        "16": "Opvang",
        "17": "Spoedopvang",
        "18": "Overige beschermd wonen en opvang",
        "45": "Jeugdhulp ambulant",
        "46": "Jeugdhulp crisis",
        "47": "Jeugdreclassering",
        "48": "Jeugdbescherming",
    },
}
ONBEKEND = {"onbekend": "Onbekend"}
KOLOMMEN = {
    "Waarom geheim": st.column_config.TextColumn(
        width="large", help='Waarom een cel als "geheim" is afgeschermd; wijs de cel aan voor de hele tekst.'
    )
}


def waarde_label(dimensie: str, waarde: str, naam: str | None = None) -> str:
    if dimensie == "aanbieder":
        return f"{naam} ({waarde})" if isinstance(naam, str) else f"Aanbieder {waarde}"
    if dimensie == "taakveld":
        return f"{waarde} {naam}" if isinstance(naam, str) else f"Taakveld {waarde}"
    if dimensie == "retourcode":
        return f"Retourcode {waarde}"
    labels = WAARDEN.get(dimensie, {}) | ONBEKEND
    if dimensie == "productcategorie" and waarde in labels and waarde != "onbekend":
        return f"{waarde} {labels[waarde]}"
    return labels.get(waarde, waarde.replace("_", " ").capitalize() if isinstance(waarde, str) else str(waarde))


def stand_tekst(rij: pd.Series | None) -> str:
    """'definitief' or 'voorlopig (85% compleet)' of one row."""
    if rij is None or pd.isna(rij.get("vintage")):
        return "geen gegevens"
    if rij["vintage"] != "voorlopig":
        return "definitief"
    if pd.isna(rij.get("volledigheid")):
        return "voorlopig"
    return f"voorlopig ({nl_getal(100 * rij['volledigheid'])}% compleet)"


def cel(rij: pd.Series | Mapping, eenheid: str) -> str:
    """A value as text: the figure, 'geheim', or a dash; provisional ones get a '*', those on an estimated
    population a leading '≈'."""
    if rij["onderdrukt"]:
        return GEHEIM
    if pd.isna(rij["waarde"]):
        return LEEG
    return met_teken(nl_waarde(rij["waarde"], eenheid) + (" *" if rij["vintage"] == "voorlopig" else ""), rij)


def reden(rij: pd.Series | Mapping) -> str:
    if not rij["onderdrukt"]:
        return ""
    return REDEN_GEHEIM.get(rij["reden_onderdrukt"], REDEN_GEHEIM["klein_aantal"])


def rij_van(df: pd.DataFrame, gemeentecode: str) -> pd.Series | None:
    """The row of one gemeente (or REGIO), or None when the frame has none."""
    rijen = df[df["gemeentecode"] == gemeentecode]
    return None if rijen.empty else rijen.iloc[0]


def breek(tekst: str, breedte: int = 60) -> str:
    """Wrap hover text, which Plotly does not do by itself."""
    regels, regel = [], ""
    for woord in tekst.split():
        if regel and len(regel) + len(woord) > breedte:
            regels.append(regel)
            regel = woord
        else:
            regel = f"{regel} {woord}".strip()
    return "<br>".join(regels + [regel])
