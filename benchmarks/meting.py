"""What every benchmark of `make bench` returns: one figure against its reference, measured in the same run.

Issue 14 numbers the eight benchmarks; each module under benchmarks/ that takes part exposes

    meet(ctx: BenchContext) -> list[Meting]

and the runner (benchmarks/bench.py) prints the table and appends it to the results file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class BenchContext:
    scale: str  # 'gemeente' | 'regio' | 'land'
    bronnen: Path  # the generated source files of this scale (stuurwiel generate --out)
    werkmap: Path  # scratch space of this benchmark run; a benchmark makes its own sub folder
    seed: int = 42
    # Figures other benchmarks of the same run already measured, by key (e.g. 'pijplijn_s', 'dbt_s'),
    # so a ratio can use a reference measured once. The runner fills it in order.
    gemeten: dict[str, float] = field(default_factory=dict)
    # At land: the sources of the reference loads, by scale ('regio', 'gemeente'); their homes: referentie_home.
    referentie_bronnen: dict[str, Path] = field(default_factory=dict)

    def referentie_home(self, scale: str) -> Path:
        return referentie_home(self.werkmap, scale)


def referentie_home(werkmap: Path, scale: str) -> Path:
    """The home the runner loads a reference scale into at land (benchmarks/bench.py)."""
    return werkmap / f"ref-{scale}" / "home"


@dataclass(frozen=True)
class Meting:
    nummer: int  # 1..8, as numbered in issue 14
    naam: str  # short English name: 'XML ingest', 'CSV ingest: zaaksysteem', ...
    waarde: float  # the measured figure
    eenheid: str  # 'prestaties/s', 'rows/s', 's', 'GB'
    referentie: float  # the reference figure, measured in the same run
    referentie_naam: str  # what the reference is: 'bare lxml iterparse loop', 'duckdb read_csv', ...
    ratio: float  # the figure the goal is about (see doel)
    doel: str  # the goal as text: '>= 2.0', '<= 1.5', '< 10 s'
    gehaald: bool
    toelichting: str = ""  # one line: what limits the figure, or how it was measured


@dataclass(frozen=True)
class NietGedraaid:
    """A benchmark without a figure in this run, and why."""

    nummer: int
    naam: str
    reden: str
