"""Benchmark 3, Transform: the pipeline's dbt build against the same compiled SQL run directly in DuckDB.

    .venv/bin/python -m benchmarks.transform --home DIR [--werkmap DIR]

Input: a loaded home. Under the runner (benchmarks/bench.py) that is ``ctx.werkmap / 'home'``, which the runner
loads before any benchmark runs; alone, ``--home`` names one (``stuurwiel load`` into STUURWIEL_HOME=DIR). The
loaded home is never written: its warehouse is copied twice into ``<werkmap>/transform/``.

- **dbt**: the dbt step as a full load runs it (dagster-dbt's ``DbtCliResource.cli``, ``dbt build --full-refresh``
  without unit tests, the home's stable target folder) on the first copy, after one untimed ``dbt parse`` there: a
  home's every load after its first finds its partial-parse cache (pipelines/bouwstand.py). Wall time, process
  start, parse, models, data tests and artifacts included.
- **direct**: every model and data test of that build, from its compiled SQL in run_results.json, executed in
  dependency order on the second copy in one DuckDB connection with the build's memory cap
  (``create or replace table|view ... as``; a test as ``select count(*)`` of its query). Seeds are already in the
  copy, as in the warehouse.

Ratio = dbt / direct; goal at most 1.5 (issue 14, at land scale).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from benchmarks.laden import thuis
from benchmarks.meting import BenchContext, Meting
from pipelines.warehouse import duckdb_config

DOEL = 1.5


def meet(ctx: BenchContext) -> list[Meting]:
    werk = ctx.werkmap / "transform"
    if werk.exists():
        shutil.rmtree(werk)
    # Named as the warehouse: the compiled SQL names its relations "warehouse"."schema"."table".
    dbt_home, direct = werk / "dbt-home", werk / "direct" / "warehouse.duckdb"
    warehouse = ctx.werkmap / "home" / "data" / "warehouse.duckdb"
    (dbt_home / "data").mkdir(parents=True)
    direct.parent.mkdir()
    shutil.copy(warehouse, dbt_home / "data" / "warehouse.duckdb")
    shutil.copy(warehouse, direct)

    with thuis(dbt_home):
        from pipelines.assets.dbt import BUILD, DBT_EXECUTABLE, dbt_resource
        from pipelines.bouwstand import target_dir
        from pipelines.config import DBT_PROJECT_DIR, Settings

        target = target_dir(Settings.from_env())
        parse_s = _dbt_parse(DBT_EXECUTABLE, DBT_PROJECT_DIR, target)
        start = time.perf_counter()
        dbt_resource.cli([*BUILD, "--full-refresh"], target_path=target).wait()  # as a full load (assets/dbt.py)
        dbt_s = time.perf_counter() - start
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    direct_s, knopen = _direct(direct, results, manifest)
    binnen_dbt = sum(r["execution_time"] for r in results)
    shutil.rmtree(werk)  # two copies of the warehouse: at land tens of GB the next benchmarks need
    return [
        Meting(
            3,
            "Transform: dbt build",
            dbt_s,
            "s",
            direct_s,
            "the same compiled SQL run directly in DuckDB",
            dbt_s / direct_s,
            f"<= {DOEL}",
            dbt_s / direct_s <= DOEL,
            f"{knopen} models and tests; node time inside dbt {binnen_dbt:.1f} s (summed over its 2 threads); "
            f"untimed first parse in the copy's home {parse_s:.1f} s (a full parse: new profile path)",
        )
    ]


def _dbt_parse(dbt: str, project: Path, target: Path) -> float:
    """One `dbt parse` into the home's target, so the timed build finds its cache as a load does."""
    start = time.perf_counter()
    subprocess.run(
        [dbt, "parse", "--quiet", "--project-dir", str(project), "--profiles-dir", str(project)],
        check=True,
        env={**os.environ, "DBT_TARGET_PATH": str(target), "DBT_LOG_PATH": str(target)},
    )
    return time.perf_counter() - start


def _direct(pad: Path, results: list[dict], manifest: dict) -> tuple[float, int]:
    """Run each built node's compiled SQL in dependency order; returns (seconds, nodes run)."""
    gebouwd = {r["unique_id"]: r for r in results if r["unique_id"].split(".")[0] in ("model", "test")}
    volgorde = TopologicalSorter(
        {uid: [d for d in manifest["nodes"][uid]["depends_on"]["nodes"] if d in gebouwd] for uid in gebouwd}
    ).static_order()
    statements = [(uid, _statement(manifest["nodes"][uid], gebouwd[uid])) for uid in volgorde]
    # The cap dbt's profile gives the build (memory_limit, spilling beside the file): without it DuckDB takes 80 %
    # of the machine, and at land a model then fails where the build spills.
    con = duckdb.connect(str(pad), config=duckdb_config(pad.parent))
    try:
        start = time.perf_counter()
        for uid, sql in statements:
            try:
                con.execute(sql).fetchall()
            except duckdb.Error as exc:
                raise RuntimeError(f"direct run of {uid} failed: {exc}") from exc
        return time.perf_counter() - start, len(statements)
    finally:
        con.close()


def _statement(node: dict, result: dict) -> str:
    code = result["compiled_code"]
    if node["resource_type"] == "test":
        return f"select count(*) from ({code}\n) as t"
    soort = "view" if node["config"]["materialized"] == "view" else "table"
    return f"create or replace {soort} {result['relation_name']} as (\n{code}\n)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a loaded STUURWIEL_HOME (read only)")
    parser.add_argument("--werkmap", type=Path, default=Path("/tmp/bench-transform"))
    args = parser.parse_args()
    args.werkmap.mkdir(parents=True, exist_ok=True)
    thuis_link = args.werkmap / "home"
    if not thuis_link.exists():
        thuis_link.symlink_to(args.home.resolve())
    for m in meet(BenchContext("?", Path(), args.werkmap)):
        print(
            f"{m.naam}: {m.waarde:.1f} s, direct {m.referentie:.1f} s, ratio {m.ratio:.2f} ({m.doel}); {m.toelichting}"
        )


if __name__ == "__main__":
    main()
