"""The year-end prognosis (lasten_prognose) and its nowcast against the generator's declarations.

The run-off triangle and what was declared by a peildatum are recomputed here in plain Python from the
generator's Prestaties, messages and answers (not from the SQL under test); the prognosis itself must hold
across the year end: December's figure within November's reach, not the old drop of ten points.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pytest

from .conftest import GEMEENTEN

JAAR = 2025
NOVEMBER, DECEMBER = dt.date(JAAR, 11, 1), dt.date(JAAR, 12, 1)
WETTEN = ("jeugd", "wmo", "totaal")


def _maand(d) -> dt.date:
    d = d.item() if hasattr(d, "item") else d
    return dt.date(d.year, d.month, 1)


def _maanden(van: dt.date, tot: dt.date) -> int:
    return (tot.year - van.year) * 12 + tot.month - van.month


@pytest.fixture(scope="module")
def regels(loaded_region) -> list[tuple[str, str, str, dt.date, dt.date, float]]:
    """Per Prestatie: wet, gemeente, AGB, care month, arrival month and euro amount; a Prestatie rejected in a 325
    that was sent comes back negative in the answer's month (what the gemeente owes, as it became known)."""
    r = loaded_region.region
    d, berichten, antwoorden = r.declaraties, r.declaratieberichten, r.declaratie_antwoorden
    out = []
    for i, b in enumerate(d.bericht.tolist()):
        aanbieder = r.aanbieders[berichten.aanbieder[b]]
        sleutel = (aanbieder.wet, str(berichten.gemeentecode[b]), aanbieder.agb, _maand(d.periode_begin[i]))
        bedrag = d.bedrag_cent[i] / 100
        out.append((*sleutel, _maand(berichten.dagtekening[b]), bedrag))
        antwoord = antwoorden.dagtekening[b]
        if str(antwoorden.retourcode[i]) != "8001" and not np.isnat(antwoord):  # NaT: answered after the peildatum
            out.append((*sleutel, _maand(antwoord), -bedrag))
    return out


def _nowcast(loaded_region, gemeente: str, wet: str, periode: dt.date) -> dict:
    with loaded_region.serving() as con:
        rij = con.execute(
            "select gedeclareerd from wh.intermediate.int_lasten_nowcast "
            "where gemeentecode = ? and wet = ? and periode_type = 'maand' and periode = ?",
            [gemeente, wet, periode],
        ).fetchone()
    return {"gedeclareerd": rij[0]} if rij else {}


def _prognose(loaded_region, gemeente: str, periode: dt.date) -> dict[tuple[str, str], float]:
    with loaded_region.serving() as con:
        rijen = con.execute(
            "select dimensie, dimensie_waarde, waarde from fct_indicator_values where indicator_id = 'lasten_prognose' "
            "and gemeentecode = ? and periode_type = 'maand' and periode = ?",
            [gemeente, periode],
        ).fetchall()
    return {(d, w): v for d, w, v in rijen}


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize("periode", [NOVEMBER, DECEMBER])
def test_declared_by_the_peildatum_recomputed(loaded_region, regels, gemeente, periode):
    """Jeugd care of the year's months before the peildatum's month, declared and not rejected by then."""
    verwacht = sum(
        bedrag
        for wet, g, _, zorg, binnen, bedrag in regels
        if wet == "jeugd"
        and gemeente in (g, "REGIO")
        and zorg.year == periode.year
        and zorg < periode
        and binnen <= periode
    )
    assert _nowcast(loaded_region, gemeente, "jeugd", periode)["gedeclareerd"] == pytest.approx(verwacht, abs=0.01)


def test_late_claim_curve_recomputed_from_complete_years(loaded_region, regels):
    """The jeugd curve learned from 2022-2024: per lag, declared by then / declared within twelve months."""
    binnen, totaal = defaultdict(float), 0.0
    for wet, _, _, zorg, aankomst, bedrag in regels:
        vertraging = max(_maanden(zorg, aankomst), 0)
        if wet == "jeugd" and 2022 <= zorg.year <= 2024 and vertraging <= 12:
            totaal += bedrag
            for k in range(vertraging, 13):
                binnen[k] += bedrag
    with loaded_region.serving() as con:
        curve = dict(
            con.execute(
                "select vertraging, aandeel from wh.intermediate.int_declaraties__laatcurve "
                "where laatste_jaar = 2024 and wet = 'jeugd' and aanbieder is null"
            ).fetchall()
        )
    assert curve == {k: pytest.approx(binnen[k] / totaal) for k in range(13)}
    assert curve[0] < 0.5 < curve[1] <= curve[3] <= curve[12] == pytest.approx(1.0)  # most arrives the next month


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize("wet", WETTEN)
def test_december_stays_within_the_band_of_november(loaded_region, gemeente, wet):
    """The prognosis made at the end of December differs from November's by less than the wider of their
    bands: no collapse when the commitments end."""
    nov, dec = _prognose(loaded_region, gemeente, NOVEMBER), _prognose(loaded_region, gemeente, DECEMBER)
    kop = ("totaal", "totaal") if wet == "totaal" else ("wet", wet)
    if kop not in nov or kop not in dec:
        pytest.skip(f"no {wet} budget in {gemeente}")
    breedte = max(p[(f"band_{wet}", "hoog")] - p[(f"band_{wet}", "laag")] for p in (nov, dec))
    assert dec[(f"band_{wet}", "laag")] <= dec[kop] <= dec[(f"band_{wet}", "hoog")]
    assert abs(dec[kop] - nov[kop]) < breedte, (nov[kop], dec[kop], breedte)
