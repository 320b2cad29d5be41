"""The Great Expectations suites in expectations/, run on the deliveries of one run.

Suites live under version control in expectations/: `<source>.json` for a single-table source,
`<source>/<table>.json` for each raw table of a source with several (the messages). Each suite is checked
twice:

- every expectation over every row of the run, as set-based SQL in DuckDB (suite_sql.py). This decides;
- GX itself on a bounded sample per table (steekproef.py), which writes the Data Docs under data/quality/
  and gives a second opinion: an expectation GX finds broken in the sample fails, even if the SQL passed it.

So memory and GX time do not grow with a delivery; the SQL pass grows as DuckDB's scans do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.config import PROJECT_ROOT
from pipelines.gate import steekproef, suite_sql
from pipelines.gate.regels import run_leveringen
from pipelines.gate.suite_sql import Uitkomst, Verwachting

SUITES_DIR = PROJECT_ROOT / "expectations"


@dataclass
class Tabeluitslag:
    """One raw table's suite over this run's rows: the SQL outcome of every expectation."""

    table: str
    pad: Path
    rijen: int
    verwachtingen: list[Verwachting]
    uitkomsten: list[Uitkomst]


def suite_paths(source: str, tables: tuple[str, ...]) -> dict[str, Path]:
    """The suite file per raw table of a source; tables without one are not validated by GX."""
    single = SUITES_DIR / f"{source}.json"
    if single.exists():
        return {tables[0]: single}
    return {t: SUITES_DIR / source / f"{t}.json" for t in tables if (SUITES_DIR / source / f"{t}.json").exists()}


def validate_run(
    con: duckdb.DuckDBPyConnection, source: str, tables: tuple[str, ...], run_id: str, docs_dir: Path
) -> list[Uitkomst]:
    """Every suite of the source on this run's rows: SQL over all of them, GX on a sample, one outcome per rule.

    Outcomes of the same expectation over the tables are combined (failed when any table failed, naming
    the table), so the history holds one line per rule.
    """
    sql = sql_uitslagen(con, source, tables, run_id)
    return samenvoegen(sql, gx_uitkomsten(con, source, run_id, docs_dir, sql))


def sql_uitslagen(
    con: duckdb.DuckDBPyConnection, source: str, tables: tuple[str, ...], run_id: str
) -> list[Tabeluitslag]:
    """Every expectation of the source's suites over every row of this run, in DuckDB."""
    rijen, params = _run_rijen(source), {"run_id": run_id}
    uit = []
    for table, path in suite_paths(source, tables).items():
        n = con.execute(f"select count(*) from raw.{table} where {rijen}", params).fetchone()[0]
        if not n:
            continue
        lijst = suite_sql.verwachtingen(json.loads(path.read_text(encoding="utf-8")), suite_sql.kolomtypes(con, table))
        uit.append(Tabeluitslag(table, path, n, lijst, suite_sql.evalueer(con, table, rijen, params, lijst)))
    return uit


def gx_uitkomsten(
    con: duckdb.DuckDBPyConnection, source: str, run_id: str, docs_dir: Path, sql: list[Tabeluitslag]
) -> dict[str, list[Uitkomst]]:
    """GX on a bounded sample of each table the SQL pass judged, with Data Docs; per table."""
    if not sql:
        return {}
    rijen, params = _run_rijen(source), {"run_id": run_id}
    gx_run = steekproef.GxRun(docs_dir, run_id[:8])
    uit = {}
    for t in sql:
        gebroken = [v for v, u in zip(t.verwachtingen, t.uitkomsten, strict=True) if not u.geslaagd]
        rows = steekproef.batch(con, t.table, rijen, params, gebroken)
        uit[t.table] = gx_run.validate(t.pad, f"{t.table} steekproef {len(rows)} van {t.rijen}", rows)
    gx_run.build_docs()
    return uit


def samenvoegen(sql: list[Tabeluitslag], gx: dict[str, list[Uitkomst]]) -> list[Uitkomst]:
    """Per table the SQL outcome, unless GX found in the sample what the SQL did not; then over the tables."""
    combined: dict[str, Uitkomst] = {}
    for t in sql:
        gx_per_naam = {u.naam: u for u in gx.get(t.table, [])}
        for u in t.uitkomsten:
            tweede = gx_per_naam.get(u.naam)
            _combine(combined, tweede if u.geslaagd and tweede and not tweede.geslaagd else u, t.table)
    return list(combined.values())


def _run_rijen(source: str) -> str:
    return f"_load_id in ({run_leveringen(source)})"


def _combine(combined: dict[str, Uitkomst], u: Uitkomst, table: str) -> None:
    melding = u.melding if u.geslaagd else f"{table}: {u.melding}"
    earlier = combined.get(u.naam)
    if earlier is None:
        combined[u.naam] = Uitkomst(u.naam, u.geslaagd, u.afwijkend, melding)
        return
    failed = [m for m in (earlier.melding, melding) if m != "geslaagd"] if not (earlier.geslaagd and u.geslaagd) else []
    combined[u.naam] = Uitkomst(
        u.naam,
        earlier.geslaagd and u.geslaagd,
        earlier.afwijkend + u.afwijkend,
        "; ".join(failed)[:1000] if failed else "geslaagd",
    )
