"""The suites' SQL translation means what Great Expectations means: on the same rows, every expectation of
every suite finds exactly as many rows at fault in DuckDB as GX finds in pandas.

GX is the independent reference here. Rows are drawn at random from small pools per column type that
straddle every bound, code list and pattern the suites use (missing values and duplicates included), so
each expectation meets rows on both sides of its line.
"""

import json
import random
from datetime import date, time, timedelta
from decimal import Decimal

import pyarrow as pa
import pytest

from pipelines import ingest
from pipelines.gate import steekproef, suite_sql, suites
from pipelines.sources.base import RAW_SCHEMAS
from pipelines.warehouse import Warehouse

ROWS = 400
SUITES = sorted(suites.SUITES_DIR.rglob("*.json"))

# Strings that match and break the suites' patterns. Left out on purpose: what RE2 and Python's re read
# differently (a final newline before '$', non-ASCII digits for '\d'); the SQL is the stricter one there.
STRINGS = [
    "",
    "x",
    "GM0153",
    "GM15",
    "gm0153",
    "12345678",
    "1234567",
    "123456789",
    "0123456789abcdef0123456789abcdef",
    "0123456789ABCDEF0123456789ABCDEF",
    "6.71b",
    "6.711",
    "0.1",
    "3.4.1",
    "inkoop",
    "WK015301",
    "WK0153",
    "8001",
    "8001,0200",
    "8001;0200",
]
VANDAAG = date.today()
DATES = [
    date(1678, 1, 2),
    date(1899, 12, 31),
    date(1900, 1, 1),
    date(1999, 12, 31),
    date(2000, 1, 1),
    date(2021, 6, 1),
    date(2024, 5, 1),
    VANDAAG,
    VANDAAG + timedelta(days=1),
    date(2261, 12, 30),
]
INTS = [-1, 0, 1, 5, 50, 51, 105, 106, 2014, 2015, 2035, 2036, 2100, 2101, 100_000, 100_001, 10**9 + 1]
DECIMALS = [
    Decimal(v)
    for v in (
        "-1000000000.01",
        "-100000000.01",
        "-1.00",
        "0.00",
        "12.34",
        "10000.00",
        "10000.01",
        "100000.01",
        "1000000000.01",
    )
]


def _pool(field: pa.Field, suite: dict) -> list:
    if pa.types.is_string(field.type):
        codes = [v for e in suite["expectations"] if e["kwargs"].get("column") == field.name
                 for v in e["kwargs"].get("value_set", [])]  # fmt: skip
        return [None, *STRINGS, *codes, *codes]
    if pa.types.is_date(field.type):
        return [None, *DATES]
    if pa.types.is_decimal(field.type):
        return [None, *DECIMALS]
    if pa.types.is_integer(field.type):
        return [None, *INTS]
    if pa.types.is_time(field.type):
        return [None, time(9, 30)]
    if pa.types.is_boolean(field.type):
        return [None, True, False]
    raise AssertionError(f"no value pool for {field}")


def _rows(table: str, suite: dict, seed: int) -> pa.Table:
    rng = random.Random(seed)
    schema = RAW_SCHEMAS[table]
    pools = {f.name: _pool(f, suite) for f in schema}
    rows = [{naam: rng.choice(pool) for naam, pool in pools.items()} for _ in range(ROWS)]
    return pa.Table.from_pylist(rows, schema=schema).append_column("_load_id", pa.array(["L1"] * ROWS))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    store = Warehouse(tmp_path_factory.mktemp("wh") / "warehouse.duckdb")
    store.ensure_schema()
    with store.connect() as connection:
        yield connection


@pytest.fixture(scope="module")
def gx_run(tmp_path_factory):
    return steekproef.GxRun(tmp_path_factory.mktemp("quality"), "gelijk")


def _table(path) -> str:
    if path.parent == suites.SUITES_DIR:
        return ingest.SOURCE_TABLES[path.stem][0]
    return path.stem


@pytest.mark.parametrize("path", SUITES, ids=lambda p: p.stem)
def test_sql_finds_what_gx_finds_for_every_expectation(con, gx_run, path):
    table = _table(path)
    suite = json.loads(path.read_text(encoding="utf-8"))
    con.execute(f"delete from raw.{table}")
    con.register("rijen", _rows(table, suite, seed=len(table)))
    con.execute(f"insert into raw.{table} by name select * from rijen")

    lijst = suite_sql.verwachtingen(suite, suite_sql.kolomtypes(con, table))
    sql = {u.naam: u for u in suite_sql.evalueer(con, table, "_load_id = 'L1'", {}, lijst)}
    gx = {u.naam: u for u in gx_run.validate(path, table, con.execute(f"select * from raw.{table}").df())}

    assert sql.keys() == gx.keys()
    verschil = {n: (sql[n].afwijkend, gx[n].afwijkend) for n in sql if sql[n].afwijkend != gx[n].afwijkend}
    assert not verschil, "rows at fault (SQL, GX)"
    assert {n: u.geslaagd for n, u in sql.items()} == {n: u.geslaagd for n, u in gx.items()}
    row_rules = [v.naam for v in lijst if v.soort == "rij"]
    assert all(0 < sql[n].afwijkend < ROWS for n in row_rules), "every row rule meets rows on both sides"


def test_a_date_pandas_cannot_hold_is_missing_for_sql_as_for_gx(con):
    con.execute("delete from raw.berichten_start")
    con.execute(
        "insert into raw.berichten_start (wet, gemeentecode, aanbieder, bericht_id, dagtekening, begindatum, "
        "_load_id) values ('jeugd', 'GM0153', '12345678', 'B1', date '9999-12-31', date '2024-01-01', 'L1')"
    )
    suite = json.loads((suites.SUITES_DIR / "berichten" / "berichten_start.json").read_text(encoding="utf-8"))
    lijst = suite_sql.verwachtingen(suite, suite_sql.kolomtypes(con, "berichten_start"))
    sql = {u.naam: u for u in suite_sql.evalueer(con, "berichten_start", "_load_id = 'L1'", {}, lijst)}
    assert not sql["gx:expect_column_values_to_not_be_null:dagtekening"].geslaagd
    assert not sql["gx:expect_column_values_to_be_between:dagtekening"].geslaagd, "GX saw nothing here; SQL does"


def test_an_argument_without_translation_is_refused_not_ignored():
    suite = {
        "expectations": [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a", "mostly": 0.9}}]
    }
    with pytest.raises(ValueError, match="mostly"):
        suite_sql.verwachtingen(suite, {"a": "VARCHAR"})
    with pytest.raises(ValueError, match="expect_column_mean_to_be_between"):
        suite_sql.verwachtingen(
            {"expectations": [{"type": "expect_column_mean_to_be_between", "kwargs": {"column": "a"}}]}, {}
        )
