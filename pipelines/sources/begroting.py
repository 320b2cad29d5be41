"""Budget export: primitieve begroting and begrotingswijzigingen per Iv3 taakveld."""

from __future__ import annotations

from pipelines.sources.base import RowRejected
from pipelines.sources.csvreader import (
    CsvSource,
    parse_bedrag,
    parse_date,
    parse_gemeentecode,
    parse_int,
    parse_jaar,
    parse_taakveld,
    required,
)

NAME = "begroting"
COLUMNS = ("begrotingsjaar", "gemeentecode", "taakveld", "soort", "wijzigingnummer", "datum", "bedrag")
_SOORT = {
    "primitieve begroting": "primitief",
    "primitief": "primitief",
    "begrotingswijziging": "wijziging",
    "wijziging": "wijziging",
}


def _soort(value: str) -> str:
    soort = _SOORT.get(required(value, "Soort").lower())
    if soort is None:
        raise RowRejected("soort_onbekend", "Soort is geen Primitieve begroting of Begrotingswijziging", value)
    return soort


def _row(values: list[str]) -> tuple:
    begrotingsjaar, gemeentecode, taakveld, soort_tekst, wijzigingnummer, datum, bedrag = values
    soort = _soort(soort_tekst)
    # A wijziging is only traceable to the council decision through its number.
    needs_nummer = soort == "wijziging" or bool(wijzigingnummer)
    return (
        parse_jaar(begrotingsjaar, "Begrotingsjaar"),
        parse_gemeentecode(gemeentecode),
        parse_taakveld(taakveld),
        soort,
        parse_int(wijzigingnummer, "Wijzigingnummer") if needs_nummer else None,
        parse_date(datum, "Datum") if datum else None,
        parse_bedrag(bedrag, "Bedrag"),
    )


SOURCE = CsvSource(NAME, COLUMNS, _row)
# The budget holds no BSN: the reader interface is the CsvSource's own.
detect = SOURCE.detect
read = SOURCE.read
