"""Trajects as CBS counts them: renewals and overlapping toewijzingen at one aanbieder are one traject.

The chaining rule is tests/e2e/ketens.py (plain Python, not the SQL under test); instroom, uitstroom and
lopende trajecten against it are in test_indicators.py, the mean duration here.
"""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from .conftest import GEMEENTEN
from .ketens import ketens
from .test_indicators import PERIODS, _in_scope, _per_wet, _period_end, trajecten

WETTEN = ("jeugd", "wmo")


@pytest.fixture(scope="module")
def toewijzingen(loaded_region):
    return trajecten(loaded_region.region)


@pytest.fixture(scope="module")
def cbs_trajecten(toewijzingen):
    return ketens(toewijzingen)


def _rij(wet, client, aanbieder, start, einde, nummer, reden="31"):
    return {
        "wet": wet,
        "gemeente": "GM0001",
        "client": client,
        "aanbieder": aanbieder,
        "categorie": "45",
        "ingang": start,
        "start": start,
        "stop": einde,
        "einde": einde,
        "reden": reden,
        "nummer": nummer,
    }


def test_the_rule_needs_a_day_without_help():
    d = dt.date
    rows = [
        _rij("jeugd", 1, 1, d(2024, 1, 1), d(2024, 3, 10), "1", "35"),
        _rij("jeugd", 1, 1, d(2024, 3, 11), d(2024, 9, 30), "2"),  # the next day: a renewal
        _rij("jeugd", 2, 1, d(2024, 1, 1), d(2024, 3, 10), "3"),
        _rij("jeugd", 2, 1, d(2024, 3, 12), None, "4"),  # 11 March without help: a new traject
        _rij("jeugd", 3, 1, d(2024, 1, 1), d(2024, 3, 10), "5"),
        _rij("jeugd", 3, 2, d(2024, 3, 11), None, "6"),  # another aanbieder: a new traject
    ]
    got = sorted((r["client"], r["start"], r["stop"], r["reden"], r["toewijzingen"]) for r in ketens(rows))
    assert got == [
        (1, d(2024, 1, 1), d(2024, 9, 30), "31", 2),
        (2, d(2024, 1, 1), d(2024, 3, 10), "31", 1),
        (2, d(2024, 3, 12), None, "31", 1),
        (3, d(2024, 1, 1), d(2024, 3, 10), "31", 1),
        (3, d(2024, 3, 11), None, "31", 1),
    ]


def test_the_demo_has_renewals(toewijzingen, cbs_trajecten):
    """Otherwise chaining would change nothing the e2e tests can see."""
    started = [r for r in toewijzingen if r["start"] is not None]
    assert any(t["toewijzingen"] > 1 for t in cbs_trajecten)
    assert len(cbs_trajecten) < len(started)


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize(("periode_type", "start"), PERIODS)
def test_gemiddelde_duur(loaded_region, cbs_trajecten, gemeente, periode_type, start):
    end = _period_end(periode_type, start)
    ended = [r for r in cbs_trajecten if _in_scope(r, gemeente) and r["stop"] is not None and start <= r["stop"] <= end]
    expected = {}
    for wet in WETTEN:
        duren = [(r["stop"] - r["start"]).days + 1 for r in ended if r["wet"] == wet]
        if duren:
            expected[wet] = (statistics.fmean(duren), len(duren))
    if ended:
        expected["totaal"] = (statistics.fmean((r["stop"] - r["start"]).days + 1 for r in ended), len(ended))
    got = _per_wet(loaded_region, "gemiddelde_duur", gemeente, start, periode_type)
    assert {k: (pytest.approx(v[0]), v[1]) for k, v in got.items()} == expected
