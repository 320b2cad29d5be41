from pathlib import Path

from dashboards import data
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
    assert [m.isoformat() for m in data.maanden(snapshot)[:2]] == ["2025-05-01", "2025-04-01"]
    trends = data.trends(snapshot, "GM0153", data.maanden(snapshot)[0])
    assert trends.groupby("indicator_id").size().eq(24).all()
    taakvelden = data.taakvelden(snapshot, data.REGIO, data.maanden(snapshot)[0])
    assert taakvelden[["taakveld", "lasten", "begroting"]].values.tolist() == [
        ["6.711 Huishoudelijke hulp (WMO)", 1_874_567.0, 2_400_000.0],
        ["6.751 Jeugdhulp ambulant lokaal", 3_930_000.0, 4_000_000.0],
    ]
