"""A tiny serving snapshot for the dashboard tests, pointed to by STUURWIEL_SERVING."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from snapshot_fixture import build_snapshot

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"


@pytest.fixture
def serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = build_snapshot(tmp_path / "serving.duckdb")
    monkeypatch.setenv("STUURWIEL_SERVING", str(path))
    return path


@pytest.fixture
def app(serving: Path) -> AppTest:
    """The dashboard, not yet run, reading the fixture snapshot."""
    return AppTest.from_file(APP, default_timeout=30)
