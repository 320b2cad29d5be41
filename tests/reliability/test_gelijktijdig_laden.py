"""Two loads at once on one home are serialised, whichever starts first: a `stuurwiel load` and a run of the job
`laden` as `dagster dev` executes it (its run worker: `execute_job` with the job's own executor). Neither corrupts
the other: each delivery is recorded once, under its own run, and the quality snapshot holds both.

The loads are real processes on a fresh home with one small budget delivery each whose only row has a broken
amount, so the gate blocks it and the run ends before dbt (a load that publishes costs a full dbt build; the slot
spans the whole run either way). The first load's slot must hold the second off until the first has finished
entirely, and the second must say that it waits; without the slot their steps interleave. The slot itself (waiting,
refusing after STUURWIEL_LAADSLOT_WACHT seconds, nesting in one thread) is tested directly as well.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import warehouse
from pipelines.warehouse import LAADSLOT, LAADSLOT_WACHT_ENV, LoadBezig, laadslot

PROJECT_ROOT = Path(__file__).resolve().parents[2]
KOP = "\ufeffBegrotingsjaar;Gemeentecode;Taakveld;Soort;Wijzigingnummer;Datum;Bedrag\n"

_HOUD_VAST = """
import sys
from pathlib import Path
from pipelines.warehouse import laadslot
with laadslot(Path(sys.argv[1]), "stuurwiel load"):
    print("vast", flush=True)
    sys.stdin.read()
"""

# The run worker of `dagster dev`: the job from the code location, executed with its own executor in this
# process, on the files the load plan names (as the inbox sensor plans them).
_DAGSTER_RUN = """
import sys
import dagster as dg
from pipelines import laadplan


def laden():
    from pipelines.definitions import defs

    return defs.resolve_job_def(laadplan.JOB)


if __name__ == "__main__":
    from pipelines.definitions import defs

    plan = laadplan.maak([sys.argv[1]])
    with dg.DagsterInstance.get() as instance:
        result = dg.execute_job(
            dg.reconstructable(laden),
            instance,
            run_config=plan.run_config(),
            tags={"bron": "inbox"},
            raise_on_error=False,
            asset_selection=plan.selectie(defs.resolve_all_asset_keys()),
        )
        print("run", result.run_id, flush=True)
"""


# --- the slot itself --------------------------------------------------------------------------------------


@pytest.fixture
def houder(tmp_path):
    """Another process that holds the slot of tmp_path/data until its stdin closes."""
    data = tmp_path / "data"
    proces = subprocess.Popen(
        [sys.executable, "-c", _HOUD_VAST, str(data)],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proces.stdout.readline().strip() == "vast"
    yield data, proces
    proces.stdin.close()
    proces.wait(timeout=30)


def test_a_second_load_is_refused_with_a_dutch_message_naming_the_folder_and_the_holder(houder, monkeypatch):
    data, proces = houder
    monkeypatch.setenv(LAADSLOT_WACHT_ENV, "0")
    with pytest.raises(LoadBezig) as fout, laadslot(data, "stuurwiel load"):
        pytest.fail("the slot was taken while another process holds it")
    bericht = str(fout.value)
    assert str(data) in bericht and f"proces {proces.pid}" in bericht and "niet gestart" in bericht


def test_a_second_load_waits_until_the_first_is_done_and_says_so_once(houder, monkeypatch):
    data, proces = houder
    monkeypatch.delenv(LAADSLOT_WACHT_ENV, raising=False)
    gemeld: list[str] = []
    threading.Timer(1.5, proces.stdin.close).start()
    begin = time.monotonic()
    with laadslot(data, "stuurwiel load", gemeld.append):
        gewacht = time.monotonic() - begin
    assert gewacht >= 1.4  # until the first let go, not a moment before
    assert len(gemeld) == 1 and "wacht tot die klaar is" in gemeld[0] and f"proces {proces.pid}" in gemeld[0]


def test_the_slot_nests_in_one_thread_and_excludes_every_other_thread(tmp_path, monkeypatch):
    monkeypatch.setenv(LAADSLOT_WACHT_ENV, "0")
    fouten: list[BaseException] = []

    def ander():
        try:
            with laadslot(tmp_path, "Dagster-run"):
                pass
        except LoadBezig as exc:
            fouten.append(exc)

    with laadslot(tmp_path, "stuurwiel load"), laadslot(tmp_path, "Dagster-run"):  # the run's resource, nested
        draad = threading.Thread(target=ander)
        draad.start()
        draad.join()
    assert len(fouten) == 1
    with laadslot(tmp_path, "stuurwiel load"):  # released by the outer block, not by the nested one
        pass


def test_a_read_only_data_folder_stops_the_load_with_a_dutch_message(tmp_path, monkeypatch):
    def alleen_lezen(*args, **kwargs):
        raise PermissionError(13, os.strerror(13))

    monkeypatch.setattr(warehouse.os, "open", alleen_lezen)
    with pytest.raises(warehouse.DatamapFout) as fout, laadslot(tmp_path, "stuurwiel load"):
        pass
    assert str(tmp_path) in str(fout.value) and "alleen-lezen" in str(fout.value)


# --- two real loads ---------------------------------------------------------------------------------------


def _levering(folder: Path, nummer: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pad = folder / f"begroting_2025_wijziging_{nummer}.csv"
    pad.write_text(KOP + f"2025;0153;6.21;Begrotingswijziging;{nummer};01-06-2025;geen bedrag\n", encoding="utf-8")
    return pad


def _start(soort: str, levering: Path, home: Path, tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    dagster_home = tmp_path / f"dagster_{soort}"
    dagster_home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", dagster_home / "dagster.yaml")
    env = {**os.environ, "STUURWIEL_HOME": str(home), "DAGSTER_HOME": str(dagster_home)}
    env.pop("STUURWIEL_SERVING", None)
    env.pop(LAADSLOT_WACHT_ENV, None)
    if soort == "cli":
        command = [sys.executable, "-m", "pipelines.cli", "load", str(levering)]
    else:
        script = tmp_path / "dagster_run.py"
        script.write_text(_DAGSTER_RUN)
        command = [sys.executable, str(script), str(levering)]
    uit = tmp_path / f"{soort}.log"
    with uit.open("w") as log:
        proces = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return proces, dagster_home


def _wacht_tot_houder(slot: Path, wie: str, proces: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if slot.exists() and slot.read_text(errors="replace").startswith(wie):
            return
        assert proces.poll() is None, "the first load ended before it took the slot"
        time.sleep(0.2)
    pytest.fail(f"{wie} did not take the load slot within {timeout} s")


def _run(dagster_home: Path) -> tuple[str, float, float, list[str]]:
    """The one run of that instance: id, first step start, last step event, and its log messages."""
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        [run] = instance.get_runs()
        records = instance.all_logs(run.run_id)
    stappen = [
        r.timestamp
        for r in records
        if r.dagster_event is not None
        and r.dagster_event.step_key
        and not r.dagster_event.event_type_value.endswith("_PLANNED")  # recorded when the run is created
    ]
    berichten = [r.user_message for r in records]
    return run.run_id, min(stappen), max(stappen), berichten


@pytest.mark.parametrize("eerste", ["cli", "dagster"])
def test_a_cli_load_and_a_dagster_run_at_once_are_serialised_and_both_recorded_whole(tmp_path, eerste):
    tweede = "dagster" if eerste == "cli" else "cli"
    home = tmp_path / "home"
    leveringen = {eerste: _levering(tmp_path / "in_1", 901), tweede: _levering(tmp_path / "in_2", 902)}
    wie = {"cli": "stuurwiel load", "dagster": "Dagster-run"}
    een, dh_een = _start(eerste, leveringen[eerste], home, tmp_path)
    try:
        _wacht_tot_houder(home / "data" / LAADSLOT, wie[eerste], een)
        twee, dh_twee = _start(tweede, leveringen[tweede], home, tmp_path)
        een.wait(timeout=900)
        twee.wait(timeout=900)
    finally:
        for proces in (een, locals().get("twee")):
            if proces is not None and proces.poll() is None:
                proces.kill()
    logs = {s: (tmp_path / f"{s}.log").read_text() for s in (eerste, tweede)}
    codes = {eerste: een.returncode, tweede: twee.returncode}
    # Both ran to their end: the CLI with exit 1 for a blocked delivery, the run worker without an error.
    assert codes == {"cli": 1, "dagster": 0}, logs
    assert "poort dicht: begroting" in logs["cli"], logs["cli"]
    assert "Traceback" not in logs["cli"] + logs["dagster"], logs
    run_een, begin_een, eind_een, _ = _run(dh_een)
    run_twee, begin_twee, _, berichten_twee = _run(dh_twee)
    # Serialised: every step of the second ran after the last step of the first, and the second said it waited.
    assert begin_twee > eind_een, (begin_een, eind_een, begin_twee)
    wachtte = logs[tweede] if tweede == "cli" else "\n".join(berichten_twee)
    assert "deze load wacht tot die klaar is" in wachtte
    # Neither corrupted the other: each delivery once, under its own run, blocked by the gate for its own row.
    with duckdb.connect(str(home / "data" / "warehouse.duckdb"), read_only=True) as con:
        loads = con.execute("select run_id, bestand, poort from meta.loads order by geladen_op").fetchall()
        quarantaine = con.execute("select count(*) from meta.quarantaine").fetchone()[0]
    assert [(r, Path(b).name, p) for r, b, p in loads] == [
        (run_een, leveringen[eerste].name, "geblokkeerd"),
        (run_twee, leveringen[tweede].name, "geblokkeerd"),
    ]
    assert quarantaine == 2
    with duckdb.connect(str(home / "data" / "kwaliteit.duckdb"), read_only=True) as con:
        assert {r[0] for r in con.execute("select run_id from leveringen").fetchall()} == {run_een, run_twee}
        assert len({r[0] for r in con.execute("select comment from duckdb_tables()").fetchall()}) == 1
