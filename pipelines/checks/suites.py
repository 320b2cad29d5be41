"""Great Expectations suites (expectations/<source>.json) run on the deliveries of one run.

GX 1.x has no DuckDB data source (stack notes), so the run's rows are fetched as one pandas batch.
Only sources with a suite file are validated; the large message source is gated by SQL rules instead,
until its suites validate per month (issue 4).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from pipelines.config import PROJECT_ROOT

SUITES_DIR = PROJECT_ROOT / "expectations"


def suite_path(source: str, table: str | None = None) -> Path:
    """expectations/<source>/<table>.json for a source with several tables of their own shape
    (the case-system export), else expectations/<source>.json."""
    per_table = SUITES_DIR / source / f"{table}.json"
    return per_table if table is not None and per_table.exists() else SUITES_DIR / f"{source}.json"


def validate(con: duckdb.DuckDBPyConnection, source: str, table: str, run_id: str) -> list[tuple[str, bool, float, str]]:
    """(naam, geslaagd, afwijkend, melding) per expectation, for this run's rows of `table`."""
    path = suite_path(source, table)
    if not path.exists():
        return []
    rows = con.execute(
        f"select * from raw.{table} where _load_id in "
        "(select load_id from meta.loads where run_id = ? and bron = ? and status <> 'rejected')",
        [run_id, source],
    ).df()
    if rows.empty:
        return []
    return [_outcome(r) for r in _run_suite(path, rows).results]


def _run_suite(path: Path, rows):
    import great_expectations as gx  # about 4 s to import: only when a suite really runs
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    suite = gx.ExpectationSuite(**json.loads(path.read_text(encoding="utf-8")))
    batch = (context.data_sources.add_pandas("levering").add_dataframe_asset("rijen")
             .add_batch_definition_whole_dataframe("geheel").get_batch(batch_parameters={"dataframe": rows}))
    return batch.validate(suite)


def _outcome(result) -> tuple[str, bool, float, str]:
    config = result.expectation_config
    column = config.kwargs.get("column") or config.kwargs.get("column_A")
    naam = f"gx:{config.type}" + (f":{column}" if column else "")
    afwijkend = float(result.result.get("unexpected_count") or 0)
    if result.success:
        return naam, True, afwijkend, "geslaagd"
    voorbeelden = ", ".join(map(str, (result.result.get("partial_unexpected_list") or [])[:3]))
    melding = (f"{config.type} op {column}: {int(afwijkend)} afwijkende waarde(n), bijvoorbeeld {voorbeelden}"
               if column else f"{config.type}: {json.dumps(result.result, default=str)[:200]}")
    return naam, False, afwijkend, melding
