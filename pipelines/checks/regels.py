"""What every gate rule means, in plain Dutch for the data steward, and the rule behind it.

The Datakwaliteit page and the gate's messages read this catalogue; a rule without an entry still works
and is shown by its technical name.
"""

from __future__ import annotations

# naam -> (titel, uitleg, regel of bron)
REGELS: dict[str, tuple[str, str, str]] = {
    "quarantaine_aandeel": (
        "Afgekeurde regels in quarantaine",
        "Een paar foute regels gaan in quarantaine en de rest wordt geladen. Is het aandeel foute regels "
        "groter dan de drempel, dan is de hele levering verdacht (bijvoorbeeld een kapotte export) en "
        "houden we haar tegen.",
        "Stuurwiel-poort: drempel per bron",
    ),
    "toewijzing_periode": (
        "Toewijzing eindigt voor de ingangsdatum",
        "Een toewijzing kan niet eindigen voordat zij begint.",
        "iJw/iWmo: Einddatum >= Ingangsdatum",
    ),
    "declaratieperiode_een_maand": (
        "Declaratie over meer dan één maand",
        "Een prestatie in een declaratie mag hooguit één kalendermaand beslaan.",
        "iJw/iWmo invulinstructie IV076",
    ),
    "eenheid_frequentie": (
        "Eenheid en frequentie passen niet bij elkaar",
        "Bij de eenheden etmaal, dagdeel, euro en stuks (inspanning) moet de frequentie per week, per maand "
        "of totaal binnen de geldigheidsduur zijn.",
        "iJw/iWmo constraint CS338",
    ),
    "start_stop_bekende_toewijzing": (
        "Start of stop bij een onbekende toewijzing",
        "Een start- of stopbericht (305/307) moet verwijzen naar een toewijzing (301) die de gemeente heeft "
        "verstuurd.",
        "iJw/iWmo invulinstructie IV066",
    ),
    "declaratie_binnen_toewijzing": (
        "Declaratie buiten de toewijzing",
        "Een gedeclareerde prestatie (323) moet binnen de looptijd van een bestaande, niet verwijderde "
        "toewijzing vallen.",
        "iJw/iWmo invulinstructies IV084 en IV013 (RedenWijziging 13)",
    ),
    "volume_binnen_toewijzing": (
        "Meer gedeclareerd dan toegewezen",
        "Het gedeclareerde volume in een maand mag niet groter zijn dan wat de toewijzing in die periode "
        "toestaat, in dezelfde eenheid.",
        "iJw/iWmo invulinstructie IV077, technische regel TR321",
    ),
    "antwoord_bij_bekende_declaratie": (
        "Declaratie-antwoord zonder declaratie",
        "Een declaratie-antwoord (325) moet bij een ontvangen declaratie (323) horen.",
        "iJw: DeclaratieIdentificatie in JW325",
    ),
    "taakveld_geldig_in_jaar": (
        "Taakveld bestaat niet in dat jaar",
        "Elke boeking en begrotingsregel moet op een Iv3-taakveld staan dat in dat boekjaar bestaat. De "
        "taakveldindeling is in 2023 en in 2025 gewijzigd.",
        "Iv3 taakveldenlijst per boekjaar (CBS)",
    ),
    "grijze_cel": (
        "Boeking in een grijze cel",
        "Iv3 verbiedt sommige combinaties van taakveld en economische categorie (grijze cellen), "
        "bijvoorbeeld salarissen op een taakveld waar geen personeel kan zijn. Zo'n boeking is bijna altijd "
        "een codeerfout in de financiële administratie.",
        "Iv3 grijze cellen per boekjaar (CBS iv3_definities)",
    ),
    "afstemming_grootboek_325": (
        "Grootboek sluit niet aan op toegekende declaraties",
        "Per aanbieder en jaar moeten de lasten in het grootboek overeenkomen met de bedragen die de "
        "gemeente in de declaratie-antwoorden (325) heeft toegekend, binnen de tolerantie.",
        "Stuurwiel-afstemming jeugd, inspannings- en outputgericht",
    ),
    "handmatig_geaccepteerd": (
        "Handmatig geaccepteerd",
        "Een beheerder heeft deze levering ondanks de bevindingen vrijgegeven, met een reden.",
        "stuurwiel accept",
    ),
}

_VOORVOEGSELS = {
    "volume:": ("Ingestorte levering", "Een maand in deze levering heeft veel minder regels dan de drie "
                "maanden ervoor (minder dan de helft van de mediaan): vaak een onvolledige export.",
                "Stuurwiel-poort: volumecontrole per maand"),
    "gx:": ("Great Expectations-controle", "Een verwachting uit de suite van deze bron (kolommen, verplichte "
            "velden, codelijsten, bereik van bedragen en datums) is niet gehaald.",
            "expectations/ (Great Expectations)"),
}


def beschrijving(naam: str) -> tuple[str, str, str]:
    """(titel, uitleg, regel) for a check name."""
    if naam in REGELS:
        return REGELS[naam]
    for voorvoegsel, (titel, uitleg, regel) in _VOORVOEGSELS.items():
        if naam.startswith(voorvoegsel):
            return f"{titel}: {naam[len(voorvoegsel):]}", uitleg, regel
    return naam, "", ""


def titel(naam: str) -> str:
    return beschrijving(naam)[0]
