"""Great Expectations suites run on the deliveries of one run, with Data Docs under data/quality/.

Suites live under version control in expectations/: `<source>.json` for a single-table source,
`<source>/<table>.json` for each raw table of a source with several (the messages). GX 1.x has no DuckDB
data source (stack notes), so rows are fetched as pandas batches: one per table and delivery, split by
year when a delivery is large. Per month would be the natural unit, but GX costs about half a second
per batch whatever its size, which for five years of eight message tables is minutes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.config import PROJECT_ROOT
from pipelines.gate.staten import Status

SUITES_DIR = PROJECT_ROOT / "expectations"
_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")
DOCS_SITE = "stuurwiel"
MAX_BATCH_ROWS = 1_000_000  # larger deliveries are validated per year, to bound memory


@dataclass
class Uitkomst:
    naam: str
    geslaagd: bool
    afwijkend: float
    melding: str


def suite_paths(source: str, tables: tuple[str, ...]) -> dict[str, Path]:
    """The suite file per raw table of a source; tables without one are not validated by GX."""
    single = SUITES_DIR / f"{source}.json"
    if single.exists():
        return {tables[0]: single}
    return {t: SUITES_DIR / source / f"{t}.json" for t in tables if (SUITES_DIR / source / f"{t}.json").exists()}


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

    def validate(self, path: Path, label: str, rows) -> list[Uitkomst]:
        gx = self._gx
        if path not in self._suites:
            self._suites[path] = self.context.suites.add(gx.ExpectationSuite(**_load_suite(path)))
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=label, data=self._batch, suite=self._suites[path])
        )
        run_id = gx.core.run_identifier.RunIdentifier(run_name=f"{self.run_name} {label}")
        result = definition.run(batch_parameters={"dataframe": _nanosecond_dates(rows)}, run_id=run_id)
        return [_outcome(r) for r in result.results]

    def build_docs(self) -> None:
        self.context.build_data_docs(site_names=[DOCS_SITE])


def validate_run(
    con: duckdb.DuckDBPyConnection,
    source: str,
    tables: tuple[str, ...],
    run_id: str,
    docs_dir: Path,
    jaar_kolom: dict[str, str],
) -> list[Uitkomst]:
    """Every suite of the source on this run's rows: one batch per table, split by year when large.

    Outcomes of the same expectation over tables and years are combined (failed when any batch failed,
    naming the batch), so the history holds one line per rule.
    """
    loads = f"select load_id from meta.loads where run_id = $run_id and bron = $bron and status <> '{Status.REJECTED}'"
    params = {"run_id": run_id, "bron": source}
    gx_run: GxRun | None = None
    combined: dict[str, Uitkomst] = {}
    for table, path in suite_paths(source, tables).items():
        rijen = con.execute(f"select count(*) from raw.{table} where _load_id in ({loads})", params).fetchone()[0]
        if not rijen:
            continue
        kolom = jaar_kolom.get(table) if rijen > MAX_BATCH_ROWS else None
        deel = f"coalesce(year({kolom})::varchar, '?')" if kolom else "'geheel'"
        for (label,) in con.execute(
            f"select distinct {deel} from raw.{table} where _load_id in ({loads}) order by 1",
            params,
        ).fetchall():
            rows = con.execute(
                f"select * from raw.{table} where _load_id in ({loads}) and {deel} = $label",
                {**params, "label": label},
            ).df()
            gx_run = gx_run or GxRun(docs_dir, run_id[:8])
            for u in gx_run.validate(path, f"{table} {label}", rows):
                _combine(combined, u, f"{table} {label}")
    if gx_run:
        gx_run.build_docs()
    return list(combined.values())


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


def _nanosecond_dates(rows):
    """Dates as datetime64[ns]: only then does GX compare them vectorised against the suite's ISO bounds.

    Dates outside what nanoseconds can hold (before 1678, after 2261) become empty, which the
    not-null expectations catch where a date is required.
    """
    for column in rows.select_dtypes(include=["datetime"]).columns:
        values = rows[column]
        binnen = (values > pd.Timestamp("1678-01-01")) & (values < pd.Timestamp("2261-12-31"))
        rows[column] = values.where(binnen).astype("datetime64[ns]")
    return rows


def _combine(combined: dict[str, Uitkomst], u: Uitkomst, batch: str) -> None:
    melding = u.melding if u.geslaagd else f"{batch}: {u.melding}"
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


def _outcome(result) -> Uitkomst:
    config = result.expectation_config
    column = config.kwargs.get("column") or config.kwargs.get("column_A")
    naam = f"gx:{config.type}" + (f":{column}" if column else "")
    afwijkend = float(result.result.get("unexpected_count") or 0)
    if result.success:
        return Uitkomst(naam, True, afwijkend, "geslaagd")
    voorbeelden = ", ".join(map(str, (result.result.get("partial_unexpected_list") or [])[:3]))
    melding = (
        f"{config.type} op {column}: {int(afwijkend)} afwijkende waarde(n), bijvoorbeeld {voorbeelden}"
        if column
        else f"{config.type}: {json.dumps(result.result, default=str)[:200]}"
    )
    return Uitkomst(naam, False, afwijkend, melding)
