"""Benchmark: what a full run of the quality gate costs, per source, on a loaded warehouse.

    .venv/bin/python benchmarks/gate.py [WAREHOUSE]     (default: data/warehouse.duckdb, e.g. after `make demo`)

Works on a copy, so the project's warehouse and its history stay untouched. For every source it re-runs
the gate on that source's most recent run: SQL rules, volume check, GX suites (with Data Docs into a
temporary folder), and prints seconds and rows checked.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from pipelines.config import Settings
from pipelines.gate import poort
from pipelines.warehouse import Warehouse


def main() -> None:
    source_path = Path(sys.argv[1]) if len(sys.argv) > 1 else Settings.from_env().warehouse_path
    work = Path(tempfile.mkdtemp(prefix="stuurwiel-gate-"))
    copy = work / "warehouse.duckdb"
    shutil.copy(source_path, copy)
    Warehouse(copy).ensure_schema()  # a warehouse from before a column rename is brought up to date
    con = duckdb.connect(str(copy))
    try:
        runs = con.execute(
            "select bron, arg_max(run_id, geladen_op), sum(rijen_geladen) filter (where status <> 'rejected') "
            "from meta.loads where status <> 'skipped_duplicate' group by bron order by bron"
        ).fetchall()
        total = 0.0
        print(f"{'bron':<12} {'rijen':>10} {'sql+volume s':>12} {'gx s':>8} {'bevindingen':>11}")
        for bron, run_id, rows in runs:
            started = time.perf_counter()
            rules = [
                poort.quarantaine_aandeel(con, bron, run_id),
                *poort.RULES.get(bron, lambda c, r: [])(con, run_id),
                *poort.volume_instorting(con, bron, run_id),
            ]
            sql_done = time.perf_counter()
            gx = poort.expectation_suite(con, bron, run_id, work / "quality")
            done = time.perf_counter()
            failed = sum(not c.geslaagd for c in rules + gx)
            total += done - started
            print(f"{bron:<12} {rows or 0:>10,} {sql_done - started:>12.1f} {done - sql_done:>8.1f} {failed:>11}")
        print(f"{'totaal':<12} {'':>10} {total:>21.1f} s")
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
