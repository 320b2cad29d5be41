"""A delivery that breaks a blocking rule stops the run before dbt and leaves the snapshot unchanged."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboards import gebruikers
from pipelines import run

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"

BAD_LEDGER = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;Crediteurnummer;Crediteurnaam;"
    "Omschrijving;Bedrag\n"
    # 6.711 exists only from 2025: booking it in 2022 breaks the Iv3 regime of that year.
    "2022;15-03-2022;0168;6.711;4.3.8;KP01;C0001;Zorg BV;Hulp bij het huishouden;12.345,67\n"
)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_blocked_delivery_keeps_the_published_snapshot(loaded_region, tmp_path):
    serving = loaded_region.home / "data" / "serving.duckdb"
    before = _digest(serving)
    bad = tmp_path / "grootboek_fout.csv"
    bad.write_text(BAD_LEDGER, encoding="cp1252")

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_HOME", str(loaded_region.home))
        report = run.load([bad])

    assert not report.published
    assert "raw_grootboek" not in report.steps_done, "the gate is a blocking check: the source step fails"
    assert not {"dbt_modellen", "serving_snapshot"} & set(report.steps_done)
    assert report.exit_code == 1
    assert any("taakveld" in g for g in report.gate_failures), report.gate_failures
    assert _digest(serving) == before, "a blocked delivery must not change the published snapshot"
    with duckdb.connect(str(loaded_region.home / "data" / "warehouse.duckdb"), read_only=True) as con:
        poort = con.execute("select poort from meta.loads where bestand = ?", [str(bad)]).fetchone()[0]
        staged = con.execute(
            "select count(*) from staging.stg_grootboek__boekingen where taakveld = '6.711' and boekjaar = 2022"
        ).fetchone()[0]
        kept = con.execute("select count(*) from raw.grootboek where _bestand = ?", [str(bad)]).fetchone()[0]
    assert poort == "geblokkeerd"
    assert staged == 0, "staging must never read a blocked delivery"
    assert kept == 1, "the blocked rows stay in the warehouse for the data steward: nothing is lost"


def test_the_dashboard_keeps_the_last_good_numbers_and_warns(loaded_region, tmp_path, monkeypatch):
    """After the blocked delivery above: the quality history says why, the dashboard says it was held back."""
    bad = tmp_path / "grootboek_fout_2.csv"
    bad.write_text(BAD_LEDGER.replace("12.345,67", "22.345,67"), encoding="cp1252")
    monkeypatch.setenv("STUURWIEL_HOME", str(loaded_region.home))
    report = run.load([bad])
    assert not report.published
    kwaliteit = loaded_region.home / "data" / "kwaliteit.duckdb"
    with duckdb.connect(str(kwaliteit), read_only=True) as con:
        load_id, poort = con.execute("select load_id, poort from leveringen where bestand = ?", [bad.name]).fetchone()
        titel, geslaagd = con.execute(
            "select titel, geslaagd from controles c join leveringen l using (run_id, bron) "
            "where l.load_id = ? and c.controle = 'taakveld_geldig_in_jaar'",
            [load_id],
        ).fetchone()
    assert (poort, titel, geslaagd) == ("geblokkeerd", "Taakveld bestaat niet in dat jaar", False)

    gebruikers.voeg_toe(tmp_path / "gebruikers.yaml", "beheer", "beheer", "REGIO", "beheer-test")
    monkeypatch.setenv("STUURWIEL_USERS", str(tmp_path / "gebruikers.yaml"))
    monkeypatch.setenv("STUURWIEL_AUDIT", str(tmp_path / "audit.jsonl"))
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state["authentication_status"] = True  # as the login form leaves it
    app.session_state["username"] = "beheer"
    app.run()
    assert not app.exception
    assert any(
        "tegengehouden" in w.value and "grootboek" in w.value and "Zie Datakwaliteit" in w.value for w in app.warning
    )
    assert app.metric, "the last good figures are still on screen"


def test_an_operator_can_accept_a_blocked_delivery(loaded_region, tmp_path, monkeypatch):
    """On a copy of the loaded region: accepting publishes a new snapshot that includes the delivery."""
    home = tmp_path / "kopie"
    shutil.copytree(loaded_region.home, home)
    monkeypatch.setenv("STUURWIEL_HOME", str(home))
    bad = tmp_path / "grootboek_fout_3.csv"
    bad.write_text(BAD_LEDGER.replace("12.345,67", "32.345,67"), encoding="cp1252")
    blocked = run.load([bad])
    [outcome] = [f for f in blocked.files if f.path == str(bad)]

    with pytest.raises(run.AcceptError):
        run.accept([outcome.load_id], "  ", "beheerder")
    report = run.accept([outcome.load_id], "Taakveld bewust zo geboekt, bevestigd door controller", "beheerder")

    assert report.published
    with duckdb.connect(str(home / "data" / "warehouse.duckdb"), read_only=True) as con:
        assert (
            con.execute("select poort from meta.loads where load_id = ?", [outcome.load_id]).fetchone()[0]
            == "doorgelaten"
        )
        assert con.execute("select reden, geaccepteerd_door from meta.acceptaties").fetchall() == [
            ("Taakveld bewust zo geboekt, bevestigd door controller", "beheerder")
        ]
        staged = con.execute(
            "select count(*) from staging.stg_grootboek__boekingen where bedrag = 32345.67"
        ).fetchone()[0]
    assert staged == 1
    with pytest.raises(run.AcceptError):
        run.accept([outcome.load_id], "nogmaals", "beheerder")  # no longer blocked
