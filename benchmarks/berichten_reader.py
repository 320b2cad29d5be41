"""Throughput of the berichten reader (pipelines/sources/berichten/).

Builds, per message type, a zip of N messages copied from the official iJw 3.2
examples (JW301, JW305, JW307, JW323), each with its own ToewijzingNummer values
so the messages are distinct (the examples' BSNs pass the elfproef and are kept),
then times ``berichten.read()`` on it and prints messages/s and records/s.

    .venv/bin/python benchmarks/berichten_reader.py [N] [--repeat R]

Rates are from wall-clock time (best run); ``cpu s`` is the process CPU time of the
best run, which shows when other load on the machine stretched the wall clock.
Not a test: it asserts only that every record was loaded, and prints its figures.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.privacy import Pseudonymiser  # noqa: E402
from pipelines.sources import berichten  # noqa: E402

VOORBEELDEN = ROOT.parent / "shared" / "reference" / "istandaarden-3.2" / "ijw" / "voorbeeldberichten"
TYPES = ("301", "305", "307", "323")
_TOEWIJZINGNUMMER = re.compile(rb"(<(?:\w+:)?ToewijzingNummer>)(\d+)(</)")


def synthetic_messages(message: str, count: int) -> list[bytes]:
    """``count`` copies of JW<message>.xml, copy i with ToewijzingNummer values i * 100 + k."""
    template = (VOORBEELDEN / f"JW{message}.xml").read_bytes()
    messages = []
    for number in range(count):
        counter = iter(range(number * 1_000, (number + 1) * 1_000))

        def renumber(match: re.Match, counter=counter) -> bytes:
            return match.group(1) + str(next(counter)).encode() + match.group(3)

        messages.append(_TOEWIJZINGNUMMER.sub(renumber, template))
    return messages


def build_zip(directory: Path, message: str, count: int) -> Path:
    path = directory / f"jw{message}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, data in enumerate(synthetic_messages(message, count)):
            archive.writestr(f"JW{message}_{number:07d}.xml", data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=20_000, help="messages per type (default 20000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per type; the best is reported")
    args = parser.parse_args()
    pseudonymiser = Pseudonymiser(b"benchmark-key-" * 3)
    print(f"berichten.read(), {args.n} messages per zip, best of {args.repeat}")
    print(f"{'type':>4} {'table':<22} {'records':>8} {'seconds':>8} {'cpu s':>7} {'messages/s':>11} {'records/s':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for message in TYPES:
            path = build_zip(Path(tmp), message, args.n)
            best = best_cpu = float("inf")
            for _ in range(args.repeat):
                started, started_cpu = time.perf_counter(), time.process_time()
                result = berichten.read(path, pseudonymiser)
                best = min(best, time.perf_counter() - started)
                best_cpu = min(best_cpu, time.process_time() - started_cpu)
            assert not result.quarantine and result.rows_loaded == result.rows_in, "synthetic records were quarantined"
            [(table, loaded)] = [(name, t.num_rows) for name, t in result.tables.items() if t.num_rows]
            print(
                f"{message:>4} {table:<22} {loaded:>8} {best:>8.3f} {best_cpu:>7.3f}"
                f" {args.n / best:>11,.0f} {loaded / best:>10,.0f}"
            )


if __name__ == "__main__":
    main()
