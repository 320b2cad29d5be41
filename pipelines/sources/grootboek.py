"""Ledger export (grootboekmutaties) per boekjaar: one row per booking on an Iv3 taakveld."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.sources.csvreader import CsvSource, date_range
from pipelines.sources.csvregels import (
    Regels,
    optional,
    parse_bedrag,
    parse_date,
    parse_gemeentecode,
    parse_jaar,
    parse_taakveld,
)

NAME = "grootboek"
COLUMNS = (
    "boekjaar",
    "boekdatum",
    "gemeentecode",
    "taakveld",
    "categorie",
    "kostenplaats",
    "crediteurnummer",
    "crediteurnaam",
    "omschrijving",
    "bedrag",
)
# The date that places a booking in a month.
MAAND_KOLOM = {NAME: "boekdatum"}


def _regels(values: list[str]) -> Regels:
    # categorie, kostenplaats, crediteurnummer, crediteurnaam: text, each may be empty. The omschrijving is not
    # kept: free text that may name a client or quote a BSN, and no indicator needs it.
    boekjaar, boekdatum, gemeentecode, taakveld, *texts, _omschrijving, bedrag = values
    return Regels(
        [
            parse_jaar(boekjaar, "Boekjaar"),
            parse_date(boekdatum, "Boekdatum"),
            parse_gemeentecode(gemeentecode),
            parse_taakveld(taakveld),
            *map(optional, texts),
            parse_bedrag(bedrag, "Bedrag"),
        ]
    )


SOURCE = CsvSource(NAME, COLUMNS, _regels, vrije_tekst=("omschrijving",))
# The ledger holds no BSN: the reader interface is the CsvSource's own.
detect = SOURCE.detect
read = SOURCE.read


def periode(path: str | Path) -> tuple[date, date] | None:
    """First and last boekdatum: the months this delivery covers (its Dagster partitions)."""
    return date_range(path, SOURCE, MAAND_KOLOM[NAME])
