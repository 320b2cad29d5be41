"""Council reports on schedule: a sensor asks reports/planning.py what is due and starts one run per report.

A polling sensor rather than a run-status sensor on `laden`: `stuurwiel load` and `stuurwiel accept` run the
load in their own process, outside the Dagster instance that `dagster dev` watches, and a report becomes due
when the data's clock passes a period's end, whoever published the snapshot. Reading the two small snapshots
every few minutes is cheap, and the run key names the snapshot version, so each report is asked for once
per snapshot; a run that failed is asked for again after the next publication.
"""

import dagster as dg

from pipelines.config import Settings
from pipelines.resources import StuurwielResource
from reports import planning
from reports.periode import parse

JOB = "rapporteren"
RUN_TAG = {"stuurwiel/werk": "rapport"}  # on every run of the job, so the instance can queue them


class RapportConfig(dg.Config):
    gebied: str  # GM0153 or REGIO
    periode: str  # 2025-Q3, 2025-H2 or 2025


# Its own pool (limit 1 by dagster.yaml's default): one PDF rendered at a time is enough for a small machine,
# and reports read only the published snapshot, so they never wait for the warehouse's writer. The pool
# limits rendering, not run processes; dagster.yaml queues the runs themselves by the job's tag
# (concurrency.runs.tag_concurrency_limits on RUN_TAG), so 16 due reports are 16 runs one after another.
@dg.op(pool="rapporten", description="Makes one council report (PDF, HTML) and stores it under data/reports/.")
def rapport_maken(context: dg.OpExecutionContext, config: RapportConfig, stuurwiel: StuurwielResource) -> str:
    # Imported here: rendering pulls in WeasyPrint and the chart code, which the code location need not load.
    from reports.maak import maak_en_bewaar

    map_ = maak_en_bewaar(config.gebied, parse(config.periode), settings=stuurwiel.settings, aanleiding="schema")
    context.log.info(f"rapport {config.gebied} {config.periode} bewaard in {map_}")
    return str(map_)


@dg.job(
    name=JOB, tags=RUN_TAG, description="One council report for a gebied and period; the sensor `rapporten` starts it."
)
def rapporteren():
    rapport_maken()


@dg.sensor(job=rapporteren, minimum_interval_seconds=300, default_status=dg.DefaultSensorStatus.RUNNING)
def rapporten(context: dg.SensorEvaluationContext):
    """One run per report that is due: a closed quarter or year whose data passed the gate."""
    besluit = planning.plan(Settings.from_env())
    for verzoek in besluit.niet_nu:
        context.log.debug(f"{verzoek.gebied} {verzoek.periode.code}: {verzoek.reden}")
    if not besluit.te_maken:
        return dg.SkipReason(besluit.samenvatting())
    return [
        dg.RunRequest(
            run_key=f"{v.gebied}-{v.periode.code}-{besluit.snapshot_versie}",
            run_config={"ops": {"rapport_maken": {"config": {"gebied": v.gebied, "periode": v.periode.code}}}},
            tags={"gebied": v.gebied, "periode": v.periode.code, "snapshot": str(besluit.snapshot_versie)},
        )
        for v in besluit.te_maken
    ]
