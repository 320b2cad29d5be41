"""Publishing survives power loss and a full or read-only folder: the new snapshot is on disk before it is
renamed in, nothing temporary is left after an error, the published snapshot stays as it was, and every table
carries the snapshot's version.

The snapshots are those `warehouse.publish` (serving) and `kwaliteit.publish` (quality) write, from a small
warehouse built here; the failures are real where the machine allows it (a view whose copy raises, a folder the
writing user may not write) and simulated where it does not (a full disk: os.fsync or DuckDB raising ENOSPC).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import duckdb
import pytest

from pipelines import warehouse
from pipelines.gate import kwaliteit
from pipelines.warehouse import DatamapFout, Warehouse

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SERVING_TABLES = {"dim_gemeente", "dim_indicator", "fct_indicator_publicatie"}


def _warehouse(path: Path) -> Path:
    """A warehouse with a few serving tables (and the exact values, which publish leaves out) and meta rows."""
    Warehouse(path).ensure_schema()
    with duckdb.connect(str(path)) as con:
        con.execute("create schema serving")
        con.execute("create table serving.dim_gemeente as select 'GM0153' as gemeentecode, 'Enschede' as naam")
        con.execute("create table serving.dim_indicator as select 'wachttijd' as indicator_id, 'dagen' as eenheid")
        con.execute(
            "create table serving.fct_indicator_publicatie as select 'wachttijd' as indicator_id, 'GM0153' as "
            "gemeentecode, range::double as waarde from range(1000)"
        )
        con.execute("create table serving.fct_indicator_values as select 1.0 as waarde")
        con.execute(
            "insert into meta.loads (load_id, run_id, bron, bestand, sha256, geladen_op, rijen_in, rijen_geladen, "
            "rijen_quarantaine, status, poort) values ('L1', 'R1', 'grootboek', '/in/g.csv', 'x', now()::timestamp, "
            "1, 1, 0, 'loaded', 'doorgelaten')"
        )
    return path


@pytest.fixture
def wh(tmp_path: Path) -> Path:
    return _warehouse(tmp_path / "data" / "warehouse.duckdb")


@pytest.fixture
def map_(tmp_path: Path) -> Path:
    """The snapshot's own folder (as STUURWIEL_SERVING may place it): after a publish it must hold the snapshot only."""
    folder = tmp_path / "publicatie"
    folder.mkdir()
    return folder


def _tabellen_en_versies(path: Path) -> dict[str, str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return dict(con.execute("select table_name, coalesce(comment, '') from duckdb_tables()").fetchall())


def _info_versie(path: Path, info: str) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"select versie from {info}").fetchone()[0]


def _kwaliteit(wh: Path, path: Path) -> None:
    with Warehouse(wh).connect() as con:
        kwaliteit.publish(con, path)


# --- every table carries the version ---------------------------------------------------------------------


def test_every_table_of_the_serving_snapshot_carries_the_version_of_its_publish(wh, map_):
    serving = map_ / "serving.duckdb"
    for versie in ("v1", "v2"):
        warehouse.publish(wh, serving, versie)
        versies = _tabellen_en_versies(serving)
        assert set(versies) == SERVING_TABLES | {"snapshot_info"}  # the exact values stay in the warehouse
        assert set(versies.values()) == {versie}
        assert _info_versie(serving, "snapshot_info") == versie


def test_every_table_of_the_quality_snapshot_carries_one_version_and_each_publish_a_new_one(wh, map_):
    path = map_ / "kwaliteit.duckdb"
    gezien = []
    for _ in range(2):
        _kwaliteit(wh, path)
        versies = _tabellen_en_versies(path)
        assert {"leveringen", "controles", "quarantaine", "kwaliteit_info"} <= set(versies)
        assert set(versies.values()) == {_info_versie(path, "kwaliteit_info")}
        gezien.append(_info_versie(path, "kwaliteit_info"))
    assert gezien[0] != gezien[1] and all(gezien)


# --- durable before the rename ----------------------------------------------------------------------------


def _volg_schijfacties(monkeypatch, kopie: Path) -> list[tuple]:
    """Record fsync (by the path its descriptor names) and replace; at the fsync of a temporary file, keep a
    copy of it as it is then: what a power cut right after the flush would leave."""
    gebeurd: list[tuple] = []
    fsync, replace = os.fsync, os.replace

    def nep_fsync(fd):
        pad = os.readlink(f"/proc/self/fd/{fd}")
        if pad.endswith(".tmp"):
            shutil.copy(pad, kopie)
        gebeurd.append(("fsync", pad))
        return fsync(fd)

    def nep_replace(bron, doel):
        gebeurd.append(("replace", str(bron), str(doel)))
        return replace(bron, doel)

    monkeypatch.setattr(os, "fsync", nep_fsync)
    monkeypatch.setattr(os, "replace", nep_replace)
    return gebeurd


@pytest.mark.parametrize("soort", ["serving", "kwaliteit"])
def test_the_new_snapshot_is_flushed_whole_before_the_rename_and_the_folder_after_it(
    wh, map_, tmp_path, monkeypatch, soort
):
    doel = map_ / f"{soort}.duckdb"
    kopie = tmp_path / "bij_fsync.duckdb"
    gebeurd = _volg_schijfacties(monkeypatch, kopie)
    if soort == "serving":
        warehouse.publish(wh, doel, "v1")
    else:
        _kwaliteit(wh, doel)
    monkeypatch.undo()
    [vervang] = [i for i, g in enumerate(gebeurd) if g[0] == "replace" and g[2] == str(doel)]
    tmp = gebeurd[vervang][1]
    assert ("fsync", tmp) in gebeurd[:vervang], "the temporary file was not flushed before the rename"
    assert ("fsync", str(map_)) in gebeurd[vervang + 1 :], "the folder was not flushed after the rename"
    # What was flushed is the complete snapshot, every table stamped: not a file DuckDB was still writing.
    assert _tabellen_en_versies(kopie) == _tabellen_en_versies(doel)


# --- an error midway leaves the old snapshot and nothing else ----------------------------------------------


def _inhoud(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_serving_table_whose_copy_fails_midway_leaves_exactly_the_old_snapshot(wh, map_):
    serving = map_ / "serving.duckdb"
    warehouse.publish(wh, serving, "v1")
    voor = _inhoud(map_)
    with duckdb.connect(str(wh)) as con:  # copied last (by name), after every other table was written
        con.execute("create view serving.zz_kapot as select error('kopie mislukt') as x")
    with pytest.raises(duckdb.Error, match="kopie mislukt"):
        warehouse.publish(wh, serving, "v2")
    assert _inhoud(map_) == voor  # the old snapshot, byte for byte, and no temporary file or WAL
    assert _info_versie(serving, "snapshot_info") == "v1"


def test_a_failing_quality_snapshot_leaves_the_old_one_and_nothing_else(wh, map_, monkeypatch):
    path = map_ / "kwaliteit.duckdb"
    _kwaliteit(wh, path)
    voor = _inhoud(map_)
    monkeypatch.setitem(kwaliteit._TABLES, "zz_kapot", "select error('kopie mislukt') as x")
    with pytest.raises(duckdb.Error, match="kopie mislukt"):
        _kwaliteit(wh, path)
    assert _inhoud(map_) == voor


def test_temporary_files_of_a_writer_that_died_are_removed_by_the_next_publish_and_a_live_ones_kept(wh, map_):
    serving = map_ / "serving.duckdb"
    dood = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dode_pid = int(dood.stdout)
    levend = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        achtergelaten = [map_ / f"serving.duckdb.{dode_pid}.tmp", map_ / f"serving.duckdb.{dode_pid}.tmp.wal"]
        bezig = map_ / f"serving.duckdb.{levend.pid}.tmp"
        for pad in [*achtergelaten, bezig]:
            pad.write_bytes(b"half")
        warehouse.publish(wh, serving, "v1")
        assert sorted(p.name for p in map_.iterdir()) == sorted(["serving.duckdb", bezig.name])
    finally:
        levend.kill()
        levend.wait()


# --- a full disk or a read-only folder ----------------------------------------------------------------------

VOL_DUCKDB = 'IO Error: Could not write file "{pad}": No space left on device'
ALLEEN_LEZEN_DUCKDB = 'IO Error: Cannot open file "{pad}": Read-only file system'


def _faal_bij_fsync(monkeypatch, nummer: int) -> None:
    """The disk fills while the new file is flushed (delayed allocation shows ENOSPC only here)."""
    fsync = os.fsync

    def nep(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp"):
            raise OSError(nummer, os.strerror(nummer))
        return fsync(fd)

    monkeypatch.setattr(os, "fsync", nep)


def _faal_in_duckdb(monkeypatch, bericht: str) -> None:
    """DuckDB's own write fails midway (its error carries the system's text), after the tables were copied."""

    def nep(con, catalogus, versie):
        pad = con.execute("select path from duckdb_databases() where database_name = ?", [catalogus]).fetchone()[0]
        raise duckdb.IOException(bericht.format(pad=pad))

    monkeypatch.setattr(warehouse, "stempel", nep)
    monkeypatch.setattr(kwaliteit, "stempel", nep)


@pytest.mark.parametrize(
    ("storing", "woorden"),
    [
        (lambda mp: _faal_bij_fsync(mp, errno.ENOSPC), "de schijf is vol"),
        (lambda mp: _faal_bij_fsync(mp, errno.EROFS), "alleen-lezen"),
        (lambda mp: _faal_in_duckdb(mp, VOL_DUCKDB), "de schijf is vol"),
        (lambda mp: _faal_in_duckdb(mp, ALLEEN_LEZEN_DUCKDB), "alleen-lezen"),
    ],
    ids=["fsync-vol", "fsync-alleen-lezen", "duckdb-vol", "duckdb-alleen-lezen"],
)
@pytest.mark.parametrize("soort", ["serving", "kwaliteit"])
def test_a_full_or_read_only_disk_gives_a_dutch_message_naming_the_folder_and_keeps_the_snapshot(
    wh, map_, monkeypatch, storing, woorden, soort
):
    doel = map_ / f"{soort}.duckdb"
    publiceer = (lambda: warehouse.publish(wh, doel, "v2")) if soort == "serving" else (lambda: _kwaliteit(wh, doel))
    if soort == "serving":
        warehouse.publish(wh, doel, "v1")
    else:
        _kwaliteit(wh, doel)
    voor = _inhoud(map_)
    storing(monkeypatch)
    with pytest.raises(DatamapFout) as fout:
        publiceer()
    assert str(map_) in str(fout.value) and woorden in str(fout.value)
    assert "De gepubliceerde gegevens zijn ongewijzigd" in str(fout.value)
    assert _inhoud(map_) == voor


_ALS_ANDER = """
import sys
from pathlib import Path
from pipelines import warehouse
try:
    warehouse.publish(Path(sys.argv[1]), Path(sys.argv[2]), "v2")
except warehouse.DatamapFout as fout:
    print(fout)
    sys.exit(3)
"""


def test_a_read_only_folder_for_real_gives_the_message_and_keeps_the_snapshot():
    """A folder the publishing user may not write. Root may write anywhere, so as root the publish runs as user
    nobody; elsewhere the folder is made read-only for the current user."""
    basis = Path(tempfile.mkdtemp(prefix="stuurwiel-alleen-lezen-"))
    try:
        basis.chmod(0o755)
        wh = _warehouse(basis / "data" / "warehouse.duckdb")
        (basis / "data").chmod(0o777)  # DuckDB's spill folder beside the warehouse may be made
        wh.chmod(0o644)
        map_ = basis / "publicatie"
        map_.mkdir()
        serving = map_ / "serving.duckdb"
        warehouse.publish(wh, serving, "v1")
        voor = _inhoud(map_)
        map_.chmod(0o555)
        python, als, env = sys.executable, {}, {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(basis)}
        if os.geteuid() == 0:
            # The venv's interpreter may live in root's home, which nobody cannot enter: the system's one of the
            # same version with the venv's packages.
            python = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
            if not Path(python).exists():
                pytest.skip(f"as root the publish runs as nobody, which needs {python}")
            als = {"user": 65534, "group": 65534, "extra_groups": []}
            env["PYTHONPATH"] = os.pathsep.join([sysconfig.get_paths()["purelib"], str(PROJECT_ROOT)])
        try:
            uit = subprocess.run(
                [python, "-c", _ALS_ANDER, str(wh), str(serving)],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                env=env,
                **als,
            )
        except PermissionError as exc:  # a container without the right to change user
            pytest.skip(f"cannot run the publish as another user here: {exc}")
        assert uit.returncode == 3, uit.stderr
        assert str(map_) in uit.stdout and "alleen-lezen" in uit.stdout
        map_.chmod(0o755)
        assert _inhoud(map_) == voor
    finally:
        for pad in [basis, *basis.rglob("*")]:
            if pad.is_dir():
                pad.chmod(0o755)
        shutil.rmtree(basis)


def test_tables_with_a_gemeente_are_stored_in_gemeente_order_so_a_page_reads_few_row_groups(tmp_path: Path):
    pad = _warehouse(tmp_path / "data" / "warehouse.duckdb")
    with duckdb.connect(str(pad)) as con:
        con.execute(
            "create or replace table serving.fct_indicator_publicatie as select 'GM0' || (300 - range % 3)::varchar "
            "as gemeentecode, range as nr from range(300000)"
        )
        con.execute(
            "create or replace table serving.dim_indicator as select 'i' || (9 - range)::varchar as id from range(10)"
        )
    warehouse.publish(pad, tmp_path / "serving.duckdb", "v1")
    with duckdb.connect(str(tmp_path / "serving.duckdb"), read_only=True) as con:
        codes = [r[0] for r in con.execute("select gemeentecode from fct_indicator_publicatie").fetchall()]
        ids = [r[0] for r in con.execute("select id from dim_indicator").fetchall()]
    assert codes == sorted(codes) and len(codes) == 300000
    assert ids == [f"i{9 - i}" for i in range(10)]  # no gemeentecode: copied in its own order
