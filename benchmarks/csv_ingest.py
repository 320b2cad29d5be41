"""Benchmark 2 of issue 14, CSV ingest: the case-system and ledger loads against DuckDB's own read_csv.

Per source (zaaksysteem, grootboek), over every CSV file in a folder of that name under ``<bronnen>``:

(a) ``pipelines.ingest.ingest_files`` into a fresh warehouse: hash and archive, Windows-1252 handling, row
    rules with quarantine and line numbers, BSN elfproef and pseudonym, write to raw.* and meta.*, with the
    worker processes ingest itself starts;
(b) DuckDB alone: ``create table ... as select * from read_csv(file)`` per file, with DuckDB's defaults
    (it sniffs delimiter and types) and its own encoding: utf-8, or latin-1 for a file that is not UTF-8
    (DuckDB has no Windows-1252: its latin-1 reads the euro sign and the rest of 0x80-0x9F wrongly). No
    rules, no pseudonyms, no quarantine.

Both on a DuckDB database file under the scratch folder; each is the best of ``RUNS`` runs (the note gives
both CPU seconds too: on a busy machine the wall clock says more about the neighbours). The figure is
(a)'s rows/s over (b)'s; goal >= 0.3.

    .venv/bin/python benchmarks/csv_ingest.py DIR     # DIR: `stuurwiel generate --out` (zaaksysteem/, grootboek/)
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.meting import BenchContext, Meting  # noqa: E402
from pipelines import ingest  # noqa: E402
from pipelines.archief import Archief  # noqa: E402
from pipelines.privacy import Pseudonymiser  # noqa: E402
from pipelines.warehouse import Warehouse  # noqa: E402

DOEL = 0.3
RUNS = 2
SOURCES = ("zaaksysteem", "grootboek")


def csv_files(bronnen: Path, source: str) -> list[Path]:
    """The CSV files in every folder named ``source`` below ``bronnen`` (one region, or a country's regions)."""
    return sorted(p for p in bronnen.rglob("*.csv") if p.parent.name == source)


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _cpu_s() -> float:
    """CPU seconds of this process and its ended children (ingest's reader processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def full_ingest(source: str, files: list[Path], werkmap: Path) -> tuple[float, int, int, float]:
    """(seconds, rows read, rows quarantined, CPU seconds of all processes) of ingest_files into a fresh
    warehouse under ``werkmap`` (created before the clock starts)."""
    shutil.rmtree(werkmap, ignore_errors=True)
    werkmap.mkdir(parents=True)
    store = Warehouse(werkmap / "warehouse.duckdb")
    store.ensure_schema()
    with store.connect() as con:
        started, cpu = time.perf_counter(), _cpu_s()
        outcomes = list(
            ingest.ingest_files(
                con,
                source,
                files,
                Pseudonymiser(b"benchmark-key-" * 3),
                "bench",
                Archief(werkmap / "archief", b"a" * 32),
            )
        )
        seconds, cpu = time.perf_counter() - started, _cpu_s() - cpu
    rejected = [o.path for o in outcomes if o.status not in ("loaded", "partially_loaded")]
    if rejected:
        raise RuntimeError(f"files not loaded: {rejected}")
    return seconds, sum(o.rows_in for o in outcomes), sum(o.rows_quarantined for o in outcomes), cpu


def duckdb_read(files: list[Path], encodings: list[str], werkmap: Path) -> tuple[float, int, float]:
    """(seconds, rows, CPU seconds) of DuckDB's read_csv of every file into a table of its own, in a fresh
    database file."""
    shutil.rmtree(werkmap, ignore_errors=True)
    werkmap.mkdir(parents=True)
    con = duckdb.connect(str(werkmap / "duckdb.duckdb"))
    try:
        started, cpu = time.perf_counter(), _cpu_s()
        for number, (path, encoding) in enumerate(zip(files, encodings, strict=True)):
            con.execute(f"create table t{number} as select * from read_csv(?, encoding = '{encoding}')", [str(path)])
        seconds, cpu = time.perf_counter() - started, _cpu_s() - cpu
        rows = sum(con.execute(f"select count(*) from t{n}").fetchone()[0] for n in range(len(files)))
    finally:
        con.close()
    return seconds, rows, cpu


def measure(source: str, files: list[Path], werkmap: Path) -> Meting:
    encodings = ["utf-8" if _is_utf8(path) else "latin-1" for path in files]
    ours = min((full_ingest(source, files, werkmap / "ingest") for _ in range(RUNS)), key=lambda run: run[0])
    theirs = min((duckdb_read(files, encodings, werkmap / "duckdb") for _ in range(RUNS)), key=lambda run: run[0])
    (ingest_s, read, quarantined, ingest_cpu), (duckdb_s, duckdb_rows, duckdb_cpu) = ours, theirs
    rate, reference = read / ingest_s, duckdb_rows / duckdb_s
    ratio = rate / reference
    latin1 = encodings.count("latin-1")
    return Meting(
        nummer=2,
        naam=f"CSV ingest: {source}",
        waarde=rate,
        eenheid="rows/s",
        referentie=reference,
        referentie_naam="duckdb read_csv into a table",
        ratio=ratio,
        doel=f">= {DOEL}",
        gehaald=ratio >= DOEL,
        toelichting=(
            f"{len(files)} files ({latin1} not UTF-8), {read:,} rows ({quarantined:,} quarantined): "
            f"ingest_files {ingest_s:.2f} s ({ingest_cpu:.1f} s CPU, all processes), duckdb {duckdb_s:.2f} s "
            f"({duckdb_cpu:.1f} s CPU) for {duckdb_rows:,} rows; best of {RUNS}"
        ),
    )


def meet(ctx: BenchContext) -> list[Meting]:
    metingen = []
    for source in SOURCES:
        files = csv_files(ctx.bronnen, source)
        if not files:
            raise FileNotFoundError(f"no CSV files in a {source} folder under {ctx.bronnen}")
        metingen.append(measure(source, files, ctx.werkmap / "csv_ingest" / source))
    return metingen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bronnen", type=Path, help="generated source files (holds zaaksysteem/ and grootboek/)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csv_ingest_") as tmp:
        metingen = meet(BenchContext(scale="?", bronnen=args.bronnen, werkmap=Path(tmp)))
    print("| benchmark | figure | reference | ratio | goal | met |")
    print("|---|---|---|---|---|---|")
    for m in metingen:
        print(
            f"| {m.nummer}. {m.naam} | {m.waarde:,.0f} {m.eenheid} | {m.referentie:,.0f} ({m.referentie_naam}) | "
            f"{m.ratio:.2f} | {m.doel} | {'ja' if m.gehaald else 'nee'} |"
        )
    for m in metingen:
        print(f"{m.naam}: {m.toelichting}")


if __name__ == "__main__":
    main()
