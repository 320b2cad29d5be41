"""Benchmark 6, incremental: loading one new month of messages against the full load of all the data.

A second home first loads every source except the last month's message folder (``berichten/<YYYY-MM>``) and the
ledger of that month's year; that load is not the figure. Then the new month's delivery is loaded on top and timed:
the month's messages plus the running year's ledger export, as a gemeente delivers them each month, with everything
before already in the warehouse. The ledger goes with the month because the gate reconciles a year's bookings with
the granted declarations (pipelines/gate/poort.py, afstemming_325): the year's ledger without December's answers
would close the gate. Budget, contracts and case-system files are all in the first load; the messages are the bulk
of the volume. The reference is the runner's full load of all the sources in one go (``pijplijn_s``), so both sides
end in the same warehouse. The cost of this design is a second near-full load in the run; copying the main home
and removing a month from it would depend on the warehouse's internals instead.
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
    grootboek = ctx.bronnen / "grootboek"
    lopend = sorted(grootboek.glob(f"*{laatste.name[:4]}*")) if grootboek.is_dir() else []
    overige = [p for p in ctx.bronnen.iterdir() if p.name not in ("berichten", "grootboek") and p.name[0] != "."]
    if grootboek.is_dir():
        overige += [p for p in grootboek.iterdir() if p not in lopend]
    home = ctx.werkmap / "nieuwe-maand" / "home"
    eerst = laad(overige + maanden[:-1], home, _zeg)
    maand = laad([laatste, *lopend], home, _zeg)
    volledig = ctx.gemeten["pijplijn_s"]
    ratio = maand.seconden / volledig
    return [
        Meting(
            6,
            "Incremental: one new month",
            maand.seconden,
            "s",
            volledig,
            "full load",
            ratio,
            f"<= {DOEL:.2f} (at land)",
            ratio <= DOEL,
            f"messages {laatste.name} and {', '.join(p.name for p in lopend) or 'no ledger'}: {maand.rijen:,} rows "
            f"on top of {eerst.rijen:,} loaded first ({eerst.seconden:.0f} s)",
        )
    ]


def _zeg(bericht: str) -> None:
    print(bericht, file=sys.stderr, flush=True)
