"""Monthly partitions of the periodic sources: which months a delivery is about, and how a run covers them."""

import zipfile
from datetime import date, datetime
from pathlib import Path

import dagster as dg
import pytest

from pipelines import ingest, laadplan, partities
from pipelines.config import Settings
from pipelines.definitions import defs
from pipelines.sources import berichten, grootboek

VOORBEELDEN = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "reference"
    / "istandaarden-3.2"
    / "ijw"
    / "voorbeeldberichten"
)
LEDGER_HEADER = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;Crediteurnummer;Crediteurnaam;Omschrijving;Bedrag"
)


def _ledger(tmp_path: Path, *boekdatums: str, encoding: str = "cp1252", name: str = "grootboek.csv") -> Path:
    path = tmp_path / name
    lines = [LEDGER_HEADER] + [f"2024;{d};0168;6.71b;3.4.1;K;C1;Zorg Één BV;x;1,00" for d in boekdatums]
    path.write_text("\r\n".join(lines) + "\r\n", encoding=encoding)
    return path


def _message(dagtekening: str) -> bytes:
    text = (VOORBEELDEN / "JW301.xml").read_text(encoding="utf-8")
    start = text.index("Dagtekening>") + len("Dagtekening>")
    return (text[:start] + dagtekening + text[start + 10 :]).encode()


def test_message_period_is_its_dagtekening():
    assert berichten.periode(VOORBEELDEN / "JW301.xml") == (date(2026, 4, 1),) * 2


def test_zip_period_spans_its_first_and_last_message(tmp_path):
    path = tmp_path / "jw301.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number, day in enumerate(["2024-01-31", "2024-02-10", "2024-03-01"]):
            archive.writestr(f"{number}.xml", _message(day))
    assert berichten.periode(path) == (date(2024, 1, 31), date(2024, 3, 1))


@pytest.mark.parametrize("data", [b"", b"<geen bericht/>", b"PK\x03\x04kapot"])
def test_unreadable_message_has_no_period(tmp_path, data):
    path = tmp_path / "x.xml"
    path.write_bytes(data)
    assert berichten.periode(path) is None


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_ledger_period_is_its_first_and_last_valid_boekdatum(tmp_path, encoding):
    path = _ledger(tmp_path, "15-04-2024", "31-13-2024", "02-01-2024", "", "2024-05-09", encoding=encoding)
    assert grootboek.periode(path) == (date(2024, 1, 2), date(2024, 5, 9))


def test_range_covers_every_month_of_the_periodic_deliveries(tmp_path):
    ledger = _ledger(tmp_path, "15-04-2024", "20-06-2024")
    message = tmp_path / "jw301.xml"
    message.write_bytes(_message("2023-12-05"))
    window = partities.bereik([("grootboek", ledger), ("berichten", message), ("begroting", tmp_path / "b.csv")])
    assert window == dg.PartitionKeyRange("2023-12-01", "2024-06-01")
    assert partities.bereik([("begroting", tmp_path / "b.csv")]) is None


def test_unreadable_delivery_counts_for_the_month_it_arrived(tmp_path):
    broken = tmp_path / "kapot.xml"
    broken.write_bytes(b"<")
    window = partities.bereik([("berichten", broken)], vandaag=date(2026, 11, 22))
    assert window == dg.PartitionKeyRange("2026-11-01", "2026-11-01")


def test_inbox_file_belongs_to_a_run_whose_window_overlaps_its_months():
    maart = dg.TimeWindow(datetime(2024, 3, 1), datetime(2024, 4, 1))
    assert partities.in_window((date(2024, 2, 20), date(2024, 3, 2)), maart)
    assert not partities.in_window((date(2024, 4, 1), date(2024, 4, 30)), maart)
    assert not partities.in_window((date(2024, 1, 1), date(2024, 2, 29)), maart)
    assert partities.in_window(None, maart), "a file without a readable period goes with any run"


def test_messages_and_ledger_are_monthly_partitioned_in_amsterdam_time():
    graph = defs.resolve_asset_graph()
    for key in (["raw", "berichten_declaratie"], ["raw", "grootboek"]):
        node = graph.get(dg.AssetKey(key))
        assert node.partitions_def == partities.MAANDEN
        assert node.backfill_policy == dg.BackfillPolicy.single_run()
    assert partities.MAANDEN.timezone == "Europe/Amsterdam"
    assert graph.get(dg.AssetKey(["raw", "begroting"])).partitions_def is None


def _plan(**bestanden) -> laadplan.LoadPlan:
    return laadplan.LoadPlan({name: bestanden.get(name, []) for name in ingest.SOURCES}, [], None)


def test_run_without_a_delivered_periodic_source_leaves_its_assets_out(tmp_path):
    # A home without a recorded dbt build: every load rebuilds all models (pipelines/bouwstand.py).
    home = Settings(home=tmp_path, key_path=tmp_path / "key")
    only_ledger = set(_plan(grootboek=[tmp_path / "g.csv"]).selectie(defs.resolve_all_asset_keys(), home))
    assert dg.AssetKey(["raw", "grootboek"]) in only_ledger
    assert dg.AssetKey(["raw", "berichten_declaratie"]) not in only_ledger
    assert dg.AssetKey(["serving_snapshot"]) in only_ledger
    both = _plan(grootboek=[tmp_path / "g.csv"], berichten=[tmp_path / "b.zip"])
    assert both.selectie(defs.resolve_all_asset_keys(), home) is None
    assert "raw_berichten" in both.run_config()["ops"]
    assert "raw_berichten" not in _plan().run_config()["ops"], "no config for a step that does not run"


def test_one_plan_names_each_file_its_source_its_months_and_the_unknown(tmp_path):
    ledger = _ledger(tmp_path, "15-04-2024", "20-06-2024")
    (tmp_path / "notities.txt").write_text("geen levering", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"")
    plan = laadplan.maak([tmp_path])
    assert plan.bestanden["grootboek"] == [ledger] and plan.geleverd == ["grootboek"]
    assert plan.onbekend == [tmp_path / "notities.txt"]
    assert plan.maanden == dg.PartitionKeyRange("2024-04-01", "2024-06-01")
    assert plan.tags()["dagster/asset_partition_range_start"] == "2024-04-01"
    ops = plan.run_config()["ops"]
    assert ops["raw_grootboek"]["config"] == {"paths": [str(ledger)], "inbox": False}
    assert ops[laadplan.ONBEKEND_ASSET]["config"]["paths"] == [str(tmp_path / "notities.txt")]
    assert laadplan.maak([ledger], forced_source="begroting").bestanden["begroting"] == [ledger]
