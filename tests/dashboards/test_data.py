from pathlib import Path

from dashboards import data
from dashboards.toegang import REGIO, Rol, Toegang
from pipelines.config import PROJECT_ROOT


def test_serving_path_prefers_explicit_file(monkeypatch, tmp_path):
    monkeypatch.setenv("STUURWIEL_SERVING", str(tmp_path / "x.duckdb"))
    monkeypatch.setenv("STUURWIEL_HOME", "/elders")
    assert data.serving_path() == tmp_path / "x.duckdb"


def test_serving_path_under_home(monkeypatch):
    monkeypatch.delenv("STUURWIEL_SERVING", raising=False)
    monkeypatch.setenv("STUURWIEL_HOME", "/srv/stuurwiel")
    assert data.serving_path() == Path("/srv/stuurwiel/data/serving.duckdb")


def test_serving_path_defaults_to_project(monkeypatch):
    monkeypatch.delenv("STUURWIEL_SERVING", raising=False)
    monkeypatch.delenv("STUURWIEL_HOME", raising=False)
    assert data.serving_path() == PROJECT_ROOT / "data" / "serving.duckdb"


def test_no_snapshot_when_file_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("STUURWIEL_SERVING", str(tmp_path / "ontbreekt.duckdb"))
    assert data.current_snapshot() is None


def test_queries_aggregate_in_sql(serving):
    snapshot = data.current_snapshot()
    toegang = Toegang("beleid", Rol.beleid, REGIO)
    perioden = data.perioden(toegang, snapshot, "maand")
    assert [f"{p:%Y-%m-%d}" for p in perioden["periode"][:3]] == ["2025-05-01", "2025-04-01", "2025-03-01"]
    # mei 2025 is 85% and april 97% complete in the fixture: (almost) no indicator is definitief yet
    assert perioden["aandeel_definitief"][:2].max() < 0.5 and perioden["aandeel_definitief"][2] == 1.0
    trends = data.trends(toegang, snapshot, "GM0153", perioden["periode"][0])
    basis = trends[trends["indicator_id"].isin(["bereik_jeugdhulp", "zonder_herhaling", "tijdig_gestart"])]
    assert basis.groupby("indicator_id").size().eq(24).all()  # the fixture's own six run 26 months
    taakvelden = data.taakvelden(toegang, snapshot, REGIO, perioden["periode"][0])
    assert taakvelden[["taakveld", "lasten", "begroting"]].values.tolist() == [
        ["6.711 Huishoudelijke hulp (WMO)", 1_874_567.0, 2_400_000.0],
        ["6.751 Jeugdhulp ambulant lokaal", 3_930_000.0, 4_000_000.0],
    ]
