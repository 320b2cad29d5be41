"""Publish: the validated serving tables become the read-only snapshot the dashboards open."""

from datetime import datetime

import dagster as dg

from pipelines import warehouse
from pipelines.assets.dbt import dbt_modellen
from pipelines.resources import POOL, StuurwielResource

# After the serving models (what the snapshot copies), which dbt itself orders after every other model.
SERVING = [key for key in dbt_modellen.keys if key.path[0] == "serving"]


@dg.asset(
    deps=SERVING,
    group_name="publicatie",
    pool=POOL,
    kinds={"duckdb"},
    description="Copies the serving schema into a new DuckDB file and swaps it in atomically.",
)
def serving_snapshot(context: dg.AssetExecutionContext, stuurwiel: StuurwielResource) -> dg.MaterializeResult:
    settings = stuurwiel.settings
    version = f"{datetime.now():%Y%m%d-%H%M%S}-{context.run.run_id[:8]}"
    rows = warehouse.publish(settings.warehouse_path, settings.serving_path, version)
    return dg.MaterializeResult(metadata={"versie": version, "rijen": rows, "pad": str(settings.serving_path)})
