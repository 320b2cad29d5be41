"""One load, in process: plan the files, run the job `laden` with the plan, report what happened.

Used by `stuurwiel load` and `stuurwiel demo`, and by the end-to-end tests, so they exercise exactly the
path a user takes. The plan is the inbox sensor's (pipelines/laadplan.py). In-process execution is much
faster than the Dagster CLI (stack notes); with DAGSTER_HOME set (the Makefile sets it) the run is
recorded in that instance, so every load shows in the Dagster UI beside the sensor's runs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from pipelines import bouwstand, ingest, laadplan, migratie, regio
from pipelines.afgebroken import PROCES_TAG, process_id, release_dead_loads
from pipelines.config import PROJECT_ROOT, Settings
from pipelines.gate import kwaliteit
from pipelines.gate.staten import Poort, Reden, Status
from pipelines.warehouse import Warehouse, laadslot

SOURCE_NAMES = tuple(ingest.SOURCES)
# Dagster's console log would print a stack trace for every closed gate; the report says what failed.
_QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


@dataclass
class LoadReport:
    files: list[ingest.FileOutcome]
    published: bool
    snapshot_version: str | None
    seconds: float
    gate_failures: list[str] = field(default_factory=list)
    run_error: str | None = None
    steps_done: dict[str, float] = field(default_factory=dict)  # step -> seconds
    partities: dict[str, list[str]] = field(default_factory=dict)  # raw table -> monthly partitions loaded

    def as_json(self) -> dict:
        """What `stuurwiel load --json` prints: Dutch keys, as the summary table and meta.loads say them."""
        return {"bestanden": [f.as_json() for f in self.files], "gepubliceerd": self.published}

    @property
    def exit_code(self) -> int:
        clean = all(f.status in (Status.LOADED, Status.SKIPPED_DUPLICATE) for f in self.files)
        return 0 if clean and not self.gate_failures and not self.run_error else 1

    def per_source(self) -> list[dict]:
        """One line per source for the summary table: bron and ingest.summarise's totals."""
        return [
            {"bron": source, **ingest.summarise([f for f in self.files if f.source == source])}
            for source in sorted({f.source for f in self.files})
        ]

    def problems(self) -> list[str]:
        """What went wrong, one line each for the CLI; file names as ingest.toonbaar shows them (a warehouse an
        earlier release filled holds rejections whose message quotes the name as sent)."""
        rejected = [ingest.toonbaar(e["melding"]) for f in self.files if f.status == Status.REJECTED for e in f.errors]
        rules = Counter((f.path, e["controle"]) for f in self.files if f.status != Status.REJECTED for e in f.errors)
        quarantined = [
            f"{ingest.toonbaar(path)}: {n} regel(s) in quarantaine ({rule})" for (path, rule), n in rules.items()
        ]
        extra = [self.run_error] if self.run_error else []
        return rejected + quarantined + [f"poort dicht: {g}" for g in self.gate_failures] + extra


def load(
    paths: list[Path], forced_source: str | None = None, progress: Callable[[str], None] | None = None
) -> LoadReport:
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    settings = Settings.from_env()
    plan = laadplan.maak(paths, forced_source)
    say(plan.samenvatting())
    zonder_regio = regio.waarschuwing(settings)  # a broken region setting stops the load here, before any read
    if zonder_regio:
        say(zonder_regio)
    if plan.maanden:
        say(f"Maandpartities: {plan.maanden.start[:7]} t/m {plan.maanden.end[:7]}")
    say("Pijplijn: bronnen lezen -> kwaliteitspoort -> dbt build -> publiceren ...")
    _forward_progress(say)
    # One load per home at a time, held until the report has read what this load wrote (the run's resource
    # takes the same slot again, nested; a run of `dagster dev` takes it there alone).
    with laadslot(settings.data_dir, "stuurwiel load", say):
        return _run(plan, settings, say, progress, started)


def _run(
    plan: laadplan.LoadPlan,
    settings: Settings,
    say: Callable[[str], None],
    progress: Callable[[str], None] | None,
    started: float,
) -> LoadReport:
    from pipelines.definitions import defs  # heavy (dbt, dagster): only when a load really runs

    job = defs.resolve_job_def(laadplan.JOB)
    migratie.bijwerken(settings.warehouse_path, say)  # before planning: a rewritten warehouse is rebuilt whole
    # dbt prints every node to stdout; keep that in a log file so stdout stays ours (--json).
    log_path = settings.data_dir / "logs" / "laatste-load.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with (
        instance_for_load(progress) as instance,
        open(log_path, "w", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
    ):
        release_dead_loads(instance, say)
        proces = process_id()
        result = job.execute_in_process(
            run_config={**_QUIET_LOGS, **plan.run_config()},
            instance=instance,
            raise_on_error=False,
            tags={"bron": "stuurwiel load", **({PROCES_TAG: proces} if proces else {}), **plan.tags()},
            asset_selection=plan.selectie(defs.resolve_all_asset_keys()),
        )
    for event in result.get_step_success_events():
        say(f"  {event.step_key}: klaar ({event.event_specific_data.duration_ms / 1000:.1f} s)")
    return _report(Warehouse(settings.warehouse_path), result, time.perf_counter() - started)


def instance_for_load(progress: Callable[[str], None] | None = None) -> dg.DagsterInstance:
    """The Dagster instance in DAGSTER_HOME, so the load shows in the UI; without it a throwaway one."""
    home = os.environ.get("DAGSTER_HOME")
    if home:
        config = Path(home) / "dagster.yaml"
        if not config.exists():  # as the Makefile does: the project's instance settings (pools, telemetry)
            config.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(PROJECT_ROOT / "dagster.yaml", config)
        return dg.DagsterInstance.get()
    message = (
        "Let op: DAGSTER_HOME is niet gezet; deze load draait op een tijdelijke Dagster-instantie en "
        "verschijnt niet in de Dagster-UI (`make` zet DAGSTER_HOME=data/dagster_home)."
    )
    (progress or (lambda m: print(m, file=sys.stderr)))(message)
    return dg.DagsterInstance.ephemeral()


class AcceptError(ValueError):
    """The operator named a delivery that does not exist or was not blocked."""


def accept(load_ids: list[str], reason: str, door: str, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Release deliveries the gate blocked, record who did it and why, and rebuild and publish.

    Nothing is re-read: the rows have been in raw all along, staging simply starts reading them.
    """
    if not reason.strip():
        raise AcceptError("een reden is verplicht")
    settings = Settings.from_env()
    with laadslot(settings.data_dir, "stuurwiel accept", progress):
        return _accept(Warehouse(settings.warehouse_path), load_ids, reason, door, progress)


def _accept(
    store: Warehouse, load_ids: list[str], reason: str, door: str, progress: Callable[[str], None] | None
) -> LoadReport:
    migratie.bijwerken(store.path, progress)
    store.ensure_schema()
    with store.connect() as con:
        found = dict(
            con.execute(
                "select load_id, poort from meta.loads where load_id in (select unnest($ids))",
                {"ids": load_ids},
            ).fetchall()
        )
        wrong = [i for i in load_ids if found.get(i) != Poort.GEBLOKKEERD]
        if wrong:
            raise AcceptError(
                "niet geblokkeerd of onbekend: " + ", ".join(f"{i} ({found.get(i, 'bestaat niet')})" for i in wrong)
            )
        bouwstand.vergeten(Settings.from_env())  # staging reads what the gate let through: all is rebuilt
        con.execute("begin transaction")
        con.execute(
            "update meta.loads set poort = $poort where load_id in (select unnest($ids))",
            {"poort": Poort.DOORGELATEN, "ids": load_ids},
        )
        con.execute(
            "insert into meta.acceptaties select unnest($ids), $reden, $door, now()::timestamp",
            {"ids": load_ids, "reden": reason, "door": door},
        )
        con.execute(
            "insert into meta.poortcontroles by name select distinct run_id, bron, 'handmatig_geaccepteerd' as "
            "controle, true as geslaagd, $melding as melding, now()::timestamp as gecontroleerd_op "
            "from meta.loads where load_id in (select unnest($ids))",
            {"ids": load_ids, "melding": f"geaccepteerd door {door}: {reason}"},
        )
        con.execute("commit")
        kwaliteit.publish(con, Settings.from_env().kwaliteit_path)
    return load([], progress=progress)


def _forward_progress(say: Callable[[str], None]) -> None:
    """Send the assets' progress lines (logger 'stuurwiel') to the caller, once."""
    logger = logging.getLogger("stuurwiel")
    logger.setLevel(logging.INFO)
    logger.handlers = [_CallbackHandler(say)]
    logger.propagate = False


class _CallbackHandler(logging.Handler):
    def __init__(self, say: Callable[[str], None]):
        super().__init__()
        self.say = say

    def emit(self, record: logging.LogRecord) -> None:
        self.say(record.getMessage())


def _report(store: Warehouse, result: dg.ExecuteInProcessResult, seconds: float) -> LoadReport:
    snapshot = [m for m in result.get_asset_materialization_events() if m.asset_key == dg.AssetKey("serving_snapshot")]
    version = snapshot[0].materialization.metadata["versie"].value if snapshot else None
    store.ensure_schema()  # a run that failed before any source step still gets a report
    with store.connect(read_only=True) as con:
        files = _outcomes(con, result.run_id)
        gate = [
            f"{bron}: {melding}"
            for bron, melding in con.execute(
                "select bron, melding from meta.poortcontroles where run_id = ? and not geslaagd", [result.run_id]
            ).fetchall()
        ]
    failure = None if result.success or gate else _first_failure(result)
    steps = {e.step_key: e.event_specific_data.duration_ms / 1000 for e in result.get_step_success_events()}
    partitions: dict[str, list[str]] = {}
    for event in result.get_asset_materialization_events():
        if event.partition:
            partitions.setdefault(event.asset_key.path[-1], []).append(event.partition)
    return LoadReport(
        files,
        bool(snapshot),
        version,
        seconds,
        gate,
        failure,
        steps,
        {table: sorted(keys) for table, keys in partitions.items()},
    )


def _outcomes(con, run_id: str) -> list[ingest.FileOutcome]:
    loads = con.execute(
        "select load_id, bestand, bron, status, rijen_in, rijen_geladen, rijen_quarantaine, melding, poort, reden "
        "from meta.loads where run_id = ? order by geladen_op",
        [run_id],
    ).fetchall()
    errors: dict[str, list[dict]] = {}
    for load_id, line, rule, message in con.execute(
        "select q.load_id, q.regelnummer, q.controle, q.melding from meta.quarantaine q "
        "join meta.loads l using (load_id) where l.run_id = ? order by q.load_id, q.regelnummer",
        [run_id],
    ).fetchall():
        errors.setdefault(load_id, []).append(ingest.error(line, rule, message))
    outcomes = []
    for load_id, path, source, status, rows_in, loaded, quarantined, melding, poort, reden in loads:
        errs = errors.get(load_id, [])
        if status == Status.REJECTED:
            errs = [ingest.error(None, reden or Reden.BESTAND_ONLEESBAAR, melding)]
        outcomes.append(
            ingest.FileOutcome(path, source, Status(status), rows_in, loaded, quarantined, errs, load_id, Poort(poort))
        )
    return outcomes


def _first_failure(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure:
            return f"stap {event.step_key} mislukt: {_eigen_woorden(event.event_specific_data.error)}"
    return "de run is mislukt"


def _eigen_woorden(error) -> str:
    """The innermost error's own message (a full data folder, say), not Dagster's wrapper around it."""
    while error.cause is not None:
        error = error.cause
    kop, _, rest = error.message.strip().partition(": ")
    return rest if kop.endswith(error.cls_name) else error.message.strip()
