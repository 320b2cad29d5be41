"""The period types the warehouse publishes (int_perioden), with what every page needs to know of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Indeling:
    naam: str  # periode_type in the snapshot
    label: str  # in the sidebar
    maanden: int  # months in one period
    vorige: str  # "t.o.v. vorige maand"
    ticks_per_jaar_stap: int  # periods between axis labels on a trend chart


INDELINGEN = {
    i.naam: i
    for i in (
        Indeling("maand", "Maand", 1, "vorige maand", 6),
        Indeling("kwartaal", "Kwartaal", 3, "vorig kwartaal", 2),
        Indeling("halfjaar", "Halfjaar", 6, "vorig halfjaar", 1),
        Indeling("jaar", "Jaar", 12, "vorig jaar", 1),
    )
}
PERIODE_TYPES = tuple(INDELINGEN)


def laatste_maand(periode: date, periode_type: str) -> date:
    """The first day of the last month of the period (december for a year)."""
    maand = periode.month + INDELINGEN[periode_type].maanden - 1
    return date(periode.year, maand, 1)


def einde_sql(kolom: str = "periode", type_kolom: str = "periode_type") -> str:
    """SQL for the last day of a period, from its first day and type."""
    gevallen = " ".join(f"when '{i.naam}' then interval {i.maanden} month" for i in INDELINGEN.values())
    return f"({kolom} + case {type_kolom} {gevallen} end - interval 1 day)::date"
