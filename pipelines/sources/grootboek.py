"""Ledger export (grootboekmutaties) per boekjaar: one row per booking on an Iv3 taakveld."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import ReadResult
from pipelines.sources.csvreader import (
    CsvSource,
    date_range,
    header_matches,
    optional,
    parse_bedrag,
    parse_date,
    parse_gemeentecode,
    parse_jaar,
    parse_taakveld,
    read_csv,
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


def _row(values: list[str]) -> tuple:
    (boekjaar, boekdatum, gemeentecode, taakveld, categorie, kostenplaats,
     crediteurnummer, crediteurnaam, omschrijving, bedrag) = values
    return (
        parse_jaar(boekjaar, "Boekjaar"),
        parse_date(boekdatum, "Boekdatum"),
        parse_gemeentecode(gemeentecode),
        parse_taakveld(taakveld),
        optional(categorie),
        optional(kostenplaats),
        optional(crediteurnummer),
        optional(crediteurnaam),
        optional(omschrijving),
        parse_bedrag(bedrag, "Bedrag"),
    )


SOURCE = CsvSource(NAME, COLUMNS, _row)


def detect(path: str | Path, head: bytes) -> bool:
    return header_matches(head, COLUMNS)


def read(path: str | Path, pseudonymiser: Pseudonymiser) -> ReadResult:
    # The ledger holds no BSN; the pseudonymiser is part of the common reader signature.
    return read_csv(path, SOURCE)


def periode(path: str | Path) -> tuple[date, date] | None:
    """First and last boekdatum: the months this delivery covers (its Dagster partitions)."""
    return date_range(path, SOURCE, "boekdatum")
