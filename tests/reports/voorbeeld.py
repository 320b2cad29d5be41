"""A hand-built council report for Losser over K3 2025, as inhoud.py would fill it from the snapshot.

Realistic on purpose (a gemeente of about 22.700 inwoners, Iv3 2025 taakvelden, the indicators and norms of
docs/indicators.md), so the rendered pages can be judged by eye. Three indicators per layer, among them one
hidden cell (jeugdreclassering: a handful of jongeren), one voorlopig value and one rate whose noemer is
estimated. met_lek() puts GEHEIME_WAARDE into the hidden cell's `waarde` field, as a bug upstream might,
so a test can check that no rendering prints it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from reports.model import (
    BegrotingRegel,
    IndicatorRegel,
    Levering,
    Punt,
    Rapport,
    Signaal,
    Toelichting,
    VergelijkingRegel,
)
from reports.periode import parse

PERIODE = parse("2025-Q3")
GEBIEDSNAAM = "Losser"
GEHEIM_ID = "jeugdreclassering_aandeel"
# The hidden cell's value for the leak tests: unlike any number in this report in every rendering
# (7.3917, 7,3917, 7,39, 7,4%), so finding one of them in the output can only mean a leak.
GEHEIME_WAARDE = 7.3917

# The eight quarters up to and including K3 2025, oldest first.
KWARTALEN = [PERIODE.terug(n) for n in range(7, -1, -1)]


def _trend(*waarden: float | None) -> list[Punt]:
    return [Punt(p.begin, p.label, w) for p, w in zip(KWARTALEN, waarden, strict=True)]


def _regel(**velden) -> IndicatorRegel:
    """An indicator with the defaults of a plain, definitief, visible value."""
    basis = {
        "onderdrukt": False,
        "vintage": "definitief",
        "noemer_geschat": False,
        "reden_onderdrukt": "",
        "regio_tekst": "",
        "vergelijking_tekst": "",
    }
    return IndicatorRegel(**(basis | velden))


def _input() -> list[IndicatorRegel]:
    return [
        _regel(
            indicator_id="lasten_prognose",
            naam="Prognose lasten jaareinde t.o.v. begroting",
            laag="input",
            eenheid="%",
            richting="lager_is_beter",
            definitie="De verwachte lasten op 31 december (Jeugdwet en Wmo samen), als percentage van de actuele "
            "begroting. De prognose telt de geboekte lasten op bij wat er de rest van het jaar nog naar "
            "verwachting bij komt.",
            waarde=106.8,
            waarde_tekst="106,8%",
            norm_tekst="norm 100,0%",
            status="aandacht",
            status_tekst="aandacht",
            vorige_tekst="104,1%",
            verschil_vorige_tekst="+2,7 %-punt",
            jaar_eerder_tekst="102,3%",
            verschil_jaar_tekst="+4,5 %-punt",
            regio_tekst="103,9%",
            vergelijking_tekst="102,6%",
            trend=_trend(98.6, 99.2, 101.5, 101.9, 102.3, 103.0, 104.1, 106.8),
            norm=100.0,
            toelichting="De lasten voor jeugdhulp met verblijf stijgen sneller dan begroot. Twee jongeren "
            "verhuisden naar een zwaardere woonvorm. Het college stelt bij de najaarsnota een extra budget voor.",
            eerdere_toelichtingen=[
                Toelichting(
                    "2025-Q2",
                    "K2 2025",
                    "De stijging komt vooral door de nieuwe tarieven voor ambulante jeugdhulp sinds 1 januari.",
                ),
            ],
        ),
        _regel(
            indicator_id="kosten_per_client",
            naam="Kosten per cliënt (jaar tot nu)",
            laag="input",
            eenheid="euro",
            richting="lager_is_beter",
            definitie="Lasten van de taakvelden van de wet van 1 januari tot het einde van de periode, gedeeld "
            "door het aantal cliënten dat in die tijd zorg had onder die wet.",
            waarde=6412.0,
            waarde_tekst="€ 6.412",
            norm_tekst="",
            status=None,
            status_tekst="geen norm",
            vorige_tekst="€ 4.388",
            verschil_vorige_tekst="+€ 2.024",
            jaar_eerder_tekst="€ 6.015",
            verschil_jaar_tekst="+€ 397",
            regio_tekst="€ 6.870",
            vergelijking_tekst="€ 6.240",
            trend=_trend(8021.0, 2105.0, 4120.0, 6015.0, 8190.0, 2230.0, 4388.0, 6412.0),
        ),
        _regel(
            indicator_id="budgetuitputting",
            naam="Uitputting contractplafond",
            laag="input",
            eenheid="%",
            richting="lager_is_beter",
            definitie="Gedeclareerd bedrag voor zorg die van 1 januari tot het einde van de periode is geleverd, "
            "als percentage van het contractplafond van dat jaar.",
            waarde=71.9,
            waarde_tekst="71,9%",
            norm_tekst="norm 75,0%",
            status="op_koers",
            status_tekst="op koers",
            vorige_tekst="46,0%",
            verschil_vorige_tekst="+25,9 %-punt",
            jaar_eerder_tekst="70,2%",
            verschil_jaar_tekst="+1,7 %-punt",
            regio_tekst="73,5%",
            vergelijking_tekst="72,8%",
            trend=_trend(96.1, 23.0, 45.8, 70.2, 95.4, 22.6, 46.0, 71.9),
            norm=75.0,
        ),
    ]


def _throughput() -> list[IndicatorRegel]:
    return [
        _regel(
            indicator_id="wachttijd_mediaan",
            naam="Wachttijd tot start zorg (mediaan)",
            laag="throughput",
            eenheid="dagen",
            richting="lager_is_beter",
            definitie="Het middelste aantal dagen tussen de ingangsdatum van de toewijzing (bericht 301) en de "
            "eerste dag zorg (bericht 305), voor zorg die in de periode startte.",
            waarde=41.0,
            waarde_tekst="41 dagen",
            norm_tekst="norm 35 dagen",
            status="uit_koers",
            status_tekst="uit koers",
            vorige_tekst="38 dagen",
            verschil_vorige_tekst="+3 dagen",
            jaar_eerder_tekst="32 dagen",
            verschil_jaar_tekst="+9 dagen",
            regio_tekst="36 dagen",
            vergelijking_tekst="34 dagen",
            trend=_trend(29.0, 31.0, 30.0, 32.0, 33.0, 35.0, 38.0, 41.0),
            norm=35.0,
            toelichting="Twee aanbieders van ambulante jeugdhulp hebben een wachtlijst. Met beide is in "
            "september een gesprek gevoerd over extra capaciteit.",
            eerdere_toelichtingen=[
                Toelichting("2025-Q2", "K2 2025", "De wachttijd loopt op bij dyslexiezorg. We volgen dit."),
                Toelichting(
                    "2025-Q1",
                    "K1 2025",
                    "Een nieuwe aanbieder start in april; we verwachten dat de wachttijd daarna daalt.",
                ),
            ],
        ),
        _regel(
            indicator_id="wmo_onderzoek_binnen_6_weken",
            naam="Wmo-onderzoek binnen 6 weken",
            laag="throughput",
            eenheid="%",
            richting="hoger_is_beter",
            definitie="Van de Wmo-meldingen waarvan het onderzoek in de periode klaar was of de termijn verstreek: "
            "het deel dat binnen zes weken na de melding klaar was.",
            waarde=82.5,
            waarde_tekst="82,5%",
            norm_tekst="norm 100,0%",
            status="uit_koers",
            status_tekst="uit koers",
            vorige_tekst="85,0%",
            verschil_vorige_tekst="-2,5 %-punt",
            jaar_eerder_tekst="90,4%",
            verschil_jaar_tekst="-7,9 %-punt",
            regio_tekst="86,3%",
            vergelijking_tekst="88,1%",
            trend=_trend(91.0, 89.5, 88.2, 90.4, 87.1, 85.5, 85.0, 82.5),
            norm=100.0,
        ),
        _regel(
            indicator_id="jeugdwet_besluit_binnen_termijn",
            naam="Jeugdwet-besluit binnen 8 weken",
            laag="throughput",
            eenheid="%",
            richting="hoger_is_beter",
            definitie="Van de aanvragen jeugdhulp waarover in de periode is besloten: het deel waarover binnen "
            "acht weken is besloten.",
            waarde=94.1,
            waarde_tekst="94,1%",
            norm_tekst="norm 90,0%",
            status="op_koers",
            status_tekst="op koers",
            vorige_tekst="92,8%",
            verschil_vorige_tekst="+1,3 %-punt",
            jaar_eerder_tekst="91,5%",
            verschil_jaar_tekst="+2,6 %-punt",
            regio_tekst="90,2%",
            vergelijking_tekst="91,0%",
            trend=_trend(88.0, 89.6, 90.3, 91.5, 92.0, 93.4, 92.8, 94.1),
            norm=90.0,
        ),
    ]


def _output() -> list[IndicatorRegel]:
    return [
        _regel(
            indicator_id="jeugdhulp_aandeel_0_17",
            naam="Jongeren met jeugdhulp (% van 0-17 jaar)",
            laag="output",
            eenheid="%",
            richting="neutraal",
            definitie="Jongeren van 0 tot en met 17 jaar met jeugdhulp in de periode, als percentage van alle "
            "inwoners van die leeftijd.",
            waarde=11.8,
            waarde_tekst="≈ 11,8%",
            norm_tekst="",
            status=None,
            status_tekst="geen norm",
            vorige_tekst="11,5%",
            verschil_vorige_tekst="+0,3 %-punt",
            jaar_eerder_tekst="11,1%",
            verschil_jaar_tekst="+0,7 %-punt",
            regio_tekst="12,6%",
            vergelijking_tekst="11,9%",
            noemer_geschat=True,
            trend=_trend(10.6, 10.8, 10.9, 11.1, 11.2, 11.4, 11.5, 11.8),
        ),
        _regel(
            indicator_id="wmo_maatwerk_per_1000",
            naam="Wmo-cliënten met maatwerkvoorziening per 1.000 inwoners",
            laag="output",
            eenheid="per 1.000",
            richting="neutraal",
            definitie="Inwoners met ten minste één Wmo-maatwerkvoorziening die in de periode liep, in natura of "
            "als pgb, per 1.000 inwoners.",
            waarde=68.4,
            waarde_tekst="68,4 per 1.000",
            norm_tekst="",
            status=None,
            status_tekst="voorlopig",
            vintage="voorlopig",
            vorige_tekst="67,2 per 1.000",
            verschil_vorige_tekst="+1,2 per 1.000",
            jaar_eerder_tekst="65,0 per 1.000",
            verschil_jaar_tekst="+3,4 per 1.000",
            regio_tekst="61,8 per 1.000",
            vergelijking_tekst="64,5 per 1.000",
            trend=_trend(62.1, 62.9, 63.8, 65.0, 65.6, 66.3, 67.2, 68.4),
        ),
        _regel(
            indicator_id=GEHEIM_ID,
            naam="Jongeren met jeugdreclassering (% van 12-22 jaar)",
            laag="output",
            eenheid="%",
            richting="neutraal",
            definitie="Jongeren van 12 tot en met 22 jaar met jeugdreclassering in de periode, als percentage van "
            "de inwoners van die leeftijd.",
            onderdrukt=True,
            waarde=None,
            waarde_tekst="geheim",
            norm_tekst="",
            status=None,
            status_tekst="geen norm",
            vorige_tekst="0,2%",
            verschil_vorige_tekst="",
            jaar_eerder_tekst="geheim",
            verschil_jaar_tekst="",
            regio_tekst="0,3%",
            vergelijking_tekst="0,2%",
            reden_onderdrukt="Gebaseerd op 0 tot en met 7 personen: niet getoond om herkenbaarheid te voorkomen "
            "(CBS-regel).",
            trend=_trend(0.2, 0.3, None, None, 0.2, 0.3, 0.2, None),
        ),
    ]


def _outcome() -> list[IndicatorRegel]:
    return [
        _regel(
            indicator_id="beeindigd_volgens_plan",
            naam="Beëindigd volgens plan",
            laag="outcome",
            eenheid="%",
            richting="hoger_is_beter",
            definitie="Van de trajecten die in de periode eindigden: het deel dat volgens plan eindigde, tegenover "
            "voortijdig gestopt.",
            waarde=71.2,
            waarde_tekst="71,2%",
            norm_tekst="norm 75,0%",
            status="aandacht",
            status_tekst="aandacht",
            vorige_tekst="73,9%",
            verschil_vorige_tekst="-2,7 %-punt",
            jaar_eerder_tekst="76,0%",
            verschil_jaar_tekst="-4,8 %-punt",
            regio_tekst="74,4%",
            vergelijking_tekst="75,1%",
            trend=_trend(77.4, 75.9, 76.8, 76.0, 74.6, 75.2, 73.9, 71.2),
            norm=75.0,
        ),
        _regel(
            indicator_id="schuldhulp_afgerond",
            naam="Schuldhulp positief afgerond",
            laag="outcome",
            eenheid="%",
            richting="hoger_is_beter",
            definitie="Van de schuldhulptrajecten die in de periode eindigden: het deel dat positief werd afgerond.",
            waarde=58.0,
            waarde_tekst="58,0%",
            norm_tekst="norm 65,0%",
            status="uit_koers",
            status_tekst="uit koers",
            vorige_tekst="61,5%",
            verschil_vorige_tekst="-3,5 %-punt",
            jaar_eerder_tekst="66,7%",
            verschil_jaar_tekst="-8,7 %-punt",
            regio_tekst="63,0%",
            vergelijking_tekst="64,2%",
            trend=_trend(64.0, 68.2, 65.5, 66.7, 63.3, 62.0, 61.5, 58.0),
            norm=65.0,
        ),
        _regel(
            indicator_id="ervaren_effect",
            naam="Ervaren effect van de hulp",
            laag="outcome",
            eenheid="%",
            richting="hoger_is_beter",
            definitie="Van de cliënten die de vragenlijst invulden: het deel dat zegt dat de hulp hun situatie "
            "heeft verbeterd.",
            waarde=79.3,
            waarde_tekst="79,3%",
            norm_tekst="norm 75,0%",
            status="op_koers",
            status_tekst="op koers",
            vorige_tekst="78,8%",
            verschil_vorige_tekst="+0,5 %-punt",
            jaar_eerder_tekst="77,1%",
            verschil_jaar_tekst="+2,2 %-punt",
            regio_tekst="78,0%",
            vergelijking_tekst="77,5%",
            trend=_trend(None, 76.4, 76.9, 77.1, 77.8, 78.5, 78.8, 79.3),
            norm=75.0,
        ),
    ]


def _begroting() -> list[BegrotingRegel]:
    # (taakveld, omschrijving, begroting, realisatie t/m 30-09-2025)
    rijen = [
        ("6.21", "Toegang en eerstelijnsvoorzieningen Wmo", 1_234_567, 911_320),
        ("6.22", "Toegang en eerstelijnsvoorzieningen Jeugd", 1_105_000, 842_615),
        ("6.60", "Hulpmiddelen en diensten (Wmo)", 1_480_000, 1_052_930),
        ("6.711", "Huishoudelijke hulp (Wmo)", 2_350_000, 1_815_240),
        ("6.712", "Begeleiding (Wmo)", 1_920_000, 1_398_110),
        ("6.713", "Dagbesteding (Wmo)", 1_265_000, 903_870),
        ("6.751", "Jeugdhulp ambulant lokaal", 2_610_000, 2_032_655),
        ("6.752", "Jeugdhulp ambulant regionaal", 1_540_000, 1_188_210),
        ("6.762", "Jeugdhulp met verblijf regionaal", 1_815_000, 1_581_940),
        ("6.792", "PGB Jeugd", 640_000, 455_305),
    ]
    uit = []
    for code, omschrijving, begroting, realisatie in rijen:
        procent = f"{100 * realisatie / begroting:.1f}".replace(".", ",") + "%"
        uit.append(BegrotingRegel(code, omschrijving, _euro(begroting), _euro(realisatie), procent, "", ""))
    return uit


def _euro(bedrag: int) -> str:
    return "€ " + f"{bedrag:,}".replace(",", ".")


def _prognose() -> list[BegrotingRegel]:
    return [
        BegrotingRegel(
            "jeugd", "Jeugdwet", "€ 7.710.000", "€ 6.100.725", "108,2%", "€ 8.342.000", "€ 8.105.000 – € 8.590.000"
        ),
        BegrotingRegel(
            "wmo", "Wmo", "€ 8.249.567", "€ 6.081.470", "105,5%", "€ 8.701.000", "€ 8.480.000 – € 8.930.000"
        ),
        BegrotingRegel(
            "totaal",
            "Jeugd en Wmo samen",
            "€ 15.959.567",
            "€ 12.182.195",
            "106,8%",
            "€ 17.043.000",
            "€ 16.650.000 – € 17.450.000",
        ),
    ]


def _vergelijking(lagen: dict[str, list[IndicatorRegel]]) -> list[VergelijkingRegel]:
    cbs = {"jeugdhulp_aandeel_0_17": "11,2% (2024)", "wmo_maatwerk_per_1000": "63,9 per 1.000 (2024)"}
    return [
        VergelijkingRegel(
            r.naam,
            r.eenheid,
            {
                "Deze gemeente": r.waarde_tekst,
                "Regio": r.regio_tekst,
                "Vergelijkbare gemeenten": r.vergelijking_tekst or "—",
                "CBS": cbs.get(r.indicator_id, "—"),
            },
        )
        for regels in lagen.values()
        for r in regels
    ]


def rapport() -> Rapport:
    """The whole example report; every call builds fresh objects, so a test may change its copy."""
    lagen = {"input": _input(), "throughput": _throughput(), "output": _output(), "outcome": _outcome()}
    return Rapport(
        gebied="GM0168",
        gebiedsnaam=GEBIEDSNAAM,
        periode=PERIODE,
        snapshot_versie="2025-10-06T07:12:44Z",
        gegevens_van="06-10-2025",
        gemaakt_op=datetime(2025, 10, 14, 9, 30),
        status="voorlopig",
        volledigheid_tekst="1 van de 12 indicatoren is nog voorlopig: niet alle leveringen over deze periode zijn "
        "binnen. De declaraties zijn naar schatting voor 96% binnen. Voorlopige cijfers geven nog geen signaal.",
        signalen=[
            Signaal(
                "wachttijd_mediaan",
                "uit_koers",
                "Wachttijd tot start zorg (mediaan) steeg van 32 dagen "
                "(K3 2024) naar 41 dagen en ligt boven de norm van 35 dagen.",
            ),
            Signaal(
                "schuldhulp_afgerond",
                "uit_koers",
                "Schuldhulp positief afgerond daalde van 66,7% (K3 2024) naar 58,0% en ligt onder de norm van 65,0%.",
            ),
            Signaal(
                "wmo_onderzoek_binnen_6_weken",
                "uit_koers",
                "Wmo-onderzoek binnen 6 weken daalde van 90,4% (K3 2024) naar 82,5% en ligt onder de norm van 100,0%.",
            ),
            Signaal(
                "lasten_prognose",
                "aandacht",
                "Prognose lasten jaareinde t.o.v. begroting steeg van 102,3% "
                "(K3 2024) naar 106,8% en ligt boven de norm van 100,0%.",
            ),
            Signaal(
                "beeindigd_volgens_plan",
                "aandacht",
                "Beëindigd volgens plan daalde van 76,0% (K3 2024) naar 71,2% en ligt onder de norm van 75,0%.",
            ),
        ],
        lagen=lagen,
        begroting=_begroting(),
        prognose=_prognose(),
        vergelijking_kolommen=["Deze gemeente", "Regio", "Vergelijkbare gemeenten", "CBS"],
        vergelijking=_vergelijking(lagen),
        conclusies="De wachttijd voor jeugdhulp is opnieuw langer geworden en ligt nu ruim boven de norm. "
        "Ook de Wmo-onderzoeken duren vaker langer dan zes weken.\n\n"
        "De lasten komen naar verwachting ongeveer 7% hoger uit dan begroot, vooral door jeugdhulp met verblijf.",
        maatregelen="Het college koopt extra capaciteit in bij twee aanbieders van ambulante jeugdhulp. "
        "Het Wmo-team krijgt tot het einde van het jaar twee tijdelijke consulenten.",
        eerdere_conclusies=[
            Toelichting(
                "2025-Q2",
                "K2 2025",
                "De wachttijd loopt op. We bespreken dit met de aanbieders.\n\n"
                "Maatregel: maandelijks overleg met de vijf grootste aanbieders.",
            ),
            Toelichting(
                "2025-Q1",
                "K1 2025",
                "De meeste indicatoren liggen op koers. De nieuwe tarieven maken jeugdhulp duurder.",
            ),
        ],
        leveringen=[
            Levering("iJw/iWmo-berichten", "03-10-2025", "doorgelaten"),
            Levering("Grootboek", "02-10-2025", "doorgelaten"),
            Levering("Begroting", "15-01-2025", "doorgelaten"),
            Levering("Zaaksysteem (export)", "01-10-2025", "tegengehouden"),
            Levering("Cliëntervaringsonderzoek", "30-09-2025", "doorgelaten"),
            Levering("BRP (inwoners naar leeftijd)", "—", "in behandeling"),
        ],
        kwaliteit=[
            "De export van het zaaksysteem van 01-10-2025 is tegengehouden: 212 regels zonder datum van de melding. "
            "De cijfers over Wmo-meldingen gebruiken daarom de levering van 01-09-2025.",
            "Losser leverde voor 2025 geen BRP-telling naar leeftijd: het aantal jongeren is geschat uit de "
            "CBS-leeftijdsgroepen (≈).",
            "Van twee aanbieders ontbreken de declaraties over september; de wachttijd is daar wel bekend.",
        ],
        bronnen=[
            ("Prognose lasten jaareinde t.o.v. begroting", "Grootboek en begroting, stand 30-09-2025"),
            ("Kosten per cliënt (jaar tot nu)", "Grootboek en iJw/iWmo-berichten, stand 30-09-2025"),
            ("Uitputting contractplafond", "iJw/iWmo-declaraties (323) en contracten, stand 30-09-2025"),
            ("Wachttijd tot start zorg (mediaan)", "iJw/iWmo-berichten 301 en 305, tot 03-10-2025"),
            ("Wmo-onderzoek binnen 6 weken", "Zaaksysteem (export), tot 01-09-2025"),
            ("Jeugdwet-besluit binnen 8 weken", "Zaaksysteem (export), tot 01-09-2025"),
            ("Jongeren met jeugdhulp (% van 0-17 jaar)", "iJw-berichten; inwoners: CBS-leeftijdsgroepen 2025"),
            ("Wmo-cliënten met maatwerkvoorziening per 1.000 inwoners", "Zaaksysteem (export); BRP 2024"),
            ("Jongeren met jeugdreclassering (% van 12-22 jaar)", "iJw-berichten; inwoners: CBS 2025"),
            ("Beëindigd volgens plan", "iJw/iWmo-berichten 307 (reden beëindiging)"),
            ("Schuldhulp positief afgerond", "Zaaksysteem (export), tot 01-09-2025"),
            ("Ervaren effect van de hulp", "Cliëntervaringsonderzoek 2025, eerste meting"),
        ],
    )


def met_lek(waarde: float = GEHEIME_WAARDE) -> Rapport:
    """The example with the hidden cell's true value put into its `waarde` field, as a bug upstream might."""
    uit = rapport()
    uit.lagen["output"] = [replace(r, waarde=waarde) if r.indicator_id == GEHEIM_ID else r for r in uit.lagen["output"]]
    return uit
