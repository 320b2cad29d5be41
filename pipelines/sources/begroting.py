"""Budget export: primitieve begroting and begrotingswijzigingen per Iv3 taakveld."""

from __future__ import annotations

from pipelines.sources.csvreader import CsvSource
from pipelines.sources.csvregels import (
    Regels,
    coded,
    only_when,
    optional_date,
    parse_bedrag,
    parse_gemeentecode,
    parse_int,
    parse_jaar,
    parse_taakveld,
)

NAME = "begroting"
COLUMNS = ("begrotingsjaar", "gemeentecode", "taakveld", "soort", "wijzigingnummer", "datum", "bedrag")
_SOORT = {
    "primitieve begroting": "primitief",
    "primitief": "primitief",
    "begrotingswijziging": "wijziging",
    "wijziging": "wijziging",
}


def _regels(values: list[str]) -> Regels:
    begrotingsjaar, gemeentecode, taakveld, soort_tekst, wijzigingnummer, datum, bedrag = values
    soort = coded(
        soort_tekst, _SOORT, "Soort", "soort_onbekend", "Soort is geen Primitieve begroting of Begrotingswijziging"
    )
    # A wijziging is only traceable to the council decision through its number.
    nummer = only_when(
        f"({soort.sql} = 'wijziging' or {wijzigingnummer} <> '')", parse_int(wijzigingnummer, "Wijzigingnummer")
    )
    kolommen = [
        parse_jaar(begrotingsjaar, "Begrotingsjaar"),
        parse_gemeentecode(gemeentecode),
        parse_taakveld(taakveld),
        soort,
        nummer,
        optional_date(datum, "Datum"),
        parse_bedrag(bedrag, "Bedrag"),
    ]
    order = [soort, *kolommen[:3], *kolommen[4:]]  # the soort decides whether a number is needed
    return Regels(kolommen, [r for k in order for r in k.regels])


SOURCE = CsvSource(NAME, COLUMNS, _regels)
# The budget holds no BSN: the reader interface is the CsvSource's own.
detect = SOURCE.detect
read = SOURCE.read
