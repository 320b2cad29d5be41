"""The dashboard logged in as each role, on the dashboard tests' small snapshot (tests/dashboards/).

Imported by the access, small-cell and logboek tests of this folder; its fixtures are the ones of
tests/dashboards/conftest.py, rebuilt here because a conftest of another folder is not importable by name.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

DASHBOARD_TESTS = Path(__file__).resolve().parents[1] / "dashboards"
sys.path.append(str(DASHBOARD_TESTS))  # after the test folders: its conftest never shadows theirs

from snapshot_fixture import build_snapshot  # noqa: E402

from dashboards import gebruikers  # noqa: E402
from dashboards.toegang import REGIO, Rol, Toegang  # noqa: E402

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
# gebruiker -> (rol, gemeente, wachtwoord): one region user per role and one gemeente user
GEBRUIKERS = {
    "raad": ("raad", REGIO, "raad-test"),
    "beleid": ("beleid", REGIO, "beleid-test"),
    "controller": ("controller", REGIO, "controller-test"),
    "beheer": ("beheer", REGIO, "beheer-test"),
    "enschede": ("beleid", "GM0153", "enschede-test"),
}
TOEGANG = {naam: Toegang(naam, Rol[rol], gemeente) for naam, (rol, gemeente, _) in GEBRUIKERS.items()}


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

    def maak(gebruiker: str, pagina: str | None = None, **query) -> AppTest:
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


def zichtbare_tekst(at: AppTest) -> str:
    """Everything the page drew as text: titles, captions, markdown, metrics, tables, options and downloads."""
    delen: list[str] = []
    for soort in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"):
        delen += [str(e.value) for e in getattr(at, soort)]
    delen += [f"{m.label} {m.value}" for m in at.metric]
    delen += [e.value.to_csv() for e in at.dataframe]
    delen += [e.value.to_csv() for e in at.table]
    for soort in ("selectbox", "multiselect", "radio"):
        for e in getattr(at, soort):
            delen += [str(o) for o in e.options]
    return "\n".join(delen)
