"""Files dropped in data/inbox/ start a load: the same load plan as `stuurwiel load`, the same job.

Only files whose transfer is over are taken (laadplan.inbox_klaar, docs/deployment.md): a file still being copied
in is left for a later evaluation, so it is never loaded half.
"""

import hashlib

import dagster as dg

from pipelines import afgebroken, ingest, laadplan
from pipelines.config import Settings

VINGERAFDRUK = "stuurwiel/inbox"  # the waiting files a run was asked for


@dg.sensor(job_name=laadplan.JOB, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox(context: dg.SensorEvaluationContext):
    inbox_dir = Settings.from_env().inbox_dir
    files = laadplan.inbox_klaar(inbox_dir)
    if not files:
        waiting = len(ingest.expand([inbox_dir])) if inbox_dir.exists() else 0
        return dg.SkipReason(
            f"{waiting} bestand(en) in {inbox_dir} nog in overdracht" if waiting else f"niets in {inbox_dir}"
        )
    # The same set of waiting files never starts a second run, unless the run for them died: then they get the
    # next attempt's key (a run that failed on its own is not retried every 30 seconds).
    fingerprint = hashlib.sha256(
        "\n".join(f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files).encode()
    ).hexdigest()
    afgebroken.release_dead_loads(context.instance, context.log.warning)
    dood = context.instance.get_runs_count(
        filters=dg.RunsFilter(tags={VINGERAFDRUK: fingerprint, afgebroken.AFGEBROKEN_TAG: "ja"})
    )
    # One run over every month the waiting deliveries are about (a single-run backfill), so a backlog
    # of months costs one dbt build and one publish, not one per month.
    plan = laadplan.maak(files)
    repository = context.repository_def
    alle = repository.asset_graph.get_all_asset_keys() if repository is not None else None
    return dg.RunRequest(
        run_key=f"{fingerprint}:{dood}" if dood else fingerprint,
        run_config=plan.run_config(),
        tags={"bron": "inbox", "bestanden": str(len(files)), VINGERAFDRUK: fingerprint, **plan.tags()},
        asset_selection=plan.selectie(alle) if alle is not None else None,
    )
