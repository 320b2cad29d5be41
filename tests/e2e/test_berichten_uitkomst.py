"""Strict drop-out and rejected declarations recomputed in plain Python from the generator's truth.

uitval_strikt: the trajects of tests/e2e/ketens.py (the CBS chaining rule, not int_trajecten.sql) ended in
the period, and the JZ588 / WMO588 codes of ../shared/domain.md 3.1 written out here. declaraties_afgewezen:
the Prestaties the generator declared, dated by their 323, and the RetourCode it decided for each
(demo/antwoorden.py, sent in a JW325 or WMO325), so a Wmo rejection is checked as well as a jeugd one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pytest

from .conftest import GEMEENTEN
from .ketens import ketens
from .test_indicators import PERIODS, WETTEN, _date, _in_scope, _per_wet, _period_end, trajecten

STRIKT = {"jeugd": {"32", "33"}, "wmo": {"21", "22"}}  # door cliënt, door aanbieder; not 'in overleg'
GEVALLEN = [(gemeente, *periode) for gemeente in (*GEMEENTEN, "REGIO") for periode in PERIODS]
ANTWOORDTERMIJN_DAGEN = 21  # a 323 counts once its 325 is surely in: 10 working days (OP090x4) and some


@pytest.fixture(scope="module")
def cbs_trajecten(loaded_region):
    return ketens(trajecten(loaded_region.region))


@pytest.fixture(scope="module")
def prestaties(loaded_region) -> list[dict]:
    """Every debet Prestatie of a 323 whose answer term has passed: gemeente, wet, the 323's date, amount in
    euro, and whether the gemeente's 325 rejected it."""
    r = loaded_region.region
    d, m, a = r.declaraties, r.declaratieberichten, r.declaratie_antwoorden
    last = max(m.dagtekening.max(), a.dagtekening[~np.isnat(a.dagtekening)].max())
    cutoff = _date(last) - dt.timedelta(days=ANTWOORDTERMIJN_DAGEN)
    rows = []
    for i in range(len(d)):
        bericht = int(d.bericht[i])
        verzonden = _date(m.dagtekening[bericht])
        if verzonden > cutoff or d.bedrag_cent[i] <= 0:
            continue  # the answer may still come, or a credit line (not a new claim)
        rows.append(
            {
                "gemeente": str(m.gemeentecode[bericht]),
                "wet": str(r.trajectories.wet[int(d.trajectory[i])]),
                "datum": verzonden,
                "bedrag": int(d.bedrag_cent[i]) / 100,
                "afgewezen": str(a.retourcode[i]) != "8001",
            }
        )
    return rows


def test_the_demo_rejects_wmo_declarations(prestaties):
    wmo = [p for p in prestaties if p["wet"] == "wmo"]
    assert wmo and 0.01 < sum(p["afgewezen"] for p in wmo) / len(wmo) < 0.06


@pytest.mark.parametrize(("gemeente", "periode_type", "start"), GEVALLEN)
def test_uitval_strikt(loaded_region, cbs_trajecten, gemeente, periode_type, start):
    stops = (r for r in cbs_trajecten if r["stop"] is not None and _in_scope(r, gemeente))
    ended = [r for r in stops if start <= r["stop"] <= _period_end(periode_type, start)]
    expected = {}
    for wet in (*WETTEN, "totaal"):
        of_wet = [r for r in ended if wet in (r["wet"], "totaal")]
        if of_wet:
            strikt = sum(r["reden"] in STRIKT[r["wet"]] for r in of_wet)
            expected[wet] = (pytest.approx(100 * strikt / len(of_wet)), strikt, len(of_wet))
    assert _per_wet(loaded_region, "uitval_strikt", gemeente, start, periode_type) == expected


@pytest.mark.parametrize(("gemeente", "periode_type", "start"), GEVALLEN)
def test_declaraties_afgewezen_per_wet(loaded_region, prestaties, gemeente, periode_type, start):
    end = _period_end(periode_type, start)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for p in prestaties:
        if _in_scope(p, gemeente) and start <= p["datum"] <= end:
            for key in (p["wet"], "totaal"):
                totals[key][0] += p["bedrag"] * p["afgewezen"]
                totals[key][1] += p["bedrag"]
    expected = {
        k: (pytest.approx(100 * af / ing), pytest.approx(af), pytest.approx(ing)) for k, (af, ing) in totals.items()
    }
    assert _per_wet(loaded_region, "declaraties_afgewezen", gemeente, start, periode_type) == expected


def test_a_wmo_rejection_falls_in_a_checked_period(prestaties):
    """So the comparison above is not passing on Wmo zeros only."""
    assert any(
        p["wet"] == "wmo" and p["afgewezen"] and start <= p["datum"] <= _period_end(periode_type, start)
        for p in prestaties
        for periode_type, start in PERIODS
    )
