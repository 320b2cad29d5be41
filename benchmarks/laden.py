"""One timed pipeline load for the benchmarks: the real ``pipelines.run.load`` in a home of its own.

The runner (benchmarks/bench.py) loads each scale's sources with it, and benchmark 6 (benchmarks/nieuwe_maand.py)
its two loads of the same sources split at the last month. Every home gets its own STUURWIEL_HOME and
DAGSTER_HOME, so nothing of the project's own data (or another load's) is read or written.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.rss import PiekRss
from pipelines.cli import sleutels_maken
from pipelines.config import Settings


@dataclass(frozen=True)
class Lading:
    home: Path
    seconden: float  # wall time of run.load, definitions already imported
    rijen: int  # rows loaded into raw over all files (the volume of benchmark 5)
    piek_gb: float  # peak RSS of this process and its children during the load, summed
    stappen: dict[str, float]  # Dagster step -> seconds, as the load reports them


@contextlib.contextmanager
def thuis(home: Path) -> Iterator[Path]:
    """Point STUURWIEL_HOME and DAGSTER_HOME at ``home`` while inside; the previous values come back after."""
    home = home.resolve()  # dbt runs in dbt_project/: a relative home would point inside it
    home.mkdir(parents=True, exist_ok=True)
    oud = {k: os.environ.get(k) for k in ("STUURWIEL_HOME", "DAGSTER_HOME")}
    os.environ["STUURWIEL_HOME"] = str(home)
    os.environ["DAGSTER_HOME"] = str(home / "dagster")
    sleutels_maken(Settings.from_env())  # a new home is a new installation: it gets its keys, as `make demo` does
    try:
        yield home
    finally:
        for key, value in oud.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def definities_laden() -> None:
    """Import the Dagster definitions (dbt manifest included) once, so no load's time includes the import.

    Otherwise the first load of a run pays about 10 s more than the next, which would skew a ratio between two
    scales loaded in the same run (benchmark 5).
    """
    import pipelines.definitions  # noqa: F401


def laad(bronnen: list[Path], home: Path, say: Callable[[str], None]) -> Lading:
    """Load ``bronnen`` into ``home`` through the whole pipeline; raise when nothing was published."""
    definities_laden()
    from pipelines import run

    with thuis(home), PiekRss() as piek:
        start = time.perf_counter()
        report = run.load(bronnen, progress=say)
        seconden = time.perf_counter() - start
    if not report.published:
        raise RuntimeError(f"load in {home} published nothing: " + "; ".join(report.problems()[:3]))
    return Lading(home, seconden, sum(f.rows_loaded for f in report.files), piek.piek_gb, report.steps_done)
