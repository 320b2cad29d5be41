"""A delivery that breaks a blocking rule stops the run before dbt and leaves the snapshot unchanged."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from pipelines import run

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
    assert not {"dbt_modellen", "dbt_serving", "serving_snapshot"} & set(report.steps_done)
    assert report.exit_code == 1
    assert any("taakveld" in g for g in report.gate_failures), report.gate_failures
    assert _digest(serving) == before, "a blocked delivery must not change the published snapshot"
    with duckdb.connect(str(loaded_region.home / "data" / "warehouse.duckdb"), read_only=True) as con:
        poort = con.execute("select poort from meta.loads where bestand = ?", [str(bad)]).fetchone()[0]
        staged = con.execute("select count(*) from staging.stg_grootboek__boekingen where taakveld = '6.711' "
                             "and boekjaar = 2022").fetchone()[0]
        kept = con.execute("select count(*) from raw.grootboek where _bestand = ?", [str(bad)]).fetchone()[0]
    assert poort == "geblokkeerd"
    assert staged == 0, "staging must never read a blocked delivery"
    assert kept == 1, "the blocked rows stay in the warehouse for the data steward: nothing is lost"
