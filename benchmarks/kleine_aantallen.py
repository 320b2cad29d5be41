"""Benchmark: small-cell protection (fct_indicator_publicatie) on a synthetic long table; prints time and size.

    .venv/bin/python benchmarks/kleine_aantallen.py --gemeenten 342 --aanbieders 60 --perioden 12

One person-count indicator broken down by aanbieder, for every gemeente and the region, with counts drawn
from a geometric distribution (--gemiddeld sets the mean): many small cells, or, with a high mean, a few
scattered ones that secondary suppression has to pair up.
Runs the model SQL exactly as dbt builds it (tests/dbt_project/serving/publicatie.py renders it).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "dbt_project" / "serving"))
from publicatie import TELLING, publiceer  # noqa: E402  (the rendering the serving tests use)


def long_table(gemeenten: int, aanbieders: int, perioden: int, gemiddeld: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(perioden):
        periode = date(2021 + p // 12, p % 12 + 1, 1)
        counts = rng.negative_binomial(1, 1 / (1 + gemiddeld), size=(gemeenten, aanbieders))
        counts[rng.random(counts.shape) < 0.5] = 0  # most gemeenten buy from a few aanbieders
        for g in range(gemeenten):
            code = f"GM{g:04d}"
            for a in np.flatnonzero(counts[g]):
                rows.append((code, "aanbieder", f"A{a:03d}", periode, counts[g, a]))
            rows.append((code, "totaal", "totaal", periode, counts[g].sum()))
        for a in range(aanbieders):
            rows.append(("REGIO", "aanbieder", f"A{a:03d}", periode, counts[:, a].sum()))
        rows.append(("REGIO", "totaal", "totaal", periode, counts.sum()))
    frame = pd.DataFrame(rows, columns=["gemeentecode", "dimensie", "dimensie_waarde", "periode", "teller"])
    return frame.assign(
        indicator_id="telling",
        wijkcode=None,
        periode_type="maand",
        waarde=frame.teller.astype(float),
        noemer=None,
        norm=None,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gemeenten", type=int, default=342)
    parser.add_argument("--aanbieders", type=int, default=60)
    parser.add_argument("--perioden", type=int, default=12)
    parser.add_argument(
        "--gemiddeld", type=float, default=11.5, help="mean count of a cell; higher = fewer small cells"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    invoer = long_table(args.gemeenten, args.aanbieders, args.perioden, args.gemiddeld, args.seed)
    started = time.perf_counter()
    uit = publiceer(invoer, TELLING)
    seconds = time.perf_counter() - started
    print(
        f"cells     {len(invoer):>10,}  "
        f"({args.gemeenten} gemeenten x {args.aanbieders} aanbieders x {args.perioden} periods)"
    )
    print(f"seconds   {seconds:>10.1f}")
    for reden, n in uit.reden_onderdrukt.value_counts().items():
        print(f"  {reden:<20} {n:>8,}")
    print(f"peak RSS  {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:>10.0f} MB")


if __name__ == "__main__":
    main()
