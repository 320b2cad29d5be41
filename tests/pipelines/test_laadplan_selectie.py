"""A load rebuilds only what its deliveries change, and only on a warehouse as the last dbt build left it."""

import dagster as dg
import pytest

from pipelines import bouwstand, ingest, laadplan
from pipelines.config import Settings
from pipelines.definitions import defs

ALLE = defs.resolve_all_asset_keys()
# Read from the models' ref()s: what a budget feeds, and what it does not.
BEGROTING_STROOMAF = {
    "stg_begroting__regels",
    "int_begroting__actueel",
    "ind_lasten_begroting_ytd",
    "fct_indicator_values",
    "fct_indicator_publicatie",
}
NIET_BEGROTING = {"int_gemeenten", "int_bevolking", "stg_grootboek__boekingen", "ind_wachttijd_mediaan", "dim_gemeente"}


def _plan(**bestanden) -> laadplan.LoadPlan:
    return laadplan.LoadPlan({name: bestanden.get(name, []) for name in ingest.SOURCES}, [], None)


@pytest.fixture
def home(tmp_path) -> Settings:
    """A home whose warehouse is as its last successful dbt build left it."""
    settings = Settings(home=tmp_path, key_path=tmp_path / "key")
    settings.data_dir.mkdir(parents=True)
    settings.warehouse_path.write_bytes(b"warehouse")
    bouwstand.vastleggen(settings)
    return settings


def _namen(selectie: list[dg.AssetKey], schema: str | None = None) -> set[str]:
    return {k.path[-1] for k in selectie if schema is None or k.path[0] == schema}


def test_a_budget_rebuilds_only_the_models_it_feeds(home, tmp_path):
    selectie = _plan(begroting=[tmp_path / "begroting_2025.csv"]).selectie(ALLE, home)
    assert BEGROTING_STROOMAF <= _namen(selectie)
    assert not NIET_BEGROTING & _namen(selectie)
    assert _namen(selectie, "raw") == {"begroting"}, "no other source is read, the CBS reference neither"
    assert {dg.AssetKey("serving_snapshot"), dg.AssetKey(laadplan.ONBEKEND_ASSET)} <= set(selectie)


def test_contracts_do_not_pull_in_the_ledger_that_is_checked_against_them(home, tmp_path):
    selectie = _plan(aanbieders=[tmp_path / "contracten.csv"]).selectie(ALLE, home)
    assert _namen(selectie, "raw") == set(ingest.SOURCE_TABLES["aanbieders"])
    assert "stg_aanbieders__contracten" in _namen(selectie)
    assert "stg_grootboek__boekingen" not in _namen(selectie), "the Dagster-only edge to raw/grootboek is no dbt ref"


def test_everything_is_rebuilt_when_the_warehouse_changed_since_the_last_build(home, tmp_path):
    home.warehouse_path.write_bytes(b"a delivery the gate held back")
    selectie = _plan(begroting=[tmp_path / "begroting_2025.csv"]).selectie(ALLE, home)
    assert {"int_gemeenten", "dim_gemeente", "cbs_bevolking"} <= _namen(selectie)


def test_everything_is_rebuilt_without_deliveries_or_a_recorded_build(home, tmp_path):
    assert _plan().selectie(ALLE, home) is not None  # accept: all models, no silent periodic raw table
    assert {"int_gemeenten", "fct_geld_detail"} <= _namen(_plan().selectie(ALLE, home))
    nieuw = Settings(home=tmp_path / "nieuw", key_path=tmp_path / "key")
    selectie = _plan(begroting=[tmp_path / "begroting_2025.csv"]).selectie(ALLE, nieuw)
    assert {"int_gemeenten", "dim_gemeente", "cbs_bevolking"} <= _namen(selectie)


def test_changed_dbt_code_makes_the_next_load_rebuild_everything(home, monkeypatch):
    assert bouwstand.bijgewerkt(home)
    monkeypatch.setattr(bouwstand, "_vingerafdruk", lambda: "andere modellen")
    assert not bouwstand.bijgewerkt(home)
