"""The Datakwaliteit page and the blocked-delivery warning, on a quality snapshot written by the pipeline's
own publish step from a warehouse holding one blocked and one partially loaded delivery."""

from datetime import datetime
from pathlib import Path

import pytest
from snapshot_fixture import GEPUBLICEERD

from pipelines.gate import kwaliteit, poort
from pipelines.warehouse import Warehouse

NA_PUBLICATIE = datetime(2025, 6, 4, 9, 30)
VOOR_PUBLICATIE = datetime(2025, 6, 1, 7, 0)


def _levering(con, load_id, bron, bestand, op, status, poort_, rows_in, quarantined, gemeenten):
    con.execute(
        "insert into meta.loads (load_id, run_id, bron, bestand, sha256, geladen_op, rijen_in, rijen_geladen, "
        "rijen_quarantaine, status, poort, gemeenten) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            f"run-{load_id}",
            bron,
            f"/inbox/{bestand}",
            load_id,
            op,
            rows_in,
            rows_in - quarantined,
            quarantined,
            status,
            poort_,
            gemeenten,
        ],
    )


def build_kwaliteit(tmp_path: Path, geblokkeerd_op: datetime) -> Path:
    store = Warehouse(tmp_path / "warehouse.duckdb")
    store.ensure_schema()
    with store.connect() as con:
        # an earlier delivery of the same ledger: the page shows the newest per source and gemeente
        _levering(
            con,
            "L-grootboek-eerder",
            "grootboek",
            "grootboek_2025_v1.csv",
            datetime(2025, 5, 20, 8, 0),
            "loaded",
            "doorgelaten",
            190,
            0,
            "GM0153",
        )
        _levering(
            con,
            "L-grootboek",
            "grootboek",
            "grootboek_2025.csv",
            VOOR_PUBLICATIE,
            "partially_loaded",
            "doorgelaten",
            200,
            2,
            "GM0153",
        )
        con.executemany(
            "insert into meta.quarantaine values ('L-grootboek', '/inbox/grootboek_2025.csv', ?, ?, ?, ?, ?)",
            [
                [17, "2025;31-02-2025;0153;...", "datum_ongeldig", "Boekdatum is geen geldige datum", "31-02-2025"],
                [18, "2025;01-03-2025;0153;...", "bedrag_ongeldig", "Bedrag is geen getal", "12,3,4"],
            ],
        )
        _levering(
            con,
            "L-berichten",
            "berichten",
            "2025-06/jw301.zip",
            geblokkeerd_op,
            "loaded",
            "geblokkeerd",
            4000,
            0,
            "GM0153,GM0164",
        )
        poort.apply_verdict(
            con,
            "berichten",
            "run-L-berichten",
            [
                poort.Controle("eenheid_frequentie", False, 0.08, 0.0, "320 van 4000 toewijzingen ...", 320),
                poort.Controle("quarantaine_aandeel", True, 0.0, 0.05, "binnen de drempel", 0),
            ],
        )
        kwaliteit.publish(con, tmp_path / "kwaliteit.duckdb")
    return tmp_path / "kwaliteit.duckdb"


@pytest.fixture
def kwaliteit_na(serving, tmp_path) -> Path:
    """Quality snapshot beside the serving one, with a delivery blocked after the snapshot was published."""
    return build_kwaliteit(serving.parent, NA_PUBLICATIE)


def test_a_blocked_newer_delivery_shows_a_warning_above_the_last_good_numbers(app_als, kwaliteit_na):
    for gebruiker in ("raad", "beheer"):
        app = app_als(gebruiker)
        app.run()
        assert not app.exception
        [warning] = app.warning
        assert "tegengehouden" in warning.value and "berichten" in warning.value
        assert f"gepubliceerd {GEPUBLICEERD:%d-%m-%Y %H:%M}" in warning.value
        assert app.metric, "the last good numbers are still shown"
        # the file name and the way to the reason are for the steward only
        assert ("Zie Datakwaliteit" in warning.value) == (gebruiker == "beheer")
        assert "jw301.zip" not in warning.value


def test_no_warning_when_the_blocked_delivery_is_older_than_the_snapshot(app, serving):
    build_kwaliteit(serving.parent, VOOR_PUBLICATIE)
    app.run()
    assert not app.exception and not app.warning


def test_quality_page_shows_deliveries_findings_and_quarantine(app_als, kwaliteit_na):
    app = app_als("beheer")
    app.run()
    app.switch_page("views/datakwaliteit.py").run()
    assert not app.exception
    assert app.title[0].value == "Datakwaliteit"
    leveringen = app.dataframe[0].value
    rijen = {(r["Bron"], r["Gemeente"]): (r["Status"], r["Poort"]) for _, r in leveringen.iterrows()}
    assert rijen == {
        ("Grootboek", "GM0153"): ("deels geladen", "doorgelaten"),
        ("iJw/iWmo-berichten", "GM0153"): ("geladen", "tegengehouden"),
        ("iJw/iWmo-berichten", "GM0164"): ("geladen", "tegengehouden"),
    }
    [bevinding] = app.expander
    assert "Eenheid en frequentie passen niet bij elkaar" in bevinding.label
    assert "CS338" in " ".join(c.value for c in bevinding.caption)
    assert "stuurwiel accept L-berichten" in " ".join(c.value for c in bevinding.caption)
    quarantaine = app.dataframe[1].value
    assert sorted(quarantaine["Controle"]) == ["bedrag_ongeldig", "datum_ongeldig"]
    # positions and reasons reach the dashboard; the quarantined lines and values do not
    assert [k.proto.label for k in app.get("download_button")][:2] == ["CSV", "Excel"]


def test_quarantined_content_never_reaches_the_dashboard_file(kwaliteit_na):
    import duckdb

    con = duckdb.connect(str(kwaliteit_na), read_only=True)
    try:
        kolommen = [r[0] for r in con.execute("describe quarantaine").fetchall()]
        tekst = " ".join(str(v) for rij in con.execute("select * from quarantaine").fetchall() for v in rij)
    finally:
        con.close()
    assert "inhoud" not in kolommen and "waarde" not in kolommen
    assert "31-02-2025" not in tekst and "12,3,4" not in tekst and "0153;" not in tekst


def test_only_beheer_reaches_the_quality_page(app_als, kwaliteit_na):
    for gebruiker in ("raad", "beleid", "controller"):
        app = app_als(gebruiker, pagina="datakwaliteit")
        app.run()
        assert not app.exception
        assert "Datakwaliteit" not in [t.value for t in app.title]


def test_quality_page_is_reachable_when_the_first_delivery_was_blocked(app_als, tmp_path, monkeypatch):
    kaal = tmp_path / "kaal"
    kaal.mkdir()
    monkeypatch.setenv("STUURWIEL_SERVING", str(kaal / "serving.duckdb"))  # never published
    build_kwaliteit(kaal, NA_PUBLICATIE)
    app = app_als("beheer")
    app.run()
    assert not app.exception
    assert app.title[0].value == "Datakwaliteit"
    assert app.expander, "the steward sees why the first delivery was held back"
