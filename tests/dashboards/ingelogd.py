"""The dashboard on the tests' tiny snapshot, logged in as a role: fixtures shared by tests/dashboards (through its
conftest) and tests/security (rollen_hulp), so both attack and describe the same app the same way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from snapshot_fixture import build_snapshot
from streamlit.testing.v1 import AppTest

from dashboards import gebruikers
from dashboards.toegang import REGIO

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
# gebruiker -> (rol, gemeente, wachtwoord): one region user per role and one gemeente user
GEBRUIKERS = {
    "raad": ("raad", REGIO, "raad-test"),
    "beleid": ("beleid", REGIO, "beleid-test"),
    "controller": ("controller", REGIO, "controller-test"),
    "beheer": ("beheer", REGIO, "beheer-test"),
    "enschede": ("beleid", "GM0153", "enschede-test"),
}


@pytest.fixture
def serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = build_snapshot(tmp_path / "serving.duckdb")
    monkeypatch.setenv("STUURWIEL_SERVING", str(path))
    monkeypatch.setenv("STUURWIEL_AUDIT", str(tmp_path / "audit" / "toegang.jsonl"))
    monkeypatch.setenv("STUURWIEL_REPORTS", str(tmp_path / "reports"))
    return path


@pytest.fixture
def users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pad = tmp_path / "gebruikers.yaml"
    for gebruiker, (rol, gemeente, wachtwoord) in GEBRUIKERS.items():
        gebruikers.voeg_toe(pad, gebruiker, rol, gemeente, wachtwoord)
    monkeypatch.setenv("STUURWIEL_USERS", str(pad))
    return pad


@pytest.fixture
def app_als(serving: Path, users_file: Path) -> Callable[..., AppTest]:
    """The dashboard, not yet run, logged in as `gebruiker` (as the login form leaves the session), on a
    page and with query parameters as a URL would carry them."""

    def maak(gebruiker: str = "beleid", pagina: str | None = None, **query) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state["authentication_status"] = True
        at.session_state["username"] = gebruiker
        at.session_state["name"] = gebruiker
        for sleutel, waarde in query.items():
            at.query_params[sleutel] = waarde
        if pagina:
            at.switch_page(f"views/{pagina}.py")
        return at

    return maak
