"""The delivery gate: SQL rules and GX suites over the deliveries of one run, as a blocking asset check.

A delivery that fails any rule is marked 'geblokkeerd' in meta.loads: staging never reads its rows,
the run fails before dbt, and the published snapshot stays as it was. The rows stay in the warehouse
(nothing is lost) for the data steward to inspect.
"""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg
import duckdb

from pipelines import warehouse
from pipelines.checks import suites
from pipelines.config import DBT_PROJECT_DIR
from pipelines.ingest import SOURCE_TABLES

# Share of quarantined rows above which a whole delivery is suspect rather than a few bad rows.
MAX_QUARANTAINE_AANDEEL = {"berichten": 0.05, "grootboek": 0.02, "begroting": 0.0, "cbs_kwb": 0.01}
DEFAULT_MAX_QUARANTAINE_AANDEEL = 0.02

TAAKVELDEN_CSV = DBT_PROJECT_DIR / "seeds" / "iv3_taakvelden.csv"


@dataclass
class Controle:
    naam: str
    geslaagd: bool
    waarde: float | None
    drempel: float | None
    melding: str


def _run_loads(source: str) -> str:
    return f"select load_id from meta.loads where run_id = $run_id and bron = '{source}' and status <> 'rejected'"


def quarantaine_aandeel(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> Controle:
    """Share of quarantined rows over all of this run's deliveries of the source.

    Taken over the whole delivery rather than per file: one bad row in a file of twelve is noise, a few
    percent of a month's messages is a broken export.
    """
    drempel = MAX_QUARANTAINE_AANDEEL.get(source, DEFAULT_MAX_QUARANTAINE_AANDEEL)
    quarantined, rows_in = con.execute(
        "select coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_in), 0) from meta.loads "
        "where run_id = ? and bron = ? and status <> 'rejected'", [run_id, source],
    ).fetchone()
    aandeel = quarantined / rows_in if rows_in else 0.0
    geslaagd = aandeel <= drempel
    melding = (f"{aandeel:.1%} van de regels in quarantaine ({quarantined} van {rows_in}; drempel {drempel:.0%})")
    return Controle("quarantaine_aandeel", geslaagd, aandeel, drempel, melding if not geslaagd else "binnen de drempel")


def _count_rule(con, naam: str, sql: str, run_id: str, melding: str) -> Controle:
    aantal = con.execute(sql, {"run_id": run_id}).fetchone()[0]
    return Controle(naam, aantal == 0, float(aantal), 0.0, f"{aantal} {melding}" if aantal else "geen afwijkingen")


def berichten_regels(con, run_id: str) -> list[Controle]:
    loads = _run_loads("berichten")
    return [
        _count_rule(
            con, "toewijzing_periode",
            f"select count(*) from raw.berichten_toewijzing where _load_id in ({loads}) "
            "and einddatum < ingangsdatum",
            run_id, "toewijzingen eindigen voor hun ingangsdatum",
        ),
        _count_rule(
            con, "declaratieperiode_een_maand",
            f"select count(*) from raw.berichten_declaratie where _load_id in ({loads}) "
            "and date_trunc('month', productperiode_begin) <> date_trunc('month', productperiode_eind)",
            run_id, "prestaties beslaan meer dan één kalendermaand (IV076)",
        ),
    ]


def _taakveld_regel(con, table: str, jaar_kolom: str, source: str, run_id: str) -> Controle:
    return _count_rule(
        con, "taakveld_geldig_in_jaar",
        f"select count(*) from raw.{table} r where r._load_id in ({_run_loads(source)}) and not exists ("
        f"select 1 from read_csv('{TAAKVELDEN_CSV}', all_varchar=true) t "
        f"where t.taakveld = r.taakveld and t.boekjaar::integer = r.{jaar_kolom})",
        run_id, "regels op een taakveld dat in dat jaar niet bestaat (Iv3)",
    )


RULES = {
    "berichten": berichten_regels,
    "grootboek": lambda con, run_id: [_taakveld_regel(con, "grootboek", "boekjaar", "grootboek", run_id)],
    "begroting": lambda con, run_id: [_taakveld_regel(con, "begroting", "begrotingsjaar", "begroting", run_id)],
}


def expectation_suite(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> list[Controle]:
    """The source's Great Expectations suite (expectations/<source>.json) on its raw table(s)."""
    return [
        Controle(naam, geslaagd, afwijkend, 0.0, melding)
        for table in SOURCE_TABLES[source]
        for naam, geslaagd, afwijkend, melding in suites.validate(con, source, table, run_id)
    ]


def evaluate(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> list[Controle]:
    rules = RULES.get(source, lambda _con, _run_id: [])
    return [quarantaine_aandeel(con, source, run_id), *rules(con, run_id), *expectation_suite(con, source, run_id)]


def apply_verdict(con: duckdb.DuckDBPyConnection, source: str, run_id: str, controles: list[Controle]) -> None:
    """Open or close the gate for this run's deliveries of the source, and keep the history."""
    poort = warehouse.POORT_DOORGELATEN if all(c.geslaagd for c in controles) else warehouse.POORT_GEBLOKKEERD
    con.execute("begin transaction")
    con.execute(
        "update meta.loads set poort = ? where run_id = ? and bron = ? and status <> 'rejected'",
        [poort, run_id, source],
    )
    con.executemany(
        "insert into meta.poortcontroles values (?, ?, ?, ?, ?, ?, ?, now()::timestamp)",
        [[run_id, source, c.naam, c.geslaagd, c.waarde, c.drempel, c.melding] for c in controles],
    )
    con.execute("commit")


def gate_result(con: duckdb.DuckDBPyConnection, source: str, run_id: str, check: dg.AssetCheckSpec) -> dg.AssetCheckResult:
    """Evaluate the gate for this run's deliveries of a source, record the verdict, and report it."""
    controles = evaluate(con, source, run_id)
    apply_verdict(con, source, run_id, controles)
    failed = [c for c in controles if not c.geslaagd]
    return dg.AssetCheckResult(
        asset_key=check.asset_key,
        check_name=check.name,
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR,
        description="; ".join(c.melding for c in failed) or "alle controles geslaagd",
        metadata={c.naam: dg.MetadataValue.text(f"{'ok' if c.geslaagd else 'FOUT'}: {c.melding}") for c in controles},
    )
