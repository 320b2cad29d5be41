"""Provider contracts (contractadministratie): one row per aanbieder x gemeente x product x tariff period.

Carries what the berichtenverkeer does not: the KvK number, the financing variant of the contract,
the agreed tariffs with their validity and the yearly contract budget ceiling (Contractplafond).
Taakgericht contracts have no declarations; their row carries the lump sum as Contractplafond.
"""

from __future__ import annotations

import re

from pipelines.sources.base import WET, RowRejected
from pipelines.sources.csvreader import (
    CsvSource,
    optional,
    parse_bedrag,
    parse_date,
    parse_gemeentecode,
    required,
)

NAME = "aanbieders"
TABLE = "aanbieder_contracten"
TABLES = (TABLE,)
COLUMNS = (
    "agb-code",
    "kvk-nummer",
    "naam",
    "wet",
    "gemeentecode",
    "financieringsvorm",
    "productcategorie",
    "productcode",
    "eenheid",
    "tarief",
    "ingangsdatum",
    "einddatum",
    "contractplafond",
)
FINANCIERINGSVORMEN = ("inspanningsgericht", "outputgericht", "taakgericht")
_EIGHT_DIGITS = re.compile(r"\d{8}", re.ASCII)
_CODE = re.compile(r"\d{1,2}", re.ASCII)


def _digits8(value: str, veld: str, rule: str) -> str:
    if not _EIGHT_DIGITS.fullmatch(required(value, veld)):
        raise RowRejected(rule, f"{veld} is geen nummer van 8 cijfers", value)
    return value


def _wet(value: str) -> str:
    wet = WET.get(required(value, "Wet").lower())
    if wet is None:
        raise RowRejected("wet_onbekend", "Wet is geen Jeugdwet of Wmo", value)
    return wet


def _financieringsvorm(value: str) -> str:
    vorm = required(value, "Financieringsvorm").lower()
    if vorm not in FINANCIERINGSVORMEN:
        raise RowRejected(
            "financieringsvorm_onbekend", "Financieringsvorm is niet inspannings-, output- of taakgericht", value
        )
    return vorm


def _code2(value: str) -> str | None:
    """Productcategorie / eenheid codes: '5' -> '05' (spreadsheets drop leading zeros)."""
    if value and _CODE.fullmatch(value):
        return value.zfill(2)
    return optional(value)


def _row(values: list[str]) -> tuple:
    (
        agb,
        kvk,
        naam,
        wet,
        gemeentecode,
        vorm,
        categorie,
        productcode,
        eenheid,
        tarief,
        ingangsdatum,
        einddatum,
        plafond,
    ) = values
    begin = parse_date(ingangsdatum, "Ingangsdatum")
    eind = parse_date(einddatum, "Einddatum") if einddatum else None
    if eind is not None and eind < begin:
        raise RowRejected("periode_ongeldig", "Einddatum ligt voor Ingangsdatum", einddatum)
    return (
        _digits8(agb, "AGB-code", "agb_ongeldig"),
        _digits8(kvk, "KvK-nummer", "kvk_ongeldig"),
        required(naam, "Naam"),
        _wet(wet),
        parse_gemeentecode(gemeentecode),
        _financieringsvorm(vorm),
        _code2(categorie),
        optional(productcode),
        _code2(eenheid),
        parse_bedrag(tarief, "Tarief") if tarief else None,
        begin,
        eind,
        parse_bedrag(plafond, "Contractplafond") if plafond else None,
    )


SOURCE = CsvSource(TABLE, COLUMNS, _row)
# Contracts hold no BSN: the reader interface is the CsvSource's own.
detect = SOURCE.detect
read = SOURCE.read
