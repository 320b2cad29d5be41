"""The warehouse's meta schema: an existing warehouse is brought up to the current column names."""

import duckdb

from pipelines import migratie
from pipelines.sources.base import RAW_SCHEMAS
from pipelines.warehouse import Warehouse

# meta.loads and meta.quarantaine as warehouses created before the renames hold them.
OLD_META = """
create schema meta;
create table meta.loads (
    load_id varchar primary key, run_id varchar, bron varchar not null, bestand varchar not null,
    sha256 varchar not null, geladen_op timestamp not null, rows_in bigint not null,
    rows_loaded bigint not null, rows_quarantined bigint not null, status varchar not null,
    poort varchar not null, melding varchar
);
create table meta.quarantaine (
    load_id varchar not null, bestand varchar not null, regel integer, regel_inhoud varchar,
    regel_naam varchar not null, melding varchar not null, waarde varchar
);
insert into meta.loads values ('L1', 'R1', 'grootboek', 'g.csv', 'abc', '2025-01-02 03:04:05', 3, 2, 1,
                               'partially_loaded', 'doorgelaten', null);
insert into meta.quarantaine values ('L1', 'g.csv', 3, '2024;31-02-2024', 'datum_ongeldig', 'bestaat niet', '31-02');
"""


def _columns(con, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"describe meta.{table}").fetchall()]


def test_old_column_names_are_renamed_once_and_the_rows_kept(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(OLD_META)
    store = Warehouse(path)
    migratie.bijwerken(path)  # what a run does first (pipelines/resources.py)
    store.ensure_schema()
    store.ensure_schema()  # a second run finds nothing to rename
    with store.connect(read_only=True) as con:
        assert _columns(con, "quarantaine") == [
            "load_id",
            "bestand",
            "regelnummer",
            "inhoud",
            "controle",
            "melding",
            "waarde",
        ]
        assert {"rijen_in", "rijen_geladen", "rijen_quarantaine"} <= set(_columns(con, "loads"))
        assert not {"rows_in", "rows_loaded", "rows_quarantined"} & set(_columns(con, "loads"))
        assert con.execute("select rijen_in, rijen_geladen, rijen_quarantaine from meta.loads").fetchall() == [
            (3, 2, 1)
        ]
        # An earlier release's CSV line is left out whole (pipelines/migratie.py: without the file's header its
        # fields cannot be told apart); where it was and why stay.
        assert con.execute("select regelnummer, inhoud, controle from meta.quarantaine").fetchall() == [
            (3, "[weggelaten]", "datum_ongeldig")
        ]


def test_a_new_warehouse_has_the_current_names(tmp_path):
    store = Warehouse(tmp_path / "warehouse.duckdb")
    store.ensure_schema()
    with store.connect(read_only=True) as con:
        assert {"regelnummer", "inhoud", "controle"} <= set(_columns(con, "quarantaine"))
        assert {"rijen_in", "rijen_geladen", "rijen_quarantaine"} <= set(_columns(con, "loads"))


def test_a_raw_table_of_an_older_release_gains_the_new_columns_and_keeps_its_rows(tmp_path):
    """inkomensvoorzieningen gained partner and soort_uitkering: a warehouse from before still loads."""
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create schema raw; create table raw.zaak_inkomensvoorzieningen (identificatie varchar, _load_id varchar)"
        )
        con.execute("insert into raw.zaak_inkomensvoorzieningen values ('I1', 'L1')")
    store = Warehouse(path)
    store.ensure_schema()
    store.ensure_schema()
    with store.connect(read_only=True) as con:
        kolommen = [r[0] for r in con.execute("describe raw.zaak_inkomensvoorzieningen").fetchall()]
        assert set(RAW_SCHEMAS["zaak_inkomensvoorzieningen"].names) <= set(kolommen)
        assert con.execute("select identificatie, _load_id from raw.zaak_inkomensvoorzieningen").fetchall() == [
            ("I1", "L1")
        ]


def test_a_raw_message_table_of_an_older_release_keeps_only_the_birth_month(tmp_path):
    """301/305/307/315 once stored the full geboortedatum: it becomes the first of its month and is dropped."""
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create schema raw; create table raw.berichten_start "
            "(client_id varchar, geboortedatum date, toewijzingnummer varchar, _load_id varchar)"
        )
        con.execute(
            "insert into raw.berichten_start values ('a', '2010-02-14', 'T1', 'L1'), ('b', '2009-12-31', 'T2', 'L1'),"
            " ('c', '2011-03-01', 'T3', 'L1'), ('d', null, 'T4', 'L1')"
        )
    store = Warehouse(path)
    migratie.bijwerken(path)  # what a run does first (pipelines/resources.py)
    store.ensure_schema()
    store.ensure_schema()  # a second start finds nothing left to migrate
    with store.connect(read_only=True) as con:
        for table in ("berichten_toewijzing", "berichten_start", "berichten_stop", "berichten_verzoek_toewijzing"):
            kolommen = {r[0] for r in con.execute(f"describe raw.{table}").fetchall()}
            assert "geboortemaand" in kolommen and "geboortedatum" not in kolommen, table
        rijen = con.execute(
            "select client_id, geboortemaand::varchar, toewijzingnummer from raw.berichten_start order by client_id"
        ).fetchall()
    assert rijen == [
        ("a", "2010-02-01", "T1"),
        ("b", "2009-12-01", "T2"),
        ("c", "2011-03-01", "T3"),
        ("d", None, "T4"),
    ]
