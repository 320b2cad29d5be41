"""Great Expectations on a bounded sample of a run's rows, with Data Docs under data/quality/.

GX 1.x validates pandas batches (it has no DuckDB data source, stack notes) at about 7.5 µs a row plus half a
second a batch: fine for a sample, not for a national first load of 90 million rows. So GX sees one batch
per table of at most STEEKPROEF rows drawn uniformly from the run (DuckDB's reservoir sample), plus up to
FOUT_RIJEN rows for each expectation the SQL pass (suite_sql.py) found broken, so that the Data Docs show
what failed. Memory and time stay the same whatever a delivery's size.

Results carry counts, never values: the Data Docs are files anyone with the folder can open, and a broken
value may be a date of birth or a pseudonym.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.gate import suite_sql
from pipelines.gate.suite_sql import Uitkomst, Verwachting

STEEKPROEF = 10_000
FOUT_RIJEN = 20
DOCS_SITE = "stuurwiel"
# No unexpected values in a result, so none reach the Data Docs.
RESULTAAT = {"result_format": "SUMMARY", "exclude_unexpected_values": True}
_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")


class GxRun:
    """One GX context for one gate evaluation: every validation is stored and rendered into Data Docs."""

    def __init__(self, docs_dir: Path, run_name: str):
        import great_expectations as gx  # about 4 s to import: only when a suite really runs
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.run_name = run_name
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        docs_dir.mkdir(parents=True, exist_ok=True)
        self.context.add_data_docs_site(
            DOCS_SITE,
            {
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        self._batch = (
            self.context.data_sources.add_pandas("levering")
            .add_dataframe_asset("rijen")
            .add_batch_definition_whole_dataframe("geheel")
        )
        self._suites: dict[Path, object] = {}

    def validate(self, path: Path, label: str, rows: pd.DataFrame) -> list[Uitkomst]:
        gx = self._gx
        if path not in self._suites:
            self._suites[path] = self.context.suites.add(gx.ExpectationSuite(**_load_suite(path)))
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=label, data=self._batch, suite=self._suites[path])
        )
        run_id = gx.core.run_identifier.RunIdentifier(run_name=f"{self.run_name} {label}")
        result = definition.run(
            batch_parameters={"dataframe": nanoseconde_datums(rows)}, result_format=RESULTAAT, run_id=run_id
        )
        return [_outcome(r, len(rows)) for r in result.results]

    def build_docs(self) -> None:
        self.context.build_data_docs(site_names=[DOCS_SITE])


def batch(
    con: duckdb.DuckDBPyConnection, table: str, rijen: str, params: dict, gebroken: list[Verwachting]
) -> pd.DataFrame:
    """The sample of raw.<table> (rows where `rijen`) plus rows that break the `gebroken` expectations."""
    delen = [
        f"select _rij from (select rowid as _rij from raw.{table} where {rijen}) "
        f"using sample reservoir({STEEKPROEF} rows) repeatable (42)"
    ]
    delen += [f"{suite_sql.fout_rijen(table, rijen, v)} limit {FOUT_RIJEN}" for v in gebroken if v.soort != "kolommen"]
    keuze = " union ".join(f"({d})" for d in delen)
    return con.execute(f"select * from raw.{table} where rowid in ({keuze}) order by rowid", params).df()


def _load_suite(path: Path) -> dict:
    """The suite file, with {"$PARAMETER": "vandaag"} replaced by today's date: a file cannot hold it.

    Date bounds become timestamps: GX would read "2000-01-01" as a date, which pandas cannot compare
    with a datetime column.
    """
    vandaag = f"{date.today().isoformat()}T00:00:00"

    def fill(value):
        if value == {"$PARAMETER": "vandaag"}:
            return vandaag
        if isinstance(value, str) and _DATUM.fullmatch(value):
            return f"{value}T00:00:00"
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return [fill(v) for v in value] if isinstance(value, list) else value

    return fill(json.loads(path.read_text(encoding="utf-8")))


def nanoseconde_datums(rows: pd.DataFrame) -> pd.DataFrame:
    """Dates as datetime64[ns]: only then does GX compare them vectorised against the suite's ISO bounds.

    Dates outside what nanoseconds can hold (before 1678, after 2261) become empty, which the
    not-null expectations catch where a date is required (suite_sql.NS_VAN/NS_TOT say the same in SQL).
    """
    for column in rows.select_dtypes(include=["datetime"]).columns:
        values = rows[column]
        binnen = (values > pd.Timestamp(suite_sql.NS_VAN)) & (values < pd.Timestamp(suite_sql.NS_TOT))
        rows[column] = values.where(binnen).astype("datetime64[ns]")
    return rows


def _outcome(result, rijen: int) -> Uitkomst:
    config = result.expectation_config
    column = config.kwargs.get("column") or config.kwargs.get("column_A")
    naam = suite_sql.naam_van(config.type, config.kwargs)
    afwijkend = float(result.result.get("unexpected_count") or 0)
    if result.success:
        return Uitkomst(naam, True, afwijkend, "geslaagd")
    waar = f" op {column}" if column else ""
    return Uitkomst(
        naam,
        False,
        afwijkend,
        f"{config.type}{waar}: {int(afwijkend)} afwijkend in een steekproef van {rijen} rijen (Great Expectations)",
    )
