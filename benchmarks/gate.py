"""Benchmark: what a full run of the quality gate costs, per source, on a loaded warehouse.

    .venv/bin/python benchmarks/gate.py [WAREHOUSE]     (default: data/warehouse.duckdb, e.g. after `make demo`)

Works on a copy, so the project's warehouse and its history stay untouched. For every source it re-runs
the gate on that source's most recent run, each source in a process of its own so that its peak memory is
its own, and prints per source:

- rows: the rows that run delivered;
- sql s: every SQL rule, the volume check and every suite expectation over every row (DuckDB);
- gx s: Great Expectations on the bounded sample, with Data Docs into a temporary folder (the ~4 s import
  of great_expectations is done before timing, as a pipeline process pays it once);
- peak GB: the process's peak resident memory (Python, DuckDB and GX together).
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from pipelines.config import Settings
from pipelines.gate import poort, suites
from pipelines.ingest import SOURCE_TABLES
from pipelines.warehouse import Warehouse


def main() -> None:
    source_path = Path(sys.argv[1]) if len(sys.argv) > 1 else Settings.from_env().warehouse_path
    work = Path(tempfile.mkdtemp(prefix="stuurwiel-gate-"))
    copy = work / "warehouse.duckdb"
    shutil.copy(source_path, copy)
    Warehouse(copy).ensure_schema()  # a warehouse from before a column rename is brought up to date
    try:
        with duckdb.connect(str(copy), read_only=True) as con:
            runs = con.execute(
                "select bron, arg_max(run_id, geladen_op), sum(rijen_geladen) filter (where status <> 'rejected') "
                "from meta.loads where status <> 'skipped_duplicate' group by bron order by bron"
            ).fetchall()
        print(f"{'bron':<12} {'rijen':>11} {'sql s':>7} {'gx s':>6} {'piek GB':>8} {'bevindingen':>11}")
        totaal = [0.0, 0.0]
        for bron, run_id, rows in runs:
            uit = subprocess.run(
                [sys.executable, __file__, "--bron", str(copy), bron, run_id, str(work / "quality")],
                check=True,
                capture_output=True,
                text=True,
            )
            m = json.loads(uit.stdout.strip().splitlines()[-1])
            totaal = [totaal[0] + m["sql_s"], totaal[1] + m["gx_s"]]
            print(
                f"{bron:<12} {rows or 0:>11,} {m['sql_s']:>7.1f} {m['gx_s']:>6.1f} {m['piek_gb']:>8.2f} "
                f"{m['bevindingen']:>11}"
            )
        print(f"{'totaal':<12} {'':>11} {totaal[0]:>7.1f} {totaal[1]:>6.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def een_bron(warehouse: str, bron: str, run_id: str, docs_dir: str) -> dict:
    """The gate on one source's run, timed in its parts (run in a fresh process by main)."""
    import great_expectations  # noqa: F401  (import cost outside the timing)

    with duckdb.connect(warehouse) as con:
        started = time.perf_counter()
        controles = [
            poort.quarantaine_aandeel(con, bron, run_id),
            *poort.RULES.get(bron, lambda c, r: poort.sql_controles(c, bron, r))(con, run_id),
            *poort.volume_instorting(con, bron, run_id),
        ]
        sql = suites.sql_uitslagen(con, bron, SOURCE_TABLES[bron], run_id)
        sql_done = time.perf_counter()
        uitkomsten = suites.samenvoegen(sql, suites.gx_uitkomsten(con, bron, run_id, Path(docs_dir), sql))
        done = time.perf_counter()
    return {
        "sql_s": sql_done - started,
        "gx_s": done - sql_done,
        "piek_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
        "bevindingen": sum(not c.geslaagd for c in controles) + sum(not u.geslaagd for u in uitkomsten),
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bron"]:
        print(json.dumps(een_bron(*sys.argv[2:6])))
    else:
        main()
