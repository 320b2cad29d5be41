"""One asset per source: read delivered files into the raw schema, then close or open the gate.

The reading is done by pipelines/ingest.py and the rules by pipelines/checks/poort.py; this module
only wires them into Dagster. The gate is a blocking asset check: when it fails, the step fails and
neither dbt nor the publish step runs.
"""

import logging
from pathlib import Path

import dagster as dg

from pipelines import ingest
from pipelines.checks import kwaliteit, poort
from pipelines.resources import POOL, StuurwielResource


# Progress for people running `stuurwiel load`: the CLI prints this logger; Dagster keeps its own logs.
progress = logging.getLogger("stuurwiel")
PROGRESS_EVERY = 25  # files


# The ledger gate reconciles spend with the granted 325 amounts and the contracts: load those first.
AFHANKELIJK = {"grootboek": ("berichten_declaratie_antwoord", "aanbieder_contracten")}


class LoadConfig(dg.Config):
    paths: list[str] = []  # files of this source to load
    inbox: bool = True  # also load every file of this source waiting in data/inbox/


def build_source_asset(source: str) -> dg.AssetsDefinition:
    keys = [dg.AssetKey(["raw", table]) for table in ingest.SOURCE_TABLES[source]]
    check = dg.AssetCheckSpec("poort", asset=keys[0], blocking=True,
                              description=f"Delivery gate for {source}: quarantine share and SQL rules.")

    @dg.multi_asset(
        name=f"raw_{source}",
        specs=[dg.AssetSpec(key, group_name="bronnen", kinds={"duckdb"},
                            deps=[dg.AssetKey(["raw", t]) for t in AFHANKELIJK.get(source, ())]) for key in keys],
        check_specs=[check],
        pool=POOL,
        description=f"Loads delivered files of source '{source}' into the raw schema.",
    )
    def _load(context: dg.AssetExecutionContext, config: LoadConfig, stuurwiel: StuurwielResource):
        settings = stuurwiel.settings
        waiting = _waiting_in_inbox(settings.inbox_dir, source) if config.inbox else []
        files = ingest.expand(config.paths) + waiting
        store = stuurwiel.warehouse()
        store.ensure_schema()
        pseudonymiser = stuurwiel.pseudonymiser()
        outcomes = []
        with store.connect() as con:
            stream = ingest.ingest_files(con, source, files, pseudonymiser, context.run.run_id, settings.archive_dir)
            for number, outcome in enumerate(stream, start=1):
                context.log.info(f"{outcome.path}: {outcome.status}, {outcome.rows_loaded} geladen, "
                                 f"{outcome.rows_quarantined} in quarantaine")
                outcomes.append(outcome)
                if number % PROGRESS_EVERY == 0 or number == len(files):
                    geladen = f"{sum(o.rows_loaded for o in outcomes):,}".replace(",", ".")
                    progress.info(f"  {source}: {number}/{len(files)} bestanden, {geladen} rijen geladen")
            result = poort.gate_result(con, source, context.run.run_id, check, settings.quality_dir)
            kwaliteit.publish(con, settings.kwaliteit_path)
        for path in waiting:
            path.unlink()  # archived by ingest_file; the inbox only holds what still waits
        for key in keys:
            yield dg.MaterializeResult(asset_key=key, metadata=_summary(outcomes))
        yield result

    return _load


def _waiting_in_inbox(inbox: Path, source: str) -> list[Path]:
    return [p for p in ingest.expand([inbox]) if ingest.detect_source(p) == source] if inbox.exists() else []


def _summary(outcomes: list[ingest.FileOutcome]) -> dict:
    return {
        "bestanden": len(outcomes),
        "rijen_in": sum(o.rows_in for o in outcomes),
        "rijen_geladen": sum(o.rows_loaded for o in outcomes),
        "rijen_quarantaine": sum(o.rows_quarantined for o in outcomes),
        "afgewezen": sum(o.status == "rejected" for o in outcomes),
    }


source_assets = [build_source_asset(name) for name in ingest.SOURCES]
