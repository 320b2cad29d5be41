"""Benchmark 6, incremental: loading one new month of messages against the full load of all the data.

A second home first loads every source except the last month's message folder (``berichten/<YYYY-MM>``) and the
ledger of that month's year; that load is not the figure. Then the new month's delivery is loaded on top and timed:
the month's messages plus the running year's ledger export, as a gemeente delivers them each month, with everything
before already in the warehouse. The ledger goes with the month because the gate reconciles a year's bookings with
the granted declarations (pipelines/gate/poort.py, afstemming_325): the year's ledger without December's answers
would close the gate. Budget, contracts and case-system files are all in the first load; the messages are the bulk
of the volume. The reference is the runner's full load of all the sources in one go (``pijplijn_s``), so both sides
end in the same warehouse. At land the sources are one such region per chunk (demo/land.py): every chunk's last
month and ledger go together. The cost of this design is a second near-full load in the run; copying the main home
and removing a month from it would depend on the warehouse's internals instead.

On its own, against a full load measured before (``pijplijn_s`` of the runner's ``voortgang.json``)::

    .venv/bin/python -m benchmarks.nieuwe_maand --bronnen data/bench/land-seed42 --volledig 4896.8 \
        --werkmap data/bench/werk-nieuwe-maand
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from benchmarks.laden import laad
from benchmarks.meting import BenchContext, Meting

DOEL = 0.10
MAAND = re.compile(r"\d{4}-\d{2}")


def meet(ctx: BenchContext) -> list[Meting]:
    # A region's sources have berichten/ at the top; the country (demo/land.py) one such folder per chunk.
    regios = (
        [ctx.bronnen]
        if (ctx.bronnen / "berichten").is_dir()
        else sorted(p.parent for p in ctx.bronnen.glob("*/berichten"))
    )
    maanden = sorted({p.name for r in regios for p in (r / "berichten").glob("*") if MAAND.fullmatch(p.name)})
    if len(maanden) < 2:
        raise RuntimeError(f"no folder per month under {ctx.bronnen}/**/berichten to hold the last one back")
    laatste = maanden[-1]
    eerst_bronnen, maand_bronnen = [], []
    for regio in regios:
        voor, erbij = splits(regio, laatste)
        eerst_bronnen += voor
        maand_bronnen += erbij
    werk = ctx.werkmap / "nieuwe-maand"
    shutil.rmtree(werk, ignore_errors=True)  # an interrupted attempt's half-loaded home (benchmarks/voortgang.py)
    eerst = laad(eerst_bronnen, werk / "home", _zeg)
    # The first load's archive (an encrypted copy of every delivery, at land as large as the sources) is not read
    # by the next load, and at land the disk is needed by the month's build: its first attempt ran out of space.
    shutil.rmtree(werk / "home" / "data" / "archive", ignore_errors=True)
    maand = laad(maand_bronnen, werk / "home", _zeg)
    shutil.rmtree(werk)  # at land a second national warehouse and archive: the disk is needed by what follows
    grootboek = sorted({p.name for p in maand_bronnen if p.is_file()})
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
            f"messages {laatste} and {', '.join(grootboek) or 'no ledger'}: {maand.rijen:,} rows "
            f"on top of {eerst.rijen:,} loaded first ({eerst.seconden:.0f} s)",
        )
    ]


def splits(regio: Path, maand: str) -> tuple[list[Path], list[Path]]:
    """A region's sources as two deliveries: everything before ``maand``, and ``maand``'s messages with the ledger
    of its year."""
    grootboek = regio / "grootboek"
    lopend = sorted(grootboek.glob(f"*{maand[:4]}*")) if grootboek.is_dir() else []
    eerst = [p for p in regio.iterdir() if p.name not in ("berichten", "grootboek") and p.name[0] != "."]
    if grootboek.is_dir():
        eerst += [p for p in sorted(grootboek.iterdir()) if p not in lopend]
    berichten = sorted(p for p in (regio / "berichten").iterdir() if p.is_dir())
    eerst += [p for p in berichten if p.name != maand]
    return eerst, [p for p in berichten if p.name == maand] + lopend


def _zeg(bericht: str) -> None:
    print(bericht, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bronnen", type=Path, required=True, help="generated sources (a region, or demo/land.py's)")
    parser.add_argument("--volledig", type=float, required=True, help="seconds of a full load of the same sources")
    parser.add_argument("--werkmap", type=Path, default=Path("/tmp/bench-nieuwe-maand"))
    args = parser.parse_args()
    ctx = BenchContext("?", args.bronnen, args.werkmap, gemeten={"pijplijn_s": args.volledig})
    for m in meet(ctx):
        print(f"{m.naam}: {m.waarde:.1f} s against {m.referentie:.1f} s, ratio {m.ratio:.3f} ({m.doel})")
        print(m.toelichting)


if __name__ == "__main__":
    main()
