"""python -m demo --scale regio --seed 1 --out /tmp/x"""

from __future__ import annotations

import argparse
import time

from demo import SCALES, generate, generate_land, write_sources


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="regio")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=float, default=1.0, help="share of persons to generate (0-1]")
    parser.add_argument("--start-year", type=int, default=2021)
    parser.add_argument("--end-year", type=int, default=2025)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    if args.scale == "land":  # region by region, never the whole country in memory
        counts = generate_land(args.out, args.seed, args.sample, args.start_year, args.end_year, progress=print)
        print(f"files: {counts}")
        print(f"total {time.perf_counter() - started:.1f} s")
        return
    region = generate(SCALES[args.scale], args.seed, args.start_year, args.end_year, args.sample)
    generated = time.perf_counter()
    counts = write_sources(region, args.out)
    done = time.perf_counter()
    print(
        f"{args.scale}: {len(region.persons)} persons, {len(region.trajectories)} toewijzingen, "
        f"{len(region.declaraties)} prestaties"
    )
    print(f"files: {counts}")
    print(f"generate {generated - started:.1f} s, write {done - generated:.1f} s, total {done - started:.1f} s")


if __name__ == "__main__":
    main()
