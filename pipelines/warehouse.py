"""The only module (besides dashboards/data.py) that opens DuckDB files.

The warehouse has one writer at a time: one load per home holds the load slot (`laadslot()`) from its first
step to its report, and within a run every writing step is in Dagster pool "warehouse"; the dashboards never
open it. They read snapshots swapped in atomically by `vervang_atomair()`: the serving snapshot (`publish()`)
and the quality snapshot (`pipelines/gate/kwaliteit.py`). Every table of a snapshot carries the snapshot's
version as its table comment (`stempel()`), so a reader can check that it reads one version only.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.sources.base import RAW_SCHEMAS

SERVING_SCHEMA = "serving"
# Exact indicator values stay in the warehouse, for staff whose task allows them. The snapshot that
# policy and council views open holds only the protected long table (fct_indicator_publicatie).
ALLEEN_IN_WAREHOUSE = ("fct_indicator_values",)
LOCK_TIMEOUT_S = 60
# The load slot: a file beside the warehouse, locked (flock) by the load that runs. The kernel releases it when
# the process ends, however it ends. STUURWIEL_LAADSLOT_WACHT caps how long a second load waits for it (seconds;
# unset: as long as the first takes, so a sensor's run is never lost).
LAADSLOT = "laden.lock"
LAADSLOT_WACHT_ENV = "STUURWIEL_LAADSLOT_WACHT"
_POLL_S = 0.5
log = logging.getLogger(__name__)
# DuckDB takes 80 % of the machine's memory by default. A national load must stay within 8 GB for all its
# processes together (issue 14), so every connection this module opens is capped and spills to disk instead,
# where dbt spills too (DuckDB's default for the warehouse file); dbt gets the same cap
# (dbt_project/profiles.yml). STUURWIEL_DUCKDB_MEMORY raises it on a bigger machine.
DEFAULT_MEMORY_LIMIT = "4GB"


def duckdb_config(data_dir: Path) -> dict[str, str]:
    return {
        "memory_limit": os.environ.get("STUURWIEL_DUCKDB_MEMORY", DEFAULT_MEMORY_LIMIT),
        "temp_directory": str(data_dir / "warehouse.duckdb.tmp"),
    }


_META_DDL = """
create schema if not exists raw;
create schema if not exists meta;
create table if not exists meta.loads (
    load_id          varchar primary key,
    run_id           varchar,
    bron             varchar not null,
    bestand          varchar not null,
    sha256           varchar not null,
    geladen_op       timestamp not null,
    rijen_in         bigint not null,
    rijen_geladen    bigint not null,
    rijen_quarantaine bigint not null,
    status           varchar not null,   -- pipelines.gate.staten.Status
    poort            varchar not null,   -- pipelines.gate.staten.Poort
    melding          varchar
);
create table if not exists meta.quarantaine (
    load_id      varchar not null,
    bestand      varchar not null,
    regelnummer  integer,            -- line in the file (of the element, in a message)
    inhoud       varchar,            -- the line or element as delivered, BSN masked
    controle     varchar not null,   -- the row rule it broke
    melding      varchar not null,
    waarde       varchar
);
create table if not exists meta.poortcontroles (
    run_id      varchar not null,
    bron        varchar not null,
    controle    varchar not null,
    geslaagd    boolean not null,
    waarde      double,
    drempel     double,
    melding     varchar,
    gecontroleerd_op timestamp not null
);
alter table meta.poortcontroles add column if not exists rijen bigint;   -- rows the rule found at fault
alter table meta.loads add column if not exists gemeenten varchar;       -- gemeentecodes in the delivery
alter table meta.loads add column if not exists reden varchar;           -- why rejected or skipped (staten.Reden)
alter table meta.loads add column if not exists sleutel varchar;         -- pseudonym key's fingerprint (privacy.py)
create table if not exists meta.acceptaties (
    load_id          varchar not null,
    reden            varchar not null,
    geaccepteerd_door varchar not null,
    geaccepteerd_op  timestamp not null
);
"""
# Columns renamed after warehouses existed, as (table, old, new): renamed only while the old name is there,
# so an existing warehouse is brought up to date and a new one, or a second run, is left alone.
_RENAMED_COLUMNS = (
    ("loads", "rows_in", "rijen_in"),
    ("loads", "rows_loaded", "rijen_geladen"),
    ("loads", "rows_quarantined", "rijen_quarantaine"),
    ("quarantaine", "regel", "regelnummer"),
    ("quarantaine", "regel_inhoud", "inhoud"),
    ("quarantaine", "regel_naam", "controle"),
)


# The warehouse's schema version: what an earlier release stored is brought to the current rules by
# pipelines/migratie.py, which a run does first (pipelines/resources.py, pipelines/run.py). Version 1: issue 15's
# privacy rules. A new warehouse is current by construction and records it when it is made.
SCHEMAVERSIE = 1
_VERSIE_DDL = """
create schema if not exists meta;
create table if not exists meta.schemaversie (
    versie        integer not null,    -- SCHEMAVERSIE when it was made or rewritten
    bijgewerkt_op timestamp not null   -- when the warehouse was made, or rewritten to this version
);
"""


class DatamapFout(RuntimeError):
    """The data folder cannot take a write (full, read-only) or is in use by another load. The message is the
    user's, in Dutch, and names the folder."""


class LoadBezig(DatamapFout):
    """Another load holds the load slot of this home for longer than this one may wait."""


_VOL = (errno.ENOSPC, errno.EDQUOT)
_ALLEEN_LEZEN = (errno.EROFS, errno.EACCES, errno.EPERM)


def datamapfout(exc: BaseException, folder: Path) -> DatamapFout | None:
    """The user's message for a full or read-only folder, or None for any other error. DuckDB reports the
    operating system's error as text in its own exception, so both kinds are read."""
    if isinstance(exc, DatamapFout):
        return exc
    if isinstance(exc, OSError):
        nummer = exc.errno
    elif isinstance(exc, duckdb.Error):
        nummer = next((n for n in (*_VOL, *_ALLEEN_LEZEN) if os.strerror(n) in str(exc)), None)
    else:
        return None
    if nummer in _VOL:
        reden = "de schijf is vol"
    elif nummer in _ALLEEN_LEZEN:
        reden = "de map is alleen-lezen of deze gebruiker mag er niet schrijven"
    else:
        return None
    return DatamapFout(
        f"Kan niet schrijven in {folder}: {reden} ({os.strerror(nummer)}). De gepubliceerde gegevens zijn "
        "ongewijzigd; los dit op en start de load opnieuw."
    )


@contextmanager
def _meld_datamapfout(folder: Path) -> Iterator[None]:
    try:
        yield
    except (OSError, duckdb.Error) as exc:
        fout = datamapfout(exc, folder)
        if fout is None or fout is exc:
            raise
        log.error("cannot write in %s: %s", folder, exc)
        raise fout from exc


class Warehouse:
    def __init__(self, path: Path):
        self.path = Path(path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        # try/finally: a raising step must never leave the file lock behind.
        with _meld_datamapfout(self.path.parent):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = _connect_waiting_for_lock(self.path, read_only)
            try:
                yield con
            finally:
                con.close()

    def ensure_schema(self) -> None:
        nieuw = not self.path.exists()
        with self.connect() as con:
            if nieuw:
                noteer_versie(con)
            con.execute(_META_DDL)
            _rename_old_columns(con)
            for name, schema in RAW_SCHEMAS.items():
                _create_raw_table(con, name, schema)


def _connect_waiting_for_lock(
    path: Path, read_only: bool, timeout: float = LOCK_TIMEOUT_S
) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting while another process (a dbt run winding down) still holds its lock."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=duckdb_config(path.parent))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _rename_old_columns(con: duckdb.DuckDBPyConnection) -> None:
    existing = set(
        con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_catalog = current_database() and table_schema = 'meta'"
        ).fetchall()
    )
    for table, old, new in _RENAMED_COLUMNS:
        if (table, old) in existing:
            con.execute(f"alter table meta.{table} rename column {old} to {new}")


def _create_raw_table(con: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema) -> None:
    """Create raw.<name>, or add the columns a newer reader delivers to a table an older release created
    (a source that gained a column, such as the partner's pseudonym); earlier rows keep null there."""
    con.register("_empty", schema.empty_table())
    try:
        con.execute(f"create table if not exists raw.{name} as select *, ''::varchar as _load_id from _empty limit 0")
        for kolom, soort in con.execute("select column_name, column_type from (describe _empty)").fetchall():
            con.execute(f'alter table raw.{name} add column if not exists "{kolom}" {soort}')
    finally:
        con.unregister("_empty")


def insert_arrow(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table, schema: str = "raw") -> None:
    """Append rows to <schema>.<table> by column name; raw rows carry the delivery each came from in
    ``_load_id`` (several deliveries may be stored in one insert)."""
    con.register("_staged", rows)
    try:
        con.execute(f"insert into {schema}.{table} by name select * from _staged")
    finally:
        con.unregister("_staged")


def vervang_atomair(path: Path, schrijf: Callable[[Path], None]) -> None:
    """Write a snapshot to a temporary file beside `path`, make it durable, and swap it in.

    `schrijf(tmp)` fills the new file. Readers that hold the old file keep reading it; new readers see the
    new one. The new file's content reaches the disk (fsync) before the rename, and the rename before this
    returns (fsync of the folder), so a power cut leaves either the old or the new file, never half of one.
    After an error no temporary file is left (DuckDB's write-ahead log beside it included), and a full or
    read-only folder raises `DatamapFout` with the user's message.
    """
    folder = path.parent
    with _meld_datamapfout(folder):
        folder.mkdir(parents=True, exist_ok=True)
        _ruim_achtergelaten_op(path)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        _verwijder(tmp)
        try:
            schrijf(tmp)
            _fsync(tmp)
            os.replace(tmp, path)
        except BaseException:
            _verwijder(tmp, bij_fout=True)
            raise
        _fsync(folder, map_=True)


def _tijdelijke_bestanden(tmp: Path) -> list[Path]:
    """The temporary file and what DuckDB keeps beside it while writing (`<tmp>.wal`)."""
    return [tmp, tmp.with_name(tmp.name + ".wal")]


def _verwijder(tmp: Path, bij_fout: bool = False) -> None:
    for pad in _tijdelijke_bestanden(tmp):
        try:
            pad.unlink(missing_ok=True)
        except OSError as exc:
            if not bij_fout:
                raise
            # Cleaning up after an error must not hide that error (a read-only folder refuses both).
            log.warning("could not remove %s after a failed write: %s", pad, exc)


def _ruim_achtergelaten_op(path: Path) -> None:
    """Remove the temporary files of writers of `path` that died mid-write (a crash, SIGKILL). A live
    process's file is left alone; loads of one home are serialised by the load slot anyway."""
    patroon = re.compile(rf"{re.escape(path.name)}\.(\d+)\.tmp(\.wal)?")
    for pad in path.parent.iterdir():
        treffer = patroon.fullmatch(pad.name)
        pid = int(treffer.group(1)) if treffer else None
        # our own leftover too: this process is not writing it now (vervang_atomair is not called concurrently)
        if pid is not None and (pid == os.getpid() or not leeft(pid)):
            pad.unlink(missing_ok=True)


def leeft(pid: int) -> bool:
    """Whether the process that named a temporary file after itself may still be writing it."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def fsync_map(folder: Path) -> None:
    """A rename or removal in `folder` reaches the disk."""
    _fsync(folder, map_=True)


def _fsync(path: Path, map_: bool = False) -> None:
    """Flush `path` to disk. A failing flush of a file fails the write (a full disk can first show here); a
    folder's flush is skipped only where the file system does not support it."""
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if map_ else 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if not (map_ and exc.errno in (errno.EINVAL, errno.ENOTSUP)):
            raise
    finally:
        os.close(fd)


def stempel(con: duckdb.DuckDBPyConnection, catalogus: str, versie: str) -> None:
    """Give every table of the attached snapshot `catalogus` the snapshot version as its comment: a reader
    checks per table that everything it reads is of one version (dashboards/data.py)."""
    tabellen = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ?", [catalogus]
    ).fetchall()
    tekst = "'" + versie.replace("'", "''") + "'"  # COMMENT ON takes no parameters
    for schema, tabel in tabellen:
        con.execute(f'comment on table {catalogus}."{schema}"."{tabel}" is {tekst}')


def publish(warehouse_path: Path, serving_path: Path, version: str) -> int:
    """Copy every table of the serving schema into a new snapshot file and swap it in atomically.

    Returns the number of rows published.
    """
    rows: list[int] = []

    def schrijf(tmp: Path) -> None:
        # In memory: the warehouse attached read-only, the new snapshot read-write.
        con = duckdb.connect(config=duckdb_config(warehouse_path.parent))
        try:
            con.execute(f"attach '{warehouse_path}' as wh (read_only)")
            con.execute(f"attach '{tmp}' as snapshot")
            # Per table whether it has a gemeentecode: such a table is stored in that order, since nearly every page
            # reads one gemeente (or REGIO) and DuckDB then skips the other row groups by their min/max (at land the
            # publication's periods for REGIO read 1 of 90 row groups instead of 87).
            tables = [
                (naam, " order by gemeentecode" if per_gemeente else "")
                for naam, per_gemeente in con.execute(
                    "select table_name, bool_or(column_name = 'gemeentecode') from information_schema.columns "
                    "where table_catalog = 'wh' and table_schema = ? group by table_name order by 1",
                    [SERVING_SCHEMA],
                ).fetchall()
                if naam not in ALLEEN_IN_WAREHOUSE
            ]
            if not tables:
                raise RuntimeError("the warehouse has no serving tables to publish; did dbt build run?")
            for table, volgorde in tables:
                bron = f"wh.{SERVING_SCHEMA}.{table}"
                con.execute(f"create table snapshot.main.{table} as select * from {bron}{volgorde}")
                rows.append(con.execute(f"select count(*) from snapshot.main.{table}").fetchone()[0])
            con.execute(
                "create table snapshot.main.snapshot_info as select ?::varchar as versie, "
                "?::timestamp as gepubliceerd_op, ?::bigint as rijen",
                [version, datetime.now().replace(microsecond=0), sum(rows)],
            )
            stempel(con, "snapshot", version)
            con.execute("detach snapshot")
            con.execute("detach wh")
        finally:
            con.close()

    vervang_atomair(serving_path, schrijf)
    return sum(rows)


_gehouden = threading.local()  # per thread: lock file -> depth, so a load that holds the slot can nest


@contextmanager
def laadslot(data_dir: Path, wie: str, meld: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the home's load slot while the block runs: one load at a time writes the warehouse and publishes.

    A second load waits (it says so through `meld`) until the first is done, or, after STUURWIEL_LAADSLOT_WACHT
    seconds, is refused with `LoadBezig`. `stuurwiel load` takes the slot before its Dagster run and the run's
    resource takes it again (nested, same thread); a run started by `dagster dev` takes it in its resource.
    """
    pad = data_dir / LAADSLOT
    diepte = _gehouden.__dict__.setdefault("diepte", {})
    if str(pad) in diepte:
        diepte[str(pad)] += 1
        try:
            yield
        finally:
            diepte[str(pad)] -= 1
        return
    with _meld_datamapfout(data_dir):
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(pad, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _wacht_op_slot(fd, data_dir, meld or log.warning)
        houder = f"{wie}, proces {os.getpid()}, sinds {datetime.now():%d-%m-%Y %H:%M:%S}"
        os.ftruncate(fd, 0)
        os.pwrite(fd, houder.encode(), 0)
        diepte[str(pad)] = 1
        try:
            yield
        finally:
            del diepte[str(pad)]
    finally:
        os.close(fd)  # releases the lock


def _wacht_op_slot(fd: int, data_dir: Path, meld: Callable[[str], None]) -> None:
    wacht = os.environ.get(LAADSLOT_WACHT_ENV, "").strip()
    deadline = time.monotonic() + float(wacht) if wacht else None
    gemeld = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        houder = os.pread(fd, 400, 0).decode(errors="replace") or "onbekend proces"
        if deadline is not None and time.monotonic() >= deadline:
            raise LoadBezig(
                f"Er loopt al een load in {data_dir} ({houder}). Deze load is niet gestart; "
                "start hem opnieuw als die klaar is."
            )
        if not gemeld:
            meld(f"Er loopt al een load in {data_dir} ({houder}); deze load wacht tot die klaar is.")
            gemeld = True
        time.sleep(_POLL_S)


def versie(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of the warehouse `con` has open: 0 for one made before versions were recorded."""
    bestaat = con.execute(
        "select count(*) from duckdb_tables() "
        "where database_name = current_database() and schema_name = 'meta' and table_name = 'schemaversie'"
    ).fetchone()[0]
    if not bestaat:
        return 0
    return con.execute("select coalesce(max(versie), 0) from meta.schemaversie").fetchone()[0]


def noteer_versie(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_VERSIE_DDL)
    con.execute("insert into meta.schemaversie values (?, now()::timestamp)", [SCHEMAVERSIE])
