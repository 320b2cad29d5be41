"""Files dropped in data/inbox/ start a load: every source asset takes what it recognises."""

import hashlib

import dagster as dg

from pipelines import ingest
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
    return dg.RunRequest(run_key=fingerprint, tags={"bron": "inbox", "bestanden": str(len(files))})
