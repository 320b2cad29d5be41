"""One asset per source: read delivered files into the raw schema, then close or open the gate.

The reading is done by pipelines/ingest.py and the rules by pipelines/checks/poort.py; this module
only wires them into Dagster. The gate is a blocking asset check: when it fails, the step fails and
neither dbt nor the publish step runs.
"""

import logging
from pathlib import Path

import dagster as dg

from pipelines import ingest, partities
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
    periodic = source in ingest.PERIODIC

    @dg.multi_asset(
        name=f"raw_{source}",
        specs=[dg.AssetSpec(key, group_name="bronnen", kinds={"duckdb"},
                            deps=[dg.AssetKey(["raw", t]) for t in AFHANKELIJK.get(source, ())]) for key in keys],
        check_specs=[check],
        pool=POOL,
        partitions_def=partities.MAANDEN if periodic else None,
        backfill_policy=dg.BackfillPolicy.single_run() if periodic else None,
        description=f"Loads delivered files of source '{source}' into the raw schema"
                    + (", one monthly partition per month the deliveries are about." if periodic else "."),
    )
    def _load(context: dg.AssetExecutionContext, config: LoadConfig, stuurwiel: StuurwielResource):
        settings = stuurwiel.settings
        window = context.partition_time_window if periodic else None
        waiting = _waiting_in_inbox(settings.inbox_dir, source, window) if config.inbox else []
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
            metadata = _summary(outcomes)
            if window is not None:
                metadata["maanden"] = _months_loaded(context, con, source, window)
            result = poort.gate_result(con, source, context.run.run_id, check, settings.quality_dir)
            kwaliteit.publish(con, settings.kwaliteit_path)
        for path in waiting:
            path.unlink()  # archived by ingest_file; the inbox only holds what still waits
        for key in keys:
            yield dg.MaterializeResult(asset_key=key, metadata=metadata)
        yield result

    return _load


def _waiting_in_inbox(inbox: Path, source: str, window: dg.TimeWindow | None) -> list[Path]:
    """This source's files in the inbox; for a periodic source only those about the run's months."""
    if not inbox.exists():
        return []
    mine = [p for p in ingest.expand([inbox]) if ingest.detect_source(p) == source]
    return mine if window is None else [p for p in mine if partities.in_window(ingest.periode(source, p), window)]


def _months_loaded(context: dg.AssetExecutionContext, con, source: str, window: dg.TimeWindow) -> str:
    """The months the loaded rows are really about; a warning when they fall outside the run's window,
    which was estimated from a quick look at the files."""
    union = " union all ".join(
        f"select min({poort.MAAND_KOLOM[t]}) as eerste, max({poort.MAAND_KOLOM[t]}) as laatste from raw.{t} "
        f"where _load_id in (select load_id from meta.loads where run_id = $run)"
        for t in ingest.SOURCE_TABLES[source]
    )
    eerste, laatste = con.execute(f"select min(eerste), max(laatste) from ({union})",
                                  {"run": context.run.run_id}).fetchone()
    if eerste is None:
        return "geen rijen"
    if eerste < window.start.date() or laatste >= window.end.date():
        context.log.warning(f"{source}: rijen over {eerste:%m-%Y} t/m {laatste:%m-%Y}, buiten de partities "
                            f"{window.start:%m-%Y} tot {window.end:%m-%Y} van deze run")
    return f"{eerste:%d-%m-%Y} t/m {laatste:%d-%m-%Y}"


def _summary(outcomes: list[ingest.FileOutcome]) -> dict:
    return {
        "bestanden": len(outcomes),
        "rijen_in": sum(o.rows_in for o in outcomes),
        "rijen_geladen": sum(o.rows_loaded for o in outcomes),
        "rijen_quarantaine": sum(o.rows_quarantined for o in outcomes),
        "afgewezen": sum(o.status == "rejected" for o in outcomes),
    }


source_assets = [build_source_asset(name) for name in ingest.SOURCES]
