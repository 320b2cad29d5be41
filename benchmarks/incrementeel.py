"""Benchmark 6, the small-file half: one corrected file loaded into a loaded warehouse, until published.

    .venv/bin/python -m benchmarks.incrementeel --home DIR --bronnen DIR

Input: a loaded home and the sources it was loaded from. Under the runner (benchmarks/bench.py) that is
``ctx.werkmap / 'home'``, which the runner loads from ``ctx.bronnen`` before any benchmark runs. The corrections
are loaded into that home itself, as a municipality sends them: a copy would be a new home, whose first dbt run
parses the project fully (pipelines/bouwstand.py). They change a few published figures and nothing else.

Two corrections, each timed from ``pipelines.run.load`` until the snapshot is published (definitions imported
beforehand, as the runner's loads are timed):

- the budget of the last year (``begroting_<jjjj>.csv``), every amount up 1%;
- the contract list (``contracten.csv``) with one contract's tariff changed.

The reference is the full load of the same sources (``ctx.gemeten['pijplijn_s']``). Goal: under 10 s each at regio.
At land the corrections go into the run's regio reference home (``ctx.referentie_home('regio')``), loaded from the
regio sources in the same run: the goal is about regio scale, and a land home would time a national rebuild instead.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.laden import definities_laden, thuis
from benchmarks.meting import BenchContext, Meting

DOEL_S = 10.0


def meet(ctx: BenchContext) -> list[Meting]:
    doel = _doel(ctx)
    werk = ctx.werkmap / "incrementeel"
    werk.mkdir(parents=True, exist_ok=True)
    begroting = max((doel.bronnen / "begroting").glob("begroting_*.csv"))
    correcties = {
        "begroting": _gecorrigeerd(begroting, werk / begroting.name, _budget_plus_1_procent),
        "contracten": _gecorrigeerd(doel.bronnen / "aanbieders" / "contracten.csv", werk / "contracten.csv", _tarief),
    }
    definities_laden()
    return [_meting(doel, naam, pad) for naam, pad in correcties.items()]


@dataclass(frozen=True)
class _Doel:
    """The loaded home the corrections go into, the sources it was loaded from and its full load's seconds."""

    home: Path
    bronnen: Path
    volledig_s: float
    naam: str  # the scale, as the table names it


def _doel(ctx: BenchContext) -> _Doel:
    if ctx.scale == "land":
        volledig = ctx.gemeten.get("regio_pijplijn_s", float("nan"))
        return _Doel(ctx.referentie_home("regio"), ctx.referentie_bronnen["regio"], volledig, "regio, in the land run")
    return _Doel(ctx.werkmap / "home", ctx.bronnen, ctx.gemeten.get("pijplijn_s", float("nan")), ctx.scale)


def _meting(doel: _Doel, naam: str, pad: Path) -> Meting:
    from pipelines import run

    with thuis(doel.home):
        start = time.perf_counter()
        report = run.load([pad])
        seconden = time.perf_counter() - start
    if not report.published:
        raise RuntimeError(f"{pad.name} published nothing: " + "; ".join(report.problems()[:3]))
    stappen = ", ".join(f"{stap} {s:.1f} s" for stap, s in report.steps_done.items())
    return Meting(
        6,
        f"Incremental: corrected {naam} ({doel.naam})",
        seconden,
        "s",
        doel.volledig_s,
        "full load of the same sources",
        seconden,
        f"< {DOEL_S:.0f} s",
        seconden < DOEL_S,
        f"load until published; steps: {stappen}",
    )


def _gecorrigeerd(bron: Path, doel: Path, regel) -> Path:
    """The delivered file with one correction, in its own encoding and line endings; run again on the same home,
    the correction is made on the previous one (the same file twice would be skipped as a duplicate)."""
    ruw = (doel if doel.exists() else bron).read_bytes()
    codering = "utf-8-sig" if ruw.startswith(b"\xef\xbb\xbf") else "cp1252"
    regels = ruw.decode(codering).split("\n")
    kop = regels[0].rstrip("\r").split(";")
    doel.write_bytes("\n".join(regel(kop, regels)).encode(codering))
    return doel


def _budget_plus_1_procent(kop: list[str], regels: list[str]) -> list[str]:
    kolom = kop.index("Bedrag")
    return [regels[0], *(_bedrag_maal(r, kolom, 1.01) for r in regels[1:])]


def _tarief(kop: list[str], regels: list[str]) -> list[str]:
    """The first contract's tariff up 5%: the column whose name says tarief."""
    kolom = next(i for i, naam in enumerate(kop) if "tarief" in naam.lower())
    return [regels[0], _bedrag_maal(regels[1], kolom, 1.05), *regels[2:]]


def _bedrag_maal(regel: str, kolom: int, factor: float) -> str:
    """A Dutch amount ('1.234,56') times factor; empty lines stay."""
    if not regel.strip():
        return regel
    eind = "\r" if regel.endswith("\r") else ""
    velden = regel.rstrip("\r").split(";")
    bedrag = float(velden[kolom].replace(".", "").replace(",", "."))
    velden[kolom] = f"{bedrag * factor:.2f}".replace(".", ",")
    return ";".join(velden) + eind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a loaded STUURWIEL_HOME (the corrections go in)")
    parser.add_argument("--bronnen", type=Path, required=True, help="the sources it was loaded from")
    parser.add_argument("--scale", default="regio")
    args = parser.parse_args()
    werkmap = args.home.resolve().parent
    if args.home.resolve() != werkmap / "home":
        parser.error("--home must be a folder named 'home' (the runner's layout: <werkmap>/home)")
    for m in meet(BenchContext(args.scale, args.bronnen, werkmap)):
        print(f"{m.naam}: {m.waarde:.1f} s ({m.doel}, {'gehaald' if m.gehaald else 'niet gehaald'}); {m.toelichting}")


if __name__ == "__main__":
    main()
