"""Files dropped in data/inbox/ start a load: every source asset takes what it recognises."""

import hashlib

import dagster as dg

from pipelines import ingest, partities
from pipelines.config import Settings

laden = dg.define_asset_job(
    "laden", selection=dg.AssetSelection.all(),
    description="Load whatever waits in data/inbox/: gate, dbt build, publish.",
)


@dg.sensor(job=laden, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox(context: dg.SensorEvaluationContext):
    inbox_dir = Settings.from_env().inbox_dir
    files = ingest.expand([inbox_dir]) if inbox_dir.exists() else []
    if not files:
        return dg.SkipReason(f"niets in {inbox_dir}")
    # The same set of waiting files never starts a second run.
    fingerprint = hashlib.sha256(
        "\n".join(f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files).encode()
    ).hexdigest()
    tags = {"bron": "inbox", "bestanden": str(len(files))}
    # One run over every month the waiting deliveries are about (a single-run backfill), so a backlog
    # of months costs one dbt build and one publish, not one per month.
    from pipelines.definitions import defs  # the definitions import this module

    waiting = [(ingest.detect_source(f), f) for f in files]
    window = partities.bereik(waiting)
    return dg.RunRequest(run_key=fingerprint, tags={**tags, **(partities.tags(window) if window else {})},
                         asset_selection=partities.selectie(defs, {source for source, _ in waiting}))
