"""Which council reports the schedule makes: closed periods only, only after the gate, never twice."""

from datetime import date, datetime

import pytest

from pipelines.config import Settings
from reports import opslag, planning
from reports.periode import parse
from tests.reports.planning_snapshots import GEPUBLICEERD_OP, VERSIE, levering, schrijf

HERFST = date(2025, 10, 15)  # K4 2025 is running: K3 2025 and the year 2024 are the latest closed
ALLES = {(g, p) for g in ("GM0153", "GM0168", "REGIO") for p in ("2025-Q3", "2024")}
DOORGELATEN = [levering("b1", "berichten", "GM0153,GM0168"), levering("g1", "grootboek", "GM0153")]


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    for naam in ("STUURWIEL_SERVING", "STUURWIEL_REPORTS"):
        monkeypatch.delenv(naam, raising=False)
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    return Settings.from_env()


def _te_maken(settings: Settings) -> set[tuple[str, str]]:
    return {(v.gebied, v.periode.code) for v in planning.plan(settings).te_maken}


def _reden(settings: Settings, gebied: str, periode: str) -> str:
    (verzoek,) = [v for v in planning.plan(settings).niet_nu if (v.gebied, v.periode.code) == (gebied, periode)]
    return verzoek.reden


@pytest.mark.parametrize(
    ("peildatum", "kwartaal", "jaar"),
    [
        (date(2025, 10, 15), "2025-Q3", "2024"),
        (date(2025, 9, 30), "2025-Q2", "2024"),  # the quarter's last day: the day may still be coming in
        (date(2025, 10, 1), "2025-Q3", "2024"),
        (date(2025, 12, 31), "2025-Q3", "2024"),
        (date(2026, 1, 1), "2025-Q4", "2025"),
    ],
)
def test_latest_closed_period_ends_before_the_peildatum(peildatum, kwartaal, jaar):
    assert planning.laatst_afgesloten(peildatum, "kwartaal") == parse(kwartaal)
    assert planning.laatst_afgesloten(peildatum, "jaar") == parse(jaar)


def test_closed_quarter_and_year_are_due_for_every_gemeente_and_the_region_when_the_gate_passed(settings):
    schrijf(settings.data_dir, HERFST, DOORGELATEN)
    besluit = planning.plan(settings)
    assert {(v.gebied, v.periode.code) for v in besluit.te_maken} == ALLES
    assert besluit.snapshot_versie == VERSIE
    assert besluit.peildatum == HERFST  # the newest source's date, not the ledger's 30-06-2025
    assert all("door de poort" in v.reden for v in besluit.te_maken)


def test_the_running_quarter_is_not_due_even_with_figures(settings):
    schrijf(settings.data_dir, date(2025, 9, 30), DOORGELATEN)
    assert ("GM0153", "2025-Q3") not in _te_maken(settings)  # the snapshot has K3 rows, the quarter is not over
    assert ("GM0153", "2025-Q2") in _te_maken(settings)


def test_a_blocked_delivery_holds_back_its_gemeente_and_the_region(settings):
    geblokkeerd = levering("b2", "berichten", "GM0153", "geblokkeerd", datetime(2026, 1, 15, 8, 45))
    schrijf(settings.data_dir, HERFST, [*DOORGELATEN, geblokkeerd])
    assert _te_maken(settings) == {("GM0168", "2025-Q3"), ("GM0168", "2024")}
    reden = _reden(settings, "GM0153", "2025-Q3")
    assert "wacht op de poort" in reden and "GM0153 levering berichten van 15-01-2026 08:45" in reden
    assert "tegengehouden door de poort" in reden
    assert "GM0153 levering berichten" in _reden(settings, "REGIO", "2024")
    samenvatting = planning.plan(settings).samenvatting()
    assert samenvatting.startswith("2 te maken (gegevens tot en met 15-10-2025)")
    assert "GM0153 K3 2025, GM0153 2024, REGIO K3 2025, REGIO 2024" in samenvatting


def test_a_delivery_the_gate_has_not_judged_yet_holds_back_too(settings):
    schrijf(settings.data_dir, HERFST, [*DOORGELATEN, levering("g2", "grootboek", "GM0168", "wacht")])
    assert _te_maken(settings) == {("GM0153", "2025-Q3"), ("GM0153", "2024")}
    assert "nog niet beoordeeld" in _reden(settings, "GM0168", "2025-Q3")


def test_a_later_passing_redelivery_of_the_same_source_releases_the_gemeente(settings):
    geblokkeerd = levering("b2", "berichten", "GM0153", "geblokkeerd", datetime(2026, 1, 14, 8, 0))
    opnieuw = levering("b3", "berichten", "GM0153,GM0168", "doorgelaten", datetime(2026, 1, 15, 8, 0))
    schrijf(settings.data_dir, HERFST, [geblokkeerd, opnieuw])
    assert _te_maken(settings) == ALLES


def test_a_later_delivery_of_another_source_does_not_release_it(settings):
    geblokkeerd = levering("b2", "berichten", "GM0153", "geblokkeerd", datetime(2026, 1, 14, 8, 0))
    ander = levering("g2", "grootboek", "GM0153", "doorgelaten", datetime(2026, 1, 15, 8, 0))
    schrijf(settings.data_dir, HERFST, [geblokkeerd, ander])
    assert ("GM0153", "2025-Q3") not in _te_maken(settings)


def test_a_passing_redelivery_for_another_gemeente_does_not_release_it(settings):
    geblokkeerd = levering("b2", "berichten", "GM0153", "geblokkeerd", datetime(2026, 1, 14, 8, 0))
    ander = levering("b3", "berichten", "GM0168", "doorgelaten", datetime(2026, 1, 15, 8, 0))
    schrijf(settings.data_dir, HERFST, [geblokkeerd, ander])
    assert _te_maken(settings) == {("GM0168", "2025-Q3"), ("GM0168", "2024")}


def test_an_accepted_delivery_counts_once_the_snapshot_after_the_acceptance_is_published(settings):
    # Blocked on the 10th, accepted before the load that published the snapshot: the poort reads doorgelaten.
    geaccepteerd = levering(
        "b2", "berichten", "GM0153", geladen_op=datetime(2026, 1, 10), geaccepteerd_op=datetime(2026, 1, 15, 8, 50)
    )
    schrijf(settings.data_dir, HERFST, [geaccepteerd])
    assert _te_maken(settings) == ALLES


def test_an_acceptance_after_the_published_snapshot_waits_for_the_next_one(settings):
    na_publicatie = datetime(2026, 1, 15, 9, 30)
    assert na_publicatie > GEPUBLICEERD_OP
    geaccepteerd = levering(
        "b2", "berichten", "GM0153", geladen_op=datetime(2026, 1, 10), geaccepteerd_op=na_publicatie
    )
    schrijf(settings.data_dir, HERFST, [*DOORGELATEN, geaccepteerd])
    assert _te_maken(settings) == {("GM0168", "2025-Q3"), ("GM0168", "2024")}
    assert _reden(settings, "GM0153", "2024") == "wacht op publicatie van de levering van 15-01-2026 09:30"


def test_a_delivery_that_names_no_gemeente_is_about_all_of_them(settings):
    cbs = levering("c1", "cbs_kwb", None, "geblokkeerd", datetime(2026, 1, 15, 8, 45))
    schrijf(settings.data_dir, HERFST, [*DOORGELATEN, cbs])
    assert _te_maken(settings) == set()
    assert "GM0168 levering cbs_kwb" in _reden(settings, "GM0168", "2024")


def test_rejected_files_and_skipped_duplicates_hold_nothing_back(settings):
    onleesbaar = levering("x1", "onbekend", None, "geblokkeerd", datetime(2026, 1, 15, 8, 45), "rejected")
    dubbel = levering("b9", "berichten", None, "geblokkeerd", datetime(2026, 1, 15, 8, 45), "skipped_duplicate")
    schrijf(settings.data_dir, HERFST, [*DOORGELATEN, onleesbaar, dubbel])
    assert _te_maken(settings) == ALLES


def test_a_stored_report_is_not_made_again(settings):
    schrijf(settings.data_dir, HERFST, DOORGELATEN)
    opslag.bewaar(settings.reports_dir, "GM0153", parse("2025-Q3"), {"html": b"<p>"}, {"aanleiding": "handmatig"})
    assert _te_maken(settings) == ALLES - {("GM0153", "2025-Q3")}
    assert _reden(settings, "GM0153", "2025-Q3") == "rapport bestaat al"


def test_a_period_the_snapshot_has_no_figures_for_is_not_due(settings):
    schrijf(settings.data_dir, HERFST, DOORGELATEN, zonder=(("GM0168", "jaar", date(2024, 1, 1)),))
    assert _te_maken(settings) == ALLES - {("GM0168", "2024")}
    assert _reden(settings, "GM0168", "2024") == "geen cijfers over deze periode in de gepubliceerde gegevens"


def test_without_a_published_snapshot_nothing_is_due(settings):
    besluit = planning.plan(settings)
    assert besluit.te_maken == () and besluit.snapshot_versie is None
    assert besluit.samenvatting() == "Nog geen gepubliceerde gegevens: er is nog geen rapport te maken."


def test_planning_leaves_no_lock_on_the_snapshots(settings):
    import duckdb

    schrijf(settings.data_dir, HERFST, DOORGELATEN)
    planning.plan(settings)
    for pad in (settings.serving_path, settings.kwaliteit_path):
        con = duckdb.connect(str(pad))  # read-write: fails while any reader holds the file
        con.close()
