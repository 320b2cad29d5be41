"""The gemeente's case-system export (zaaksysteem): one CSV file per entity, named after the
Gemeentelijk Gegevensmodel (docs/contracts/zaaksysteem.md).

    wmo_meldingen            AanvraagOfMelding (Wmo): melding, onderzoek, aanvraag, beschikking
    beschikte_voorzieningen  Beschikking + BeschikteVoorziening, Jeugdwet and Wmo, in natura or pgb
    doelen                   goals per beschikking and whether they were reached
    inkomensvoorzieningen    uitkeringen (algemene bijstand, IOAW, IOAZ, Bbz, bijzondere bijstand) with the
                             partner of a couple, RedenInstroom and RedenUitstroom
    schuldhulptrajecten      Schuldhulptraject with NVVK phase and DDAS Uitstroomreden
    reintegratievoorzieningen  Participatiewet re-integratievoorzieningen, one row per voorziening

Which entity a file holds is read from its header; every row's BSN (and a partner's) is checked and
pseudonymised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipelines.privacy import BSN_MASK, Pseudonymiser
from pipelines.sources.base import WET, FileRejected, ReadResult
from pipelines.sources.csvreader import CsvSource, header_matches, mask_bsn_like, read_csv
from pipelines.sources.csvregels import (
    Kolom,
    Regel,
    Regels,
    bsn,
    coded,
    not_before,
    optional,
    optional_bedrag,
    optional_bsn,
    optional_coded,
    optional_date,
    parse_date,
    parse_gemeentecode,
    parse_int,
    required,
    two_digit_code,
)

NAME = "zaaksysteem"
_HEAD_BYTES = 4096

LEVERINGSVORM = {"zin": "zin", "in natura": "zin", "natura": "zin", "pgb": "pgb"}
JA_NEE = {"ja": True, "j": True, "1": True, "true": True, "nee": False, "n": False, "0": False, "false": False}
FASEN = ("Aanmelding", "Intake", "Stabilisatie", "Schuldregeling", "Oplossing", "Nazorg")
UITSTROOMREDENEN = (
    "Overleden",
    "Verhuisd",
    "Nietverschenen",
    "Ingetrokken",
    "Niet passend",
    "Voldoet niet",
    "Afgerond",
    "Zelf",
    "Overig",
)
# SoortUitkering: the kind of inkomensvoorziening, as the case systems spell it -> the stored code.
SOORT_UITKERING = {
    "algemene bijstand": "algemene_bijstand",
    "bijzondere bijstand": "bijzondere_bijstand",
    "ioaw": "ioaw",
    "ioaz": "ioaz",
    "bbz": "bbz",
    "bbz 2004": "bbz",
} | {code: code for code in ("algemene_bijstand", "bijzondere_bijstand")}
_FASE = {f.lower(): f for f in FASEN}
_UITSTROOMREDEN = {r.lower(): r for r in UITSTROOMREDENEN} | {"niet verschenen": "Nietverschenen"}


# --- the rules per entity -------------------------------------------------------------------------


def _period(start: str, end: str, start_veld: str, end_veld: str) -> tuple[Kolom, Kolom, list[Regel]]:
    """A required start and an optional end that may not lie before it: the two columns and their rules."""
    begin = parse_date(start, start_veld)
    einde = optional_date(end, end_veld)
    return begin, einde, [*begin.regels, *einde.regels, not_before(einde, begin, end_veld, start_veld, end)]


def _key(identificatie: str, veld: str, gemeentecode: str, client: str) -> list[Kolom]:
    """The three columns every entity file starts with: its identifier, the gemeente, the client's pseudonym."""
    return [required(identificatie, veld), parse_gemeentecode(gemeentecode), bsn(client)]


def _rules(kolommen: list[Kolom]) -> list[Regel]:
    return [r for k in kolommen for r in k.regels]


def _lower(v: str) -> Kolom:
    return Kolom(f"nullif(lower({v}), '')")


def _meldingen(values: list[str]) -> Regels:
    (identificatie, gemeentecode, client, wet, melding, start, einde, aanvraag, beschikking, nummer) = values
    datum_melding = parse_date(melding, "DatumMelding")
    datum_start = optional_date(start, "DatumStartOnderzoek")
    datum_einde = optional_date(einde, "DatumEindeOnderzoek")
    datum_aanvraag = optional_date(aanvraag, "DatumAanvraag")
    datum_beschikking = optional_date(beschikking, "DatumBeschikking")
    dates = [datum_melding, datum_start, datum_einde, datum_aanvraag, datum_beschikking]
    onderzoek = Kolom(f"coalesce({datum_start.sql}, {datum_melding.sql})")
    order = [
        not_before(datum_start, datum_melding, "DatumStartOnderzoek", "DatumMelding", start),
        not_before(datum_einde, onderzoek, "DatumEindeOnderzoek", "de start van het onderzoek", einde),
        not_before(datum_aanvraag, datum_melding, "DatumAanvraag", "DatumMelding", aanvraag),
        not_before(datum_beschikking, datum_aanvraag, "DatumBeschikking", "DatumAanvraag", beschikking),
    ]
    rest = [*_key(identificatie, "Identificatie", gemeentecode, client), coded(wet, WET, "Wet", "wet_onbekend")]
    return Regels([*rest, *dates, optional(nummer)], [*_rules(dates), *order, *_rules(rest)])


def _voorzieningen(values: list[str]) -> Regels:
    (nummer, gemeentecode, client, wet, afgifte, categorie, productcode, vorm, start, einde, toewijzing, budget) = (
        values
    )
    datum_start, datum_einde, period = _period(start, einde, "DatumStart", "DatumEinde")
    kolommen = [
        *_key(nummer, "Beschikkingnummer", gemeentecode, client),
        coded(wet, WET, "Wet", "wet_onbekend"),
        parse_date(afgifte, "DatumAfgifte"),
        two_digit_code(categorie),
        optional(productcode),
        coded(vorm, LEVERINGSVORM, "Leveringsvorm", "leveringsvorm_onbekend"),
        datum_start,
        datum_einde,
        optional(toewijzing),
        optional_bedrag(budget, "PgbBudget"),
    ]
    return Regels(kolommen, [*period, *_rules(kolommen[:8]), *_rules(kolommen[10:])])


def _doelen(values: list[str]) -> Regels:
    nummer, gemeentecode, client, doelnummer, leefgebied, vastgesteld, evaluatie, behaald = values
    datum_vastgesteld, datum_evaluatie, period = _period(vastgesteld, evaluatie, "DatumVastgesteld", "DatumEvaluatie")
    kolommen = [
        *_key(nummer, "Beschikkingnummer", gemeentecode, client),
        parse_int(doelnummer, "Doelnummer"),
        optional(leefgebied),
        datum_vastgesteld,
        datum_evaluatie,
        optional_coded(behaald, JA_NEE, "Behaald", "ja_nee_ongeldig"),
    ]
    return Regels(kolommen, [*period, *_rules(kolommen[:5]), *_rules(kolommen[7:])])


def _inkomensvoorzieningen(values: list[str]) -> Regels:
    (
        identificatie,
        gemeentecode,
        client,
        partner,
        regeling,
        soort,
        aanvraag,
        toekenning,
        ingang,
        eind,
        instroom,
        uitstroom,
        bedrag,
    ) = values
    ingangsdatum, einddatum, period = _period(ingang, eind, "Ingangsdatum", "Einddatum")
    zonder_reden = Regel(
        f"{einddatum.sql} is not null and {uitstroom} = ''",
        "verplicht_veld",
        "RedenUitstroom ontbreekt bij een beëindigde uitkering",
    )
    key = _key(identificatie, "Identificatie", gemeentecode, client)
    partner_id = optional_bsn(partner, "PartnerBSN")
    zichzelf = Regel(
        f"{partner_id.sql} = {key[2].sql}",
        "partner_is_aanvrager",
        "PartnerBSN is het BSN van de aanvrager zelf",
        f"'{BSN_MASK}'",
    )
    kolommen = [
        *key,
        partner_id,
        required(regeling, "Regeling"),
        coded(soort, SOORT_UITKERING, "SoortUitkering", "soort_uitkering_onbekend"),
        optional_date(aanvraag, "DatumAanvraag"),
        parse_date(toekenning, "DatumToekenning"),
        ingangsdatum,
        einddatum,
        _lower(instroom),
        _lower(uitstroom),
        optional_bedrag(bedrag, "Bedrag"),
    ]
    order = [*period, zonder_reden, *_rules(kolommen[:4]), zichzelf, *_rules(kolommen[4:8]), *_rules(kolommen[10:])]
    return Regels(kolommen, order)


def _schuldhulptrajecten(values: list[str]) -> Regels:
    identificatie, gemeentecode, client, aanmelding, spoed, gesprek, fase, eind, reden, schuld = values
    datum_aanmelding = parse_date(aanmelding, "DatumAanmelding")
    datum_gesprek = optional_date(gesprek, "DatumEersteGesprek")
    einddatum = optional_date(eind, "Einddatum")
    dates = [datum_aanmelding, datum_gesprek, einddatum]
    order = [
        not_before(datum_gesprek, datum_aanmelding, "DatumEersteGesprek", "DatumAanmelding", gesprek),
        not_before(einddatum, datum_aanmelding, "Einddatum", "DatumAanmelding", eind),
    ]
    kolommen = [
        *_key(identificatie, "Identificatie", gemeentecode, client),
        datum_aanmelding,
        optional_coded(spoed, JA_NEE, "Spoed", "ja_nee_ongeldig", default=False),
        datum_gesprek,
        coded(fase, _FASE, "Fase", "fase_onbekend"),
        einddatum,
        optional_coded(reden, _UITSTROOMREDEN, "Uitstroomreden", "uitstroomreden_onbekend"),
        optional_bedrag(schuld, "TotaalSchuldbedrag"),
    ]
    rest = [k for k in kolommen if all(k is not d for d in dates)]
    return Regels(kolommen, [*_rules(dates), *order, *_rules(rest)])


def _reintegratievoorzieningen(values: list[str]) -> Regels:
    identificatie, gemeentecode, client, soort, start, einde = values
    datum_start, datum_einde, period = _period(start, einde, "DatumStart", "DatumEinde")
    key = _key(identificatie, "Identificatie", gemeentecode, client)
    soort_kolom = Kolom(f"lower({soort})", required(soort, "Soort").regels)
    return Regels([*key, soort_kolom, datum_start, datum_einde], [*_rules(key), *soort_kolom.regels, *period])


@dataclass(frozen=True)
class Entity:
    table: str
    columns: tuple[str, ...]  # lower-case header names
    regels: Callable[[list[str]], Regels]


ENTITIES = (
    Entity(
        "zaak_meldingen",
        (
            "identificatie",
            "gemeentecode",
            "bsn",
            "wet",
            "datummelding",
            "datumstartonderzoek",
            "datumeindeonderzoek",
            "datumaanvraag",
            "datumbeschikking",
            "beschikkingnummer",
        ),
        _meldingen,
    ),
    Entity(
        "zaak_voorzieningen",
        (
            "beschikkingnummer",
            "gemeentecode",
            "bsn",
            "wet",
            "datumafgifte",
            "productcategorie",
            "productcode",
            "leveringsvorm",
            "datumstart",
            "datumeinde",
            "toewijzingnummer",
            "pgbbudget",
        ),
        _voorzieningen,
    ),
    Entity(
        "zaak_doelen",
        (
            "beschikkingnummer",
            "gemeentecode",
            "bsn",
            "doelnummer",
            "leefgebied",
            "datumvastgesteld",
            "datumevaluatie",
            "behaald",
        ),
        _doelen,
    ),
    Entity(
        "zaak_inkomensvoorzieningen",
        (
            "identificatie",
            "gemeentecode",
            "bsn",
            "partnerbsn",
            "regeling",
            "soortuitkering",
            "datumaanvraag",
            "datumtoekenning",
            "ingangsdatum",
            "einddatum",
            "redeninstroom",
            "redenuitstroom",
            "bedrag",
        ),
        _inkomensvoorzieningen,
    ),
    Entity(
        "zaak_schuldhulptrajecten",
        (
            "identificatie",
            "gemeentecode",
            "bsn",
            "datumaanmelding",
            "spoed",
            "datumeerstegesprek",
            "fase",
            "einddatum",
            "uitstroomreden",
            "totaalschuldbedrag",
        ),
        _schuldhulptrajecten,
    ),
    Entity(
        "zaak_reintegratievoorzieningen",
        ("identificatie", "gemeentecode", "bsn", "soort", "datumstart", "datumeinde"),
        _reintegratievoorzieningen,
    ),
)
TABLES = tuple(e.table for e in ENTITIES)


def entity_of(head: bytes) -> Entity | None:
    return next((e for e in ENTITIES if header_matches(head, e.columns)), None)


def detect(path: str | Path, head: bytes) -> bool:
    return entity_of(head) is not None


def read(path: str | Path, pseudonymiser: Pseudonymiser) -> ReadResult:
    with open(path, "rb") as handle:
        entity = entity_of(handle.read(_HEAD_BYTES))
    if entity is None:
        raise FileRejected(str(path), 1, "kopregel past bij geen entiteit van het zaaksysteem")
    source = CsvSource(entity.table, entity.columns, entity.regels, mask=mask_bsn_like)
    return read_csv(path, source, pseudonymiser)
