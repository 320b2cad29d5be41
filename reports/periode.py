"""A report period: a quarter (2025-Q4), a half year (2025-H2) or a year (2025)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dashboards.format import nl_periode
from dashboards.perioden import INDELINGEN

_VORM = re.compile(r"^(?P<jaar>\d{4})(?:-(?P<soort>[QqHh])(?P<nummer>\d))?$")
_SOORT = {"Q": ("kwartaal", 4), "H": ("halfjaar", 2)}
_VORMEN = "gebruik 2025-Q4 (kwartaal 1-4), 2025-H2 (halfjaar 1-2) of 2025 (jaar)"


@dataclass(frozen=True, order=True)
class Periode:
    begin: date  # first day, as fct_indicator_publicatie.periode
    periode_type: str  # kwartaal, halfjaar or jaar

    @property
    def maanden(self) -> int:
        return INDELINGEN[self.periode_type].maanden

    @property
    def eind(self) -> date:
        """The last day of the period."""
        return _plus_maanden(self.begin, self.maanden) - timedelta(days=1)

    @property
    def label(self) -> str:
        """'K4 2025', 'H2 2025' or '2025'."""
        return nl_periode(self.begin, self.periode_type)

    @property
    def code(self) -> str:
        """'2025-Q4', '2025-H2' or '2025': the command line's form and the folder name under data/reports."""
        if self.periode_type == "jaar":
            return str(self.begin.year)
        letter = "Q" if self.periode_type == "kwartaal" else "H"
        return f"{self.begin.year}-{letter}{(self.begin.month - 1) // self.maanden + 1}"

    def terug(self, perioden: int = 1) -> Periode:
        """The period `perioden` periods earlier (1: the previous quarter; a year is 4 quarters)."""
        return Periode(_plus_maanden(self.begin, -perioden * self.maanden), self.periode_type)

    @property
    def vorige(self) -> Periode:
        return self.terug(1)

    @property
    def jaar_eerder(self) -> Periode:
        return Periode(date(self.begin.year - 1, self.begin.month, 1), self.periode_type)


def _plus_maanden(dag: date, maanden: int) -> date:
    index = dag.year * 12 + dag.month - 1 + maanden
    return date(index // 12, index % 12 + 1, 1)


def parse(tekst: str) -> Periode:
    """'2025-Q4' -> K4 2025; '2025-H2' -> H2 2025; '2025' -> the year. Raises ValueError naming the forms."""
    match = _VORM.match(tekst.strip())
    if not match:
        raise ValueError(f"onbekende periode {tekst!r}: {_VORMEN}")
    jaar = int(match["jaar"])
    if match["soort"] is None:
        return Periode(date(jaar, 1, 1), "jaar")
    periode_type, aantal = _SOORT[match["soort"].upper()]
    nummer = int(match["nummer"])
    if not 1 <= nummer <= aantal:
        raise ValueError(f"onbekende periode {tekst!r}: {_VORMEN}")
    return Periode(date(jaar, (nummer - 1) * (12 // aantal) + 1, 1), periode_type)
