"""Verdicts as pure functions: counts become a check result, check results become the gate's verdict.

No database and no Dagster here: poort.py counts, the source asset reports, this module judges.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipelines.gate import regels
from pipelines.gate.regels import Regel
from pipelines.gate.staten import Poort


@dataclass
class Controle:
    """The outcome of one rule over one run's deliveries of a source (a line of meta.poortcontroles)."""

    naam: str
    geslaagd: bool
    waarde: float | None
    drempel: float | None
    melding: str
    rijen: int | None = None  # rows the rule found at fault


def beoordeel(regel: Regel, afwijkend: int, totaal: int, bron: str = "") -> Controle:
    """A one-query rule's result: no row at fault allowed without a threshold, else at most that share."""
    drempel = regel.drempel_voor(bron)
    if drempel is None:
        return Controle(
            regel.naam,
            afwijkend == 0,
            float(afwijkend),
            0.0,
            f"{afwijkend} {regel.melding}" if afwijkend else "geen afwijkingen",
            int(afwijkend),
        )
    aandeel = afwijkend / totaal if totaal else 0.0
    tekst = f"{afwijkend} van {totaal} {regel.melding} ({aandeel:.1%}; drempel {drempel:.0%})"
    return Controle(
        regel.naam, aandeel <= drempel, aandeel, drempel, tekst if afwijkend else "geen afwijkingen", int(afwijkend)
    )


def quarantaine(bron: str, quarantined: int, rows_in: int) -> Controle:
    """Share of quarantined rows over all of this run's deliveries of the source.

    Taken over the whole delivery rather than per file: one bad row in a file of twelve is noise, a few
    percent of a month's messages is a broken export.
    """
    drempel = regels.REGELS["quarantaine_aandeel"].drempel_voor(bron)
    aandeel = quarantined / rows_in if rows_in else 0.0
    melding = f"{aandeel:.1%} van de regels in quarantaine ({quarantined} van {rows_in}; drempel {drempel:.0%})"
    return Controle("quarantaine_aandeel", aandeel <= drempel, aandeel, drempel, melding, int(quarantined))


def oordeel(controles: Iterable[Controle]) -> Poort:
    """Every check passed: the deliveries go through. One failed: they are held back."""
    return Poort.DOORGELATEN if all(c.geslaagd for c in controles) else Poort.GEBLOKKEERD


def samenvatting(controles: Iterable[Controle]) -> str:
    """The failed checks in words, for the asset check's description and the CLI report."""
    failed = [f"{regels.titel(c.naam)}: {c.melding}" for c in controles if not c.geslaagd]
    return "; ".join(failed) or "alle controles geslaagd"
