"""Benchmark: generate a demo region and push it through the whole pipeline; prints time and throughput.

    .venv/bin/python benchmarks/pipeline.py --scale regio [--sample 1.0] [--seed 42]

Runs in a temporary STUURWIEL_HOME, so it never touches the project's own warehouse.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="regio", choices=("gemeente", "regio", "land"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--sample", type=float, default=1.0)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="stuurwiel-bench-"))
    os.environ["STUURWIEL_HOME"] = str(home)
    import demo
    from pipelines import run
    from pipelines.cli import sleutels_maken
    from pipelines.config import Settings

    sleutels_maken(Settings.from_env())  # a new home: its keys, as `make demo` makes them

    started = time.perf_counter()
    region = demo.generate(demo.SCALES[args.scale], seed=args.seed, sample=args.sample)
    generated = time.perf_counter()
    demo.write_sources(region, home / "bronnen")
    written = time.perf_counter()
    report = run.load([home / "bronnen"], progress=lambda m: print(m, file=sys.stderr))
    loaded = time.perf_counter()

    print(f"scale={args.scale} sample={args.sample} seed={args.seed}")
    print(f"generate  {generated - started:8.1f} s")
    print(f"write     {written - generated:8.1f} s")
    print(f"load      {loaded - written:8.1f} s  (published={report.published})")
    for line in report.per_source():
        print(
            f"  {line['bron']:<10} {line['rijen_in']:>10} rows in  {line['rijen_geladen']:>10} loaded  "
            f"{line['rijen_quarantaine']:>8} quarantined"
        )
    for table, keys in sorted(report.partities.items()):
        print(f"  partitions {table:<32} {len(keys):>4} months ({keys[0][:7]} .. {keys[-1][:7]})")
    for step, seconds in report.steps_done.items():
        print(f"  step {step:<16} {seconds:8.1f} s")
    print(f"peak RSS  {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MB")
    print(f"warehouse and snapshot kept in {home / 'data'} (benchmarks/gate.py takes the warehouse)")


if __name__ == "__main__":
    main()
