"""A load rebuilds only what its deliveries change, and only on a warehouse as the last dbt build left it, apart from
the raw tables runs announced before they wrote (a run killed or held back at the gate)."""

import shutil

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


def test_a_budget_or_contract_list_lets_the_serving_models_replace_only_the_indicators_it_feeds(home, tmp_path):
    begroting = _namen(_plan(begroting=[tmp_path / "begroting_2025.csv"]).selectie(ALLE, home))
    assert bouwstand.per_indicator(begroting) == ["ind_lasten_begroting_ytd", "ind_lasten_prognose"]
    contracten = _namen(_plan(aanbieders=[tmp_path / "contracten.csv"]).selectie(ALLE, home))
    # dim_aanbieder is rebuilt too, but the serving models that go per indicator do not read it
    assert "dim_aanbieder" in contracten
    assert bouwstand.per_indicator(contracten) == [
        "ind_budgetuitputting",
        "ind_kosten_per_succesvol_traject",
        "ind_lasten_per_financieringsvorm",
        "ind_lasten_prognose",
    ]


@pytest.mark.parametrize("bron", ["berichten", "brp", "cbs_kwb"])
def test_a_source_that_changes_what_every_indicator_reads_rebuilds_every_row(home, tmp_path, bron):
    # messages move the vintage (fct_volledigheid), the BRP the population, CBS the benchmark figures
    gekozen = _namen(_plan(**{bron: [tmp_path / "x"]}).selectie(ALLE, home))
    assert "fct_indicator_publicatie" in gekozen
    assert bouwstand.per_indicator(gekozen) is None


def test_no_indicator_rebuilt_means_no_per_indicator_build():
    assert bouwstand.per_indicator({"dim_gemeente", "fct_indicator_values", "fct_indicator_publicatie"}) is None
    assert bouwstand.per_indicator({"ind_instroom", "fct_indicator_values"}) == ["ind_instroom"]


def test_everything_is_rebuilt_when_the_warehouse_changed_unannounced_since_the_last_build(home, tmp_path):
    home.warehouse_path.write_bytes(b"stuurwiel accept, or a tool outside Stuurwiel")
    selectie = _plan(begroting=[tmp_path / "begroting_2025.csv"]).selectie(ALLE, home)
    assert {"int_gemeenten", "dim_gemeente", "cbs_bevolking"} <= _namen(selectie)


def test_everything_is_rebuilt_without_deliveries_or_a_recorded_build(home, tmp_path):
    assert _plan().selectie(ALLE, home) is not None  # accept: all models, no silent periodic raw table
    assert {"int_gemeenten", "fct_geld_detail"} <= _namen(_plan().selectie(ALLE, home))
    nieuw = Settings(home=tmp_path / "nieuw", key_path=tmp_path / "key")
    selectie = _plan(begroting=[tmp_path / "begroting_2025.csv"]).selectie(ALLE, nieuw)
    assert {"int_gemeenten", "dim_gemeente", "cbs_bevolking"} <= _namen(selectie)


def test_changed_dbt_code_makes_the_next_load_rebuild_everything(home, monkeypatch):
    assert bouwstand.verouderd(home) == frozenset()
    monkeypatch.setattr(bouwstand, "_vingerafdruk", lambda: "andere modellen")
    assert bouwstand.verouderd(home) is None


def test_after_an_announced_run_died_the_next_load_also_rebuilds_what_that_run_fed(home, tmp_path):
    bouwstand.voornemen(home, ingest.SOURCE_TABLES["enquete"])  # a run of a survey delivery, under the slot
    with open(home.warehouse_path, "ab") as f:  # it wrote, then died (or the gate held it back)
        f.write(b"survey rows")
    assert bouwstand.verouderd(home) == {"enquete_antwoorden"}
    selectie = _plan(begroting=[tmp_path / "begroting_2025.csv"]).selectie(ALLE, home)
    assert _namen(selectie, "raw") == {"begroting"}, "the dead run's files are not read again"
    assert BEGROTING_STROOMAF | bouwstand.stroomafwaarts({"enquete_antwoorden"}) <= _namen(selectie)
    assert not {"int_gemeenten", "stg_grootboek__boekingen"} & _namen(selectie)


def test_announcements_add_up_until_a_build_that_covers_them_is_recorded(home):
    bouwstand.voornemen(home, ["begroting"])
    bouwstand.voornemen(home, ["enquete_antwoorden"])
    assert bouwstand.verouderd(home) == {"begroting", "enquete_antwoorden"}
    bouwstand.vastleggen(home)
    assert bouwstand.verouderd(home) == frozenset()


def test_a_copy_of_a_home_as_built_still_rebuilds_partially_after_an_announced_run(home, tmp_path):
    kopie = Settings(home=tmp_path.with_name(tmp_path.name + "-kopie"), key_path=home.key_path)
    shutil.copytree(home.home, kopie.home)  # a backup put back, times kept: another inode
    bouwstand.voornemen(kopie, ["begroting"])
    with open(kopie.warehouse_path, "ab") as f:
        f.write(b"rows")
    assert bouwstand.verouderd(kopie) == {"begroting"}


def test_a_new_or_swapped_in_warehouse_file_makes_announcements_worthless(home):
    bouwstand.voornemen(home, ["begroting"])
    nieuw = home.warehouse_path.with_name("nieuw.duckdb")
    nieuw.write_bytes(b"warehouse")  # as the migration swaps a rewritten file in: another inode
    nieuw.replace(home.warehouse_path)
    assert bouwstand.verouderd(home) is None
    home.warehouse_path.unlink()
    assert bouwstand.verouderd(home) is None


def test_nothing_is_announced_on_a_state_that_already_means_rebuild_everything(home):
    home.warehouse_path.write_bytes(b"changed unannounced")
    bouwstand.voornemen(home, ["begroting"])
    assert bouwstand.verouderd(home) is None
    bouwstand.vastleggen(home)
    bouwstand.vergeten(home)
    assert bouwstand.verouderd(home) is None


def test_a_run_announces_its_raw_tables_and_a_run_of_everything_forgets(home):
    from pipelines.resources import _aankondigen

    _aankondigen(home, {dg.AssetKey(["raw", "begroting"]), dg.AssetKey("int_begroting__actueel")})
    assert bouwstand.verouderd(home) == {"begroting"}
    _aankondigen(home, None)
    assert bouwstand.verouderd(home) is None


def test_the_dbt_step_records_a_clean_state_only_for_a_build_that_covers_every_change(home):
    from pipelines.assets.dbt import _dekt

    assert _dekt(home, set())  # nothing changed since the last build: any subset leaves it clean
    bouwstand.voornemen(home, ["begroting"])
    begroting = bouwstand.stroomafwaarts({"begroting"})
    assert _dekt(home, begroting | {"ind_wachttijd_mediaan"})
    assert not _dekt(home, begroting - {"fct_indicator_publicatie"})
    bouwstand.vergeten(home)
    assert not _dekt(home, begroting)
