"""`stuurwiel load --json` as a user runs it: one JSON object on stdout, exit code by outcome."""

from __future__ import annotations

import json

import pytest

from pipelines.cli import main


def test_reloading_a_delivered_file_changes_nothing(loaded_region, capsys):
    ledger = sorted((loaded_region.sources / "grootboek").iterdir())[0]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_HOME", str(loaded_region.home))
        code = main(["load", "--json", str(ledger)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["gepubliceerd"] is True
    [entry] = report["bestanden"]
    assert (entry["bestand"], entry["bron"], entry["status"]) == (str(ledger), "grootboek", "skipped_duplicate")
    assert set(entry) == {
        "bestand",
        "bron",
        "rijen_in",
        "rijen_geladen",
        "rijen_quarantaine",
        "status",
        "poort",
        "fouten",
    }


BAD_LEDGER = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;Crediteurnummer;Crediteurnaam;"
    "Omschrijving;Bedrag\n"
    "2022;15-03-2022;0168;6.711;4.3.8;KP01;C0001;Zorg BV;Hulp bij het huishouden;12.345,67\n"  # 6.711: from 2025
)


def test_a_cli_load_is_a_run_of_the_instance_and_an_unknown_inbox_file_is_archived(tmp_path, capsys):
    """One plan, one job, one instance: the load shows in the Dagster UI's run history like a sensor run."""
    import dagster as dg
    import duckdb

    home, dagster_home = tmp_path / "home", tmp_path / "dagster_home"
    inbox = home / "data" / "inbox"
    inbox.mkdir(parents=True)
    (inbox / "grootboek_2022.csv").write_text(BAD_LEDGER, encoding="cp1252")
    (inbox / "notulen.txt").write_text("geen levering", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_HOME", str(home))
        mp.setenv("DAGSTER_HOME", str(dagster_home))
        code = main(["load", "--json", str(inbox)])
        with dg.DagsterInstance.get() as instance:
            runs = instance.get_runs()
    report = json.loads(capsys.readouterr().out)

    assert code == 1 and report["gepubliceerd"] is False, "the gate holds the bad ledger back"
    assert [r.job_name for r in runs] == ["laden"] and runs[0].tags["bron"] == "stuurwiel load"
    assert runs[0].tags["dagster/asset_partition_range_start"] == "2022-03-01"
    assert (dagster_home / "dagster.yaml").exists(), "the project's instance settings, as the Makefile copies them"
    unknown = [f for f in report["bestanden"] if f["bron"] == "onbekend"]
    assert [(f["status"], f["fouten"][0]["controle"]) for f in unknown] == [("rejected", "onbekend_bestand")]
    with duckdb.connect(str(home / "data" / "warehouse.duckdb"), read_only=True) as con:
        recorded = con.execute("select run_id, status, reden from meta.loads where bron = 'onbekend'").fetchall()
    assert recorded == [(runs[0].run_id, "rejected", "onbekend_bestand")], "recorded in the run that saw it"
    assert not list(inbox.iterdir()), "every inbox file is archived and removed, the unknown one too"
    archived = (home / "data" / "archive").rglob("*.versleuteld")
    assert {p.name.split("_", 1)[1].removesuffix(".versleuteld") for p in archived} == {
        "grootboek_2022.csv",
        "notulen.txt",
    }
