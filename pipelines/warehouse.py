"""The only module (besides dashboards/data.py) that opens DuckDB files.

The warehouse has one writer at a time (Dagster pool "warehouse"); the dashboards never open it.
They read snapshots swapped in atomically by `vervang_atomair()`: the serving snapshot (`publish()`) and
the quality snapshot (`pipelines/gate/kwaliteit.py`).
"""

from __future__ import annotations

import os
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


class Warehouse:
    def __init__(self, path: Path):
        self.path = Path(path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        # try/finally: a raising step must never leave the file lock behind.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = _connect_waiting_for_lock(self.path, read_only)
        try:
            yield con
        finally:
            con.close()

    def ensure_schema(self) -> None:
        with self.connect() as con:
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
    new one; a crash leaves either the old or the new file, never half of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        schrijf(tmp)
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync(path.parent)  # the rename itself


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # a folder cannot be opened on every platform
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
            tables = [
                r[0]
                for r in con.execute(
                    "select table_name from information_schema.tables where table_catalog = 'wh' and table_schema = ? "
                    "order by 1",
                    [SERVING_SCHEMA],
                ).fetchall()
                if r[0] not in ALLEEN_IN_WAREHOUSE
            ]
            if not tables:
                raise RuntimeError("the warehouse has no serving tables to publish; did dbt build run?")
            for table in tables:
                con.execute(f"create table snapshot.main.{table} as select * from wh.{SERVING_SCHEMA}.{table}")
                rows.append(con.execute(f"select count(*) from snapshot.main.{table}").fetchone()[0])
            con.execute(
                "create table snapshot.main.snapshot_info as select ?::varchar as versie, "
                "?::timestamp as gepubliceerd_op, ?::bigint as rijen",
                [version, datetime.now().replace(microsecond=0), sum(rows)],
            )
            con.execute("detach snapshot")
            con.execute("detach wh")
        finally:
            con.close()

    vervang_atomair(serving_path, schrijf)
    return sum(rows)
