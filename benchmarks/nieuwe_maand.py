"""Benchmark 6, incremental: loading one new month of messages against the full load of all the data.

A second home first loads every source except the last month's message folder (``berichten/<YYYY-MM>``); that
load is not the figure. Then the last month's folder is loaded on top and timed: exactly what a gemeente does when
the aanbieders' messages of a new month arrive, with everything before it already in the warehouse. The reference
is the runner's full load of all the sources in one go (``pijplijn_s``), so both sides end in the same warehouse.
The ledger, budget and case-system files are yearly and are all in the first load: the new month is the messages,
which are the bulk of the volume. The cost of this design is a second near-full load in the run; copying the
main home and removing a month from it would depend on the warehouse's internals instead.
"""

from __future__ import annotations

import re
import sys

from benchmarks.laden import laad
from benchmarks.meting import BenchContext, Meting

DOEL = 0.10
MAAND = re.compile(r"\d{4}-\d{2}")


def meet(ctx: BenchContext) -> list[Meting]:
    maanden = sorted(p for p in (ctx.bronnen / "berichten").iterdir() if p.is_dir() and MAAND.fullmatch(p.name))
    if len(maanden) < 2:
        raise RuntimeError(f"{ctx.bronnen / 'berichten'} has no folder per month to hold the last one back")
    laatste = maanden[-1]
    overige = [p for p in ctx.bronnen.iterdir() if p.name != "berichten" and not p.name.startswith(".")]
    home = ctx.werkmap / "nieuwe-maand" / "home"
    eerst = laad(overige + maanden[:-1], home, _zeg)
    maand = laad([laatste], home, _zeg)
    volledig = ctx.gemeten["pijplijn_s"]
    ratio = maand.seconden / volledig
    return [
        Meting(
            6,
            "Incremental: one new month of messages",
            maand.seconden,
            "s",
            volledig,
            "full load",
            ratio,
            f"<= {DOEL:.2f} (at land)",
            ratio <= DOEL,
            f"{laatste.name}: {maand.rijen:,} rows on top of {eerst.rijen:,} loaded first ({eerst.seconden:.0f} s)",
        )
    ]


def _zeg(bericht: str) -> None:
    print(bericht, file=sys.stderr, flush=True)
