"""Provider contracts (contractadministratie): one row per aanbieder x gemeente x product x tariff period.

Carries what the berichtenverkeer does not: the KvK number, the financing variant of the contract,
the agreed tariffs with their validity and the yearly contract budget ceiling (Contractplafond).
Taakgericht contracts have no declarations; their row carries the lump sum as Contractplafond.
"""

from __future__ import annotations

from pipelines.sources.base import WET
from pipelines.sources.csvreader import CsvSource
from pipelines.sources.csvregels import (
    Kolom,
    Regel,
    Regels,
    coded,
    not_before,
    optional,
    optional_bedrag,
    optional_date,
    parse_date,
    parse_gemeentecode,
    required,
    two_digit_code,
    verplicht,
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


def _digits8(v: str, veld: str, rule: str) -> Kolom:
    acht = Regel(f"not regexp_full_match({v}, '[0-9]{{8}}')", rule, f"{veld} is geen nummer van 8 cijfers", v)
    return Kolom(v, (verplicht(v, veld), acht))


def _regels(values: list[str]) -> Regels:
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
    eind = optional_date(einddatum, "Einddatum")
    periode = not_before(eind, begin, "Einddatum", "Ingangsdatum", einddatum)
    kolommen = [
        _digits8(agb, "AGB-code", "agb_ongeldig"),
        _digits8(kvk, "KvK-nummer", "kvk_ongeldig"),
        required(naam, "Naam"),
        coded(wet, WET, "Wet", "wet_onbekend", "Wet is geen Jeugdwet of Wmo"),
        parse_gemeentecode(gemeentecode),
        coded(
            vorm,
            {v: v for v in FINANCIERINGSVORMEN},
            "Financieringsvorm",
            "financieringsvorm_onbekend",
            "Financieringsvorm is niet inspannings-, output- of taakgericht",
        ),
        two_digit_code(categorie),
        optional(productcode),
        two_digit_code(eenheid),
        optional_bedrag(tarief, "Tarief"),
        begin,
        eind,
        optional_bedrag(plafond, "Contractplafond"),
    ]
    # The period is checked first, then the columns in order.
    first = [
        *begin.regels,
        *eind.regels,
        Regel(periode.fout, "periode_ongeldig", "Einddatum ligt voor Ingangsdatum", periode.waarde),
    ]
    rest = [k for k in kolommen if k is not begin and k is not eind]
    return Regels(kolommen, [*first, *(r for k in rest for r in k.regels)])


SOURCE = CsvSource(TABLE, COLUMNS, _regels)
# Contracts hold no BSN: the reader interface is the CsvSource's own.
detect = SOURCE.detect
read = SOURCE.read
