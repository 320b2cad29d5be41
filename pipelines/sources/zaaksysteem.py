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
from datetime import date
from pathlib import Path

from pipelines.privacy import BSN_MASK, Pseudonymiser
from pipelines.sources.base import WET, FileRejected, ReadResult, RowRejected
from pipelines.sources.csvreader import (
    BsnColumn,
    CsvSource,
    header_matches,
    mask_bsn_like,
    optional,
    parse_bedrag,
    parse_date,
    parse_gemeentecode,
    parse_int,
    read_csv,
    required,
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


# --- value parsers --------------------------------------------------------------------------


def _coded(value: str, codes: dict, veld: str, rule: str):
    code = codes.get(required(value, veld).lower())
    if code is None:
        raise RowRejected(rule, f"{veld} is geen bekende waarde", value)
    return code


def _optional_date(value: str, veld: str) -> date | None:
    return parse_date(value, veld) if value else None


def _not_before(later: date | None, earlier: date | None, veld: str, eerder: str, value: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise RowRejected("volgorde_datums", f"{veld} ligt voor {eerder}", value)


def _period(start: str, end: str, start_veld: str, end_veld: str) -> tuple[date, date | None]:
    """A required start and an optional end that may not lie before it."""
    begin = parse_date(start, start_veld)
    einde = _optional_date(end, end_veld)
    _not_before(einde, begin, end_veld, start_veld, end)
    return begin, einde


def _key(bsn: BsnColumn, identificatie: str, veld: str, gemeentecode: str, client: str) -> tuple:
    """The three columns every entity file starts with: its identifier, the gemeente, the client's pseudonym."""
    return required(identificatie, veld), parse_gemeentecode(gemeentecode), bsn.pseudonym(client)


def _categorie(value: str) -> str | None:
    """Productcategorie '5' -> '05': spreadsheets drop leading zeros."""
    return value.zfill(2) if value.isdigit() and len(value) <= 2 else optional(value)


def _bedrag(value: str, veld: str):
    return parse_bedrag(value, veld) if value else None


# --- one row parser per entity ------------------------------------------------------------------


def _meldingen(bsn: BsnColumn) -> Callable[[list[str]], tuple]:
    def row(values: list[str]) -> tuple:
        (identificatie, gemeentecode, client, wet, melding, start, einde, aanvraag, beschikking, nummer) = values
        datum_melding = parse_date(melding, "DatumMelding")
        datum_start = _optional_date(start, "DatumStartOnderzoek")
        datum_einde = _optional_date(einde, "DatumEindeOnderzoek")
        datum_aanvraag = _optional_date(aanvraag, "DatumAanvraag")
        datum_beschikking = _optional_date(beschikking, "DatumBeschikking")
        _not_before(datum_start, datum_melding, "DatumStartOnderzoek", "DatumMelding", start)
        _not_before(
            datum_einde, datum_start or datum_melding, "DatumEindeOnderzoek", "de start van het onderzoek", einde
        )
        _not_before(datum_aanvraag, datum_melding, "DatumAanvraag", "DatumMelding", aanvraag)
        _not_before(datum_beschikking, datum_aanvraag, "DatumBeschikking", "DatumAanvraag", beschikking)
        return (
            *_key(bsn, identificatie, "Identificatie", gemeentecode, client),
            _coded(wet, WET, "Wet", "wet_onbekend"),
            datum_melding,
            datum_start,
            datum_einde,
            datum_aanvraag,
            datum_beschikking,
            optional(nummer),
        )

    return row


def _voorzieningen(bsn: BsnColumn) -> Callable[[list[str]], tuple]:
    def row(values: list[str]) -> tuple:
        (nummer, gemeentecode, client, wet, afgifte, categorie, productcode, vorm, start, einde, toewijzing, budget) = (
            values
        )
        datum_start, datum_einde = _period(start, einde, "DatumStart", "DatumEinde")
        return (
            *_key(bsn, nummer, "Beschikkingnummer", gemeentecode, client),
            _coded(wet, WET, "Wet", "wet_onbekend"),
            parse_date(afgifte, "DatumAfgifte"),
            _categorie(categorie),
            optional(productcode),
            _coded(vorm, LEVERINGSVORM, "Leveringsvorm", "leveringsvorm_onbekend"),
            datum_start,
            datum_einde,
            optional(toewijzing),
            _bedrag(budget, "PgbBudget"),
        )

    return row


def _doelen(bsn: BsnColumn) -> Callable[[list[str]], tuple]:
    def row(values: list[str]) -> tuple:
        nummer, gemeentecode, client, doelnummer, leefgebied, vastgesteld, evaluatie, behaald = values
        datum_vastgesteld, datum_evaluatie = _period(vastgesteld, evaluatie, "DatumVastgesteld", "DatumEvaluatie")
        return (
            *_key(bsn, nummer, "Beschikkingnummer", gemeentecode, client),
            parse_int(doelnummer, "Doelnummer"),
            optional(leefgebied),
            datum_vastgesteld,
            datum_evaluatie,
            _coded(behaald, JA_NEE, "Behaald", "ja_nee_ongeldig") if behaald else None,
        )

    return row


def _inkomensvoorzieningen(bsn: BsnColumn) -> Callable[[list[str]], tuple]:
    def row(values: list[str]) -> tuple:
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
        ingangsdatum, einddatum = _period(ingang, eind, "Ingangsdatum", "Einddatum")
        if einddatum is not None and not uitstroom:
            raise RowRejected("verplicht_veld", "RedenUitstroom ontbreekt bij een beëindigde uitkering")
        key = _key(bsn, identificatie, "Identificatie", gemeentecode, client)
        partner_id = bsn.pseudonym(partner, "PartnerBSN") if partner else None
        if partner_id == key[2]:
            raise RowRejected("partner_is_aanvrager", "PartnerBSN is het BSN van de aanvrager zelf", BSN_MASK)
        return (
            *key,
            partner_id,
            required(regeling, "Regeling"),
            _coded(soort, SOORT_UITKERING, "SoortUitkering", "soort_uitkering_onbekend"),
            _optional_date(aanvraag, "DatumAanvraag"),
            parse_date(toekenning, "DatumToekenning"),
            ingangsdatum,
            einddatum,
            optional(instroom.lower()),
            optional(uitstroom.lower()),
            _bedrag(bedrag, "Bedrag"),
        )

    return row


def _schuldhulptrajecten(bsn: BsnColumn) -> Callable[[list[str]], tuple]:
    def row(values: list[str]) -> tuple:
        identificatie, gemeentecode, client, aanmelding, spoed, gesprek, fase, eind, reden, schuld = values
        datum_aanmelding = parse_date(aanmelding, "DatumAanmelding")
        datum_gesprek = _optional_date(gesprek, "DatumEersteGesprek")
        einddatum = _optional_date(eind, "Einddatum")
        _not_before(datum_gesprek, datum_aanmelding, "DatumEersteGesprek", "DatumAanmelding", gesprek)
        _not_before(einddatum, datum_aanmelding, "Einddatum", "DatumAanmelding", eind)
        return (
            *_key(bsn, identificatie, "Identificatie", gemeentecode, client),
            datum_aanmelding,
            _coded(spoed, JA_NEE, "Spoed", "ja_nee_ongeldig") if spoed else False,
            datum_gesprek,
            _coded(fase, _FASE, "Fase", "fase_onbekend"),
            einddatum,
            _coded(reden, _UITSTROOMREDEN, "Uitstroomreden", "uitstroomreden_onbekend") if reden else None,
            _bedrag(schuld, "TotaalSchuldbedrag"),
        )

    return row


def _reintegratievoorzieningen(bsn: BsnColumn) -> Callable[[list[str]], tuple]:
    def row(values: list[str]) -> tuple:
        identificatie, gemeentecode, client, soort, start, einde = values
        return (
            *_key(bsn, identificatie, "Identificatie", gemeentecode, client),
            required(soort, "Soort").lower(),
            *_period(start, einde, "DatumStart", "DatumEinde"),
        )

    return row


@dataclass(frozen=True)
class Entity:
    table: str
    columns: tuple[str, ...]  # lower-case header names
    row: Callable[[BsnColumn], Callable[[list[str]], tuple]]


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
    source = CsvSource(entity.table, entity.columns, entity.row(BsnColumn(pseudonymiser)), mask=mask_bsn_like)
    return read_csv(path, source)
