"""The dashboard logged in as each role, on the dashboard tests' small snapshot (tests/dashboards/).

Imported by the access, small-cell and logboek tests of this folder; its fixtures are those of
tests/dashboards/ingelogd.py, which the dashboard tests use too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

DASHBOARD_TESTS = Path(__file__).resolve().parents[1] / "dashboards"
sys.path.append(str(DASHBOARD_TESTS))  # after the test folders: its conftest never shadows theirs

from ingelogd import GEBRUIKERS, app_als, serving, users_file  # noqa: E402, F401 (fixtures, re-exported)

from dashboards.toegang import Rol, Toegang  # noqa: E402

TOEGANG = {naam: Toegang(naam, Rol[rol], gemeente) for naam, (rol, gemeente, _) in GEBRUIKERS.items()}


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
