"""Runs whose process died (SIGKILL, power lost, out of memory): recognised, marked failed, their slot freed.

A load killed mid-run leaves its Dagster run STARTED and holding the only slot of the pool "warehouse", so every
later load would wait for that slot forever; and the inbox sensor would never ask again for the files that run
was loading, because their run key was used. No Dagster daemon watches a CLI run, and Dagster's own run
monitoring cannot check a worker of the default run launcher, so each run names its process in a tag and the next
load, or the next evaluation of the inbox sensor, checks whether that process still exists.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import dagster as dg

# Names the process that runs a load: host, pid and the process's start time.
PROCES_TAG = "stuurwiel/proces"
# Set on a run this module marked failed, so the sensor can give its files a new run key (and only then: a run
# that failed on its own must not be retried every 30 seconds).
AFGEBROKEN_TAG = "stuurwiel/afgebroken"


def process_id(pid: int | None = None) -> str | None:
    """Host, pid and the process's start time (Linux /proc): a pid the system hands out again names another
    process. None where /proc is missing: such runs are not released automatically."""
    pid = os.getpid() if pid is None else pid
    try:
        start = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None
    return f"{socket.gethostname()}:{pid}:{start}"


def tag_run(instance: dg.DagsterInstance, run_id: str) -> None:
    """Name this process on a run that Dagster started (dagster dev), as `stuurwiel load` does on its own."""
    proces = process_id()
    if proces:
        instance.add_run_tags(run_id, {PROCES_TAG: proces})


def release_dead_loads(instance: dg.DagsterInstance, say: Callable[[str], None]) -> None:
    """Mark the unfinished runs of this host whose process died as failed, and free their pool slots."""
    storage = instance.event_log_storage
    held = storage.get_concurrency_run_ids() if storage.supports_global_concurrency_limits else set()
    unfinished = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))
    runs = {r.run_id: r for r in unfinished}
    if held:
        runs.update({r.run_id: r for r in instance.get_runs(filters=dg.RunsFilter(run_ids=list(held)))})
    host = socket.gethostname()
    for run in runs.values():
        tag = run.tags.get(PROCES_TAG, "")
        if not tag.startswith(f"{host}:") or process_id(int(tag.split(":")[1])) == tag:
            continue  # another host's, untagged, or still running
        if not run.is_finished:
            instance.add_run_tags(run.run_id, {AFGEBROKEN_TAG: "ja"})
            instance.report_run_failed(run, "het proces van deze load bestaat niet meer (afgebroken)")
            say(f"Vorige load {run.run_id[:8]} is afgebroken (het proces bestaat niet meer): als mislukt gemarkeerd.")
        if run.run_id in held:
            storage.free_concurrency_slots_for_run(run.run_id)
