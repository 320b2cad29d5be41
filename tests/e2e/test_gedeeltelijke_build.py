"""A load rebuilds only the models its deliveries feed, and still publishes every serving table.

On a copy of the loaded region: a load without deliveries rebuilds everything, a corrected budget then rebuilds
only what the budget feeds (the per-indicator serving models only the rows of its indicators, which a full rebuild
afterwards leaves exactly as they are), and a budget the gate blocks runs no dbt at all.
"""

from __future__ import annotations

import json
import math
import shutil

import duckdb
import pytest

from pipelines import bouwstand, run
from pipelines.bouwstand import MANIFEST, target_dir
from pipelines.config import Settings

HEADER = "Begrotingsjaar;Gemeentecode;Taakveld;Soort;Wijzigingnummer;Datum;Bedrag\n"
# Read from the models' ref()s: what a budget feeds.
BEGROTING_STROOMAF = {
    "stg_begroting__regels",
    "int_begroting__actueel",
    "ind_lasten_begroting_ytd",
    "ind_lasten_prognose",
    "fct_indicator_values",
    "fct_indicator_publicatie",
    "fct_cbs_vergelijking",
}
BEGROTING_INDICATOREN = ("lasten_begroting_ytd", "lasten_prognose")


def _gebouwd(settings: Settings) -> set[str]:
    """The models the last dbt build ran (its run_results.json)."""
    results = json.loads((target_dir(settings) / "run_results.json").read_text(encoding="utf-8"))
    return {r["unique_id"].split(".")[-1] for r in results["results"] if r["unique_id"].startswith("model.")}


def _waarden(home, tabel: str = "fct_indicator_values") -> list[tuple]:
    with duckdb.connect(str(home / "data" / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(f"select * from serving.{tabel} order by all").fetchall()


def _gecompileerd(settings: Settings, model: str) -> str:
    """The SQL the last dbt build ran for ``model``."""
    results = json.loads((target_dir(settings) / "run_results.json").read_text(encoding="utf-8"))
    return next(r["compiled_code"] for r in results["results"] if r["unique_id"].endswith(f".{model}"))


def _tabellen(home) -> list[str]:
    with duckdb.connect(str(home / "data" / "serving.duckdb"), read_only=True) as con:
        return [r[0] for r in con.execute("select table_name from information_schema.tables order by 1").fetchall()]


@pytest.fixture(scope="module")
def kopie(loaded_region, tmp_path_factory):
    """A copy of the loaded region after a load without deliveries: everything rebuilt, nothing changed."""
    home = tmp_path_factory.mktemp("gedeeltelijk") / "home"
    shutil.copytree(loaded_region.home, home)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_HOME", str(home))
        report = run.load([])
        settings = Settings.from_env()
    assert report.published
    return home, settings


def test_a_load_without_deliveries_rebuilds_every_model(kopie):
    _, settings = kopie
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    alle = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    assert _gebouwd(settings) == alle


def test_a_corrected_budget_rebuilds_what_it_feeds_and_publishes_everything(kopie, tmp_path, monkeypatch):
    home, settings = kopie
    voor, tabellen_voor = _waarden(home), _tabellen(home)
    budget = tmp_path / "begroting_2024.csv"
    budget.write_text(HEADER + "2024;0168;6.71b;Primitieve begroting;0;10-11-2023;2.000.000,00\n", encoding="cp1252")
    monkeypatch.setenv("STUURWIEL_HOME", str(home))

    report = run.load([budget])

    assert report.published and report.exit_code == 0, report.problems()
    assert _gebouwd(settings) == BEGROTING_STROOMAF
    assert _tabellen(home) == tabellen_voor, "the snapshot carries the tables that were not rebuilt"
    na = _waarden(home)
    anders = {r for r in na if r[0] not in BEGROTING_INDICATOREN} ^ {
        r for r in voor if r[0] not in BEGROTING_INDICATOREN
    }
    assert not anders, "indicators the budget does not feed keep their values"
    with duckdb.connect(str(home / "data" / "warehouse.duckdb"), read_only=True) as con:
        noemer = con.execute(
            "select max(noemer) from serving.fct_indicator_values where indicator_id = 'lasten_begroting_ytd' "
            "and gemeentecode = 'GM0168' and year(periode) = 2024"
        ).fetchone()[0]
    assert noemer == 2_000_000.0, "the year's budget is the corrected one"

    # The serving models went per indicator: only the budget's indicators were computed and replaced ...
    assert "v.indicator_id in ('lasten_begroting_ytd', 'lasten_prognose')" in _gecompileerd(
        settings, "fct_indicator_publicatie"
    )
    waarden_sql = _gecompileerd(settings, "fct_indicator_values")
    assert "ind_lasten_begroting_ytd" in waarden_sql and "ind_wachttijd_mediaan" not in waarden_sql
    per_indicator = {tabel: _waarden(home, tabel) for tabel in ("fct_indicator_values", "fct_indicator_publicatie")}
    # ... and a full rebuild of everything from the same warehouse gives the very same rows.
    assert run.load([]).published
    results = json.loads((target_dir(settings) / "run_results.json").read_text(encoding="utf-8"))
    assert results["args"]["full_refresh"], "a build that is not per indicator rebuilds those models whole"
    for tabel, rijen in per_indicator.items():
        verschil = _eerste_verschil(_waarden(home, tabel), rijen)
        assert verschil is None, f"{tabel}: per indicator is not as rebuilt whole: {verschil}"


def _eerste_verschil(links: list[tuple], rechts: list[tuple]) -> str | None:
    """The first row that differs, floats to 1e-9 relative or 1e-6 absolute: two builds of the same data may sum
    in another order (DuckDB aggregates in parallel) and differ in the last bit (2819033.4000000004 against
    2819033.4), and a difference of two such values (verschil_vorige_periode) in more than its last bit."""
    if len(links) != len(rechts):
        return f"{len(links)} rows against {len(rechts)}"
    for a, b in zip(links, rechts, strict=True):
        if len(a) != len(b) or not all(_zelfde(x, y) for x, y in zip(a, b, strict=True)):
            return f"{a} against {b}"
    return None


def _zelfde(x: object, y: object) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6) or (math.isnan(x) and math.isnan(y))
    return x == y


def test_a_blocked_budget_runs_no_dbt(kopie, tmp_path, monkeypatch):
    home, _ = kopie
    serving = (home / "data" / "serving.duckdb").read_bytes()
    budget = tmp_path / "begroting_2022.csv"
    # 6.711 exists only from 2025: budgeting it in 2022 breaks the Iv3 regime of that year.
    budget.write_text(HEADER + "2022;0168;6.711;Primitieve begroting;0;10-11-2021;1.000,00\n", encoding="cp1252")
    monkeypatch.setenv("STUURWIEL_HOME", str(home))

    report = run.load([budget])

    assert not report.published and report.gate_failures
    assert not {"dbt_modellen", "serving_snapshot"} & set(report.steps_done)
    assert (home / "data" / "serving.duckdb").read_bytes() == serving


def test_after_a_blocked_budget_the_next_delivery_also_rebuilds_what_the_budget_feeds(
    kopie, loaded_region, tmp_path, monkeypatch
):
    # A blocked budget writes its rows to raw (held back, not read by staging) and announces its table; the next
    # load, of another source, rebuilds what both feed and nothing else (pipelines/bouwstand.py).
    home, settings = kopie
    budget = tmp_path / "begroting_2021.csv"
    budget.write_text(HEADER + "2021;0168;6.711;Primitieve begroting;0;10-11-2020;1.000,00\n", encoding="cp1252")
    enquete = sorted((loaded_region.sources / "enquete").glob("*.csv"))[-1]  # loaded before: no new rows
    monkeypatch.setenv("STUURWIEL_HOME", str(home))

    assert not run.load([budget]).published
    report = run.load([enquete])

    assert report.published and report.exit_code == 0, report.problems()
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    modellen = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    verwacht = bouwstand.stroomafwaarts({"enquete_antwoorden", "begroting"}) & modellen
    assert BEGROTING_STROOMAF < verwacht < modellen
    assert _gebouwd(settings) == verwacht
    assert bouwstand.verouderd(settings) == frozenset(), (
        "the build covered every announced table: the state is clean again"
    )
