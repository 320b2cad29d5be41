"""Files rejected whole (unreadable, or no source recognises them) are recorded once: a load killed after it
recorded them, rerun with the same delivery, leaves exactly the records of an uninterrupted load, as the good files
of that delivery do (issue 15, crash safety).

The kill is simulated at each point that matters: after some files were committed, after all of them were but before
the gate judged the run, and after the gate (while dbt would run). The rerun is the whole step again."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipelines import ingest
from pipelines.archief import Archief
from pipelines.gate import kwaliteit, poort
from pipelines.privacy import Pseudonymiser
from pipelines.warehouse import Warehouse

PSEUDONYMISER = Pseudonymiser(b"r" * 32)
KOP = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;Crediteurnummer;Crediteurnaam;Omschrijving;"
    "Bedrag\n"
)
BOEKING = "2024;15-03-2024;0153;6.71b;3.4.1;KP1;C1;Zorg BV;Begeleiding;1.234,56\n"
# What names a run or a moment, not what was recorded.
PER_LOAD = "load_id, run_id, geladen_op"
LOADS = (
    "select bron, bestand, sha256, rijen_in, rijen_geladen, rijen_quarantaine, status, poort, reden, melding "
    "from meta.loads where status <> 'skipped_duplicate' order by all"
)


class _Gedood(BaseException):
    """The load's process ends here (SIGKILL): nothing after this point runs."""


def _delivery(folder: Path) -> list[Path]:
    """Good ledger files and two files their reader refuses whole, one of them first."""
    folder.mkdir()
    files = {
        "a_kop_kapot.csv": KOP.replace(";Taakveld", "\r;Taakveld") + BOEKING,
        "b_goed.csv": KOP + BOEKING,
        "c_veld_te_lang.csv": KOP + BOEKING.replace("Begeleiding", "x" * (1 << 20)),
        "d_goed.csv": KOP + BOEKING.replace("Begeleiding", "Vervoer"),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def _step(store: Warehouse, archief: Archief, paths: list[Path], run_id: str, kill: str | None = None) -> None:
    """The source step as pipelines/assets/leveringen.py runs it (ingest, then the gate's verdict), killed at
    ``kill``: 'na_eerste' (the first file, a rejected one, committed), 'voor_poort' (all committed, not judged),
    'na_poort' (judged; dbt would run now)."""
    with store.connect() as con:
        for number, _ in enumerate(ingest.ingest_files(con, "grootboek", paths, PSEUDONYMISER, run_id, archief), 1):
            if kill == "na_eerste" and number == 1:
                raise _Gedood
        if kill == "voor_poort":
            raise _Gedood
        poort.apply_verdict(con, "grootboek", run_id, [])
    if kill == "na_poort":
        raise _Gedood


def _loads(store: Warehouse) -> list[tuple]:
    with store.connect(read_only=True) as con:
        return con.execute(LOADS).fetchall()


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    """Every file its own transaction, so a kill can fall between two files' commits; read in this process (no
    worker processes to start for a few lines)."""
    monkeypatch.setattr(ingest, "BATCH_ROWS", 1)
    monkeypatch.setattr(ingest.os, "cpu_count", lambda: 1)


@pytest.mark.parametrize("kill", ["na_eerste", "voor_poort", "na_poort"])
def test_a_rerun_after_a_kill_records_each_rejected_file_once_as_an_uninterrupted_load(tmp_path, small_batches, kill):
    paths = _delivery(tmp_path / "levering")
    archief = Archief(tmp_path / "archief", b"a" * 32)
    schoon, herstart = Warehouse(tmp_path / "schoon.duckdb"), Warehouse(tmp_path / "herstart.duckdb")
    for store in (schoon, herstart):
        store.ensure_schema()
    _step(schoon, archief, paths, "run-schoon")
    with pytest.raises(_Gedood):
        _step(herstart, archief, paths, "run-gedood", kill)
    _step(herstart, archief, paths, "run-herstart")
    expected = _loads(schoon)
    assert [r[6] for r in expected].count("rejected") == 2
    assert _loads(herstart) == expected
    with herstart.connect(read_only=True) as con:  # and the rerun's report lists them, as the clean run's does
        rejected = con.execute(
            "select count(*) from meta.loads where run_id = 'run-herstart' and status = 'rejected'"
        ).fetchone()
    assert rejected == (2,)


def test_a_rejected_file_that_a_newer_reader_can_read_is_loaded_when_sent_again(tmp_path):
    """Recorded once per content and reason, but read again every time: a rejection is never final."""
    store = Warehouse(tmp_path / "warehouse.duckdb")
    store.ensure_schema()
    archief = Archief(tmp_path / "archief", b"a" * 32)
    path = _delivery(tmp_path / "levering")[0]
    _step(store, archief, [path], "run-1")
    fixed = ingest.SOURCES["grootboek"]

    class _Newer:
        def read(self, p, pseudonymiser):
            return fixed.read(_fixed_copy(p, tmp_path), pseudonymiser)

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(ingest.SOURCES, "grootboek", _Newer())
        _step(store, archief, [path], "run-2")
    assert [(r[6], r[4]) for r in _loads(store)] == [("rejected", 0), ("loaded", 1)]


def _fixed_copy(path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "gerepareerd.csv"
    copy.write_bytes(Path(path).read_bytes().replace(b"\r;", b";"))
    return copy


# --- files no source recognises, through the real Dagster step -----------------------------------------------


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _unknown_step(paths: list[Path]) -> bool:
    from pipelines.assets.leveringen import onbekende_bestanden
    from pipelines.resources import StuurwielResource

    return dg.materialize(
        [onbekende_bestanden],
        resources={"stuurwiel": StuurwielResource()},
        run_config={"ops": {"onbekende_bestanden": {"config": {"paths": [str(p) for p in paths], "inbox": False}}}},
        raise_on_error=False,
    ).success


def test_unknown_files_of_a_killed_step_are_recorded_once_after_the_rerun(home, tmp_path, monkeypatch):
    folder = tmp_path / "levering"
    folder.mkdir()
    paths = []
    for name in ("leesmij.txt", "foto.jpg", "notities.txt"):
        paths.append(folder / name)
        paths[-1].write_bytes(f"geen levering: {name}".encode())
    publish = kwaliteit.publish

    def killed(*args, **kwargs):  # every file recorded; the process dies before the step ends
        raise _Gedood

    monkeypatch.setattr(kwaliteit, "publish", killed)
    assert not _unknown_step(paths)
    monkeypatch.setattr(kwaliteit, "publish", publish)
    assert _unknown_step(paths)
    with Warehouse(home / "data" / "warehouse.duckdb").connect(read_only=True) as con:
        rows = con.execute("select bestand, status, poort, reden from meta.loads order by bestand").fetchall()
        runs = con.execute("select count(distinct run_id) from meta.loads").fetchone()[0]
    assert rows == [(str(p), "rejected", "geblokkeerd", "onbekend_bestand") for p in sorted(paths)]
    assert runs == 1, "the rerun's report lists every file: all records are the rerun's"
