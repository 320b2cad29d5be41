"""The schedule in Dagster: the sensor asks for a report only when the gate passed, and the job stores it."""

import json
from datetime import date, datetime

import dagster as dg
import pytest

from pipelines.config import Settings
from pipelines.definitions import defs
from pipelines.rapporten import JOB, RUN_TAG, rapporten
from reports import opslag
from reports.periode import Periode, parse
from tests.reports.planning_snapshots import VERSIE, levering, schrijf

HERFST = date(2025, 10, 15)  # K3 2025 and 2024 are closed


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    for naam in ("STUURWIEL_SERVING", "STUURWIEL_REPORTS"):
        monkeypatch.delenv(naam, raising=False)
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    return Settings.from_env()


@pytest.fixture
def gemaakt(monkeypatch) -> list[tuple]:
    """maak_en_bewaar replaced by one that stores a rapport.json as the real one does, without rendering."""
    aanroepen = []

    def nep(gebied: str, periode: Periode, settings: Settings | None = None, aanleiding: str = "handmatig"):
        aanroepen.append((gebied, periode, aanleiding))
        meta = {"snapshot_versie": VERSIE, "gemaakt_op": datetime.now().isoformat(), "aanleiding": aanleiding}
        return opslag.bewaar(settings.reports_dir, gebied, periode, {"html": b"<h1>Rapport</h1>"}, meta)

    monkeypatch.setattr("reports.maak.maak_en_bewaar", nep)
    return aanroepen


def _evalueer():
    return rapporten(dg.build_sensor_context(definitions=defs))


def test_the_code_location_has_the_report_job_and_its_running_sensor():
    sensor = defs.resolve_sensor_def("rapporten")
    assert sensor.job_name == JOB == "rapporteren"
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.minimum_interval_seconds == 300
    assert "laden" in {job.name for job in defs.resolve_all_job_defs()}  # the load job is still there
    job = defs.resolve_job_def(JOB)
    assert job.graph.node_named("rapport_maken").definition.pool == "rapporten"
    assert RUN_TAG.items() <= job.tags.items()  # what dagster.yaml can queue report runs by


def test_without_a_snapshot_the_sensor_says_why(settings):
    uitkomst = _evalueer()
    assert isinstance(uitkomst, dg.SkipReason)
    assert "Nog geen gepubliceerde gegevens" in uitkomst.skip_message


def test_the_sensor_asks_for_each_due_report_once_per_snapshot(settings):
    schrijf(settings.data_dir, HERFST, [levering("b1", "berichten", "GM0153")], gemeenten=("GM0153",))
    verzoeken = _evalueer()
    assert {(r.tags["gebied"], r.tags["periode"]) for r in verzoeken} == {
        (g, p) for g in ("GM0153", "REGIO") for p in ("2025-Q3", "2024")
    }
    assert "GM0153-2025-Q3-" + VERSIE in {r.run_key for r in verzoeken}
    assert [r.run_key for r in _evalueer()] == [r.run_key for r in verzoeken]  # the same keys: Dagster runs it once
    for verzoek in verzoeken:
        op_config = {"gebied": verzoek.tags["gebied"], "periode": verzoek.tags["periode"]}
        assert verzoek.run_config == {"ops": {"rapport_maken": {"config": op_config}}}
        dg.validate_run_config(defs.resolve_job_def(JOB), verzoek.run_config)


def test_the_sensor_skips_while_the_gate_holds_the_gemeente_back(settings):
    geblokkeerd = levering("b2", "berichten", "GM0153", "geblokkeerd", datetime(2026, 1, 15, 8, 45))
    schrijf(settings.data_dir, HERFST, [levering("b1", "berichten", "GM0153"), geblokkeerd], gemeenten=("GM0153",))
    uitkomst = _evalueer()
    assert isinstance(uitkomst, dg.SkipReason)
    assert "Geen rapport te maken" in uitkomst.skip_message
    assert "GM0153 levering berichten van 15-01-2026 08:45 tegengehouden door de poort" in uitkomst.skip_message


def test_the_job_stores_the_report_and_the_sensor_then_has_nothing_left(settings, gemaakt):
    schrijf(settings.data_dir, HERFST, [levering("b1", "berichten", "GM0153")], gemeenten=("GM0153",))
    job = defs.resolve_job_def(JOB)
    for verzoek in _evalueer():
        resultaat = job.execute_in_process(run_config=verzoek.run_config, tags=verzoek.tags)
        assert resultaat.success
    assert sorted((g, p.code, a) for g, p, a in gemaakt) == [
        ("GM0153", "2024", "schema"),
        ("GM0153", "2025-Q3", "schema"),
        ("REGIO", "2024", "schema"),
        ("REGIO", "2025-Q3", "schema"),
    ]
    map_ = settings.reports_dir / "GM0153" / "2025-Q3"
    meta = json.loads((map_ / "rapport.json").read_text(encoding="utf-8"))
    assert (meta["gebied"], meta["periode"], meta["aanleiding"]) == ("GM0153", "2025-Q3", "schema")
    assert (map_ / "rapport.html").exists()
    uitkomst = _evalueer()
    assert isinstance(uitkomst, dg.SkipReason) and "Rapport bestaat al: GM0153 K3 2025" in uitkomst.skip_message


def test_the_job_returns_the_folder_it_stored(settings, gemaakt):
    resultaat = defs.resolve_job_def(JOB).execute_in_process(
        run_config={"ops": {"rapport_maken": {"config": {"gebied": "GM0168", "periode": "2025-H2"}}}}
    )
    assert resultaat.output_for_node("rapport_maken") == str(settings.reports_dir / "GM0168" / "2025-H2")
    assert gemaakt == [("GM0168", parse("2025-H2"), "schema")]
