"""Working-day terms skip the Dutch public holidays: two working-day indicators recomputed in plain Python.

`schuldhulp_gesprek_binnen_termijn` gives an urgent (spoed) aanmelding 3 working days for a first
conversation; `start_stop_tijdig` gives a 305/307 5 working days after the real start or end, or after
receiving a retroactive 301 (OP271), from the generator's own trajectory dates. The holidays here are
written out by hand from the Algemene termijnenwet, art. 3 (with Goede Vrijdag, lid 2), with Easter Sunday
taken from a table rather than computed, so nothing is shared with the SQL calendar under test. The
generator plans conversations Monday to Friday only, so some urgent cases that look late on a plain
weekday count are on time once a holiday is skipped.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .conftest import GEMEENTEN
from .test_indicators import _date, _period_end, published

PASEN = {  # Easter Sunday, from the published church calendar
    2020: dt.date(2020, 4, 12),
    2021: dt.date(2021, 4, 4),
    2022: dt.date(2022, 4, 17),
    2023: dt.date(2023, 4, 9),
    2024: dt.date(2024, 3, 31),
    2025: dt.date(2025, 4, 20),
    2026: dt.date(2026, 4, 5),
}
SPOED_WERKDAGEN = 3
REGULIER_DAGEN = 28
PERIODS = [("maand", dt.date(2024, 4, 1)), ("maand", dt.date(2025, 5, 1)), ("jaar", dt.date(2024, 1, 1))]
PERIODS += [("jaar", dt.date(2025, 1, 1)), ("jaar", dt.date(2023, 1, 1))]


def feestdagen(jaar: int) -> set[dt.date]:
    pasen = PASEN[jaar]
    return {
        dt.date(jaar, 1, 1),  # Nieuwjaarsdag
        pasen - dt.timedelta(days=2),  # Goede Vrijdag
        pasen + dt.timedelta(days=1),  # tweede Paasdag
        dt.date(jaar, 4, 27),  # Koningsdag (on a Sunday it moves to Saturday 26: no working day either way)
        dt.date(jaar, 5, 5),  # 5 mei, every year under the Atw
        pasen + dt.timedelta(days=39),  # Hemelvaartsdag
        pasen + dt.timedelta(days=50),  # tweede Pinksterdag
        dt.date(jaar, 12, 25),
        dt.date(jaar, 12, 26),
    }


def is_werkdag(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in feestdagen(day.year)


def is_weekdag(day: dt.date) -> bool:
    """The old count, Monday to Friday only: for contrast."""
    return day.weekday() < 5


def plus_werkdagen(day: dt.date, n: int, werkdag=is_werkdag) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        n -= werkdag(day)
    return day


def aanmeldingen(region) -> list[dict]:
    s = region.zaaksysteem.schuldhulp
    rows = []
    for i in range(len(s)):
        aanmelding = _date(s.datum_aanmelding[i])
        spoed = bool(s.spoed[i])
        termijn = (
            plus_werkdagen(aanmelding, SPOED_WERKDAGEN) if spoed else aanmelding + dt.timedelta(days=REGULIER_DAGEN)
        )
        rows.append(
            {
                "gemeente": str(s.gemeentecode[i]),
                "aanmelding": aanmelding,
                "soort": "spoed" if spoed else "regulier",
                "termijn": termijn,
                "gesprek": _date(s.datum_eerste_gesprek[i]),
            }
        )
    return rows


@pytest.fixture(scope="module")
def schuldhulp(loaded_region):
    return aanmeldingen(loaded_region.region)


def test_the_region_spans_known_easters_and_a_holiday_changes_a_term(loaded_region, schuldhulp):
    jaren = {r["aanmelding"].year for r in schuldhulp} | {r["termijn"].year for r in schuldhulp}
    assert jaren <= PASEN.keys()
    verschoven = [
        r
        for r in schuldhulp
        if r["soort"] == "spoed" and r["termijn"] != plus_werkdagen(r["aanmelding"], SPOED_WERKDAGEN, is_weekdag)
    ]
    assert verschoven, "no urgent term crosses a holiday: the test would not see the calendar"


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize(("periode_type", "start"), PERIODS)
@pytest.mark.parametrize(("dimensie", "waarde"), [("totaal", "totaal"), ("spoed", "spoed"), ("spoed", "regulier")])
def test_schuldhulp_gesprek_binnen_termijn(loaded_region, schuldhulp, gemeente, periode_type, start, dimensie, waarde):
    end = _period_end(periode_type, start)
    laatste = max(r["aanmelding"] for r in schuldhulp)  # the model's peildatum: the last aanmelding delivered
    beoordeeld = [
        r
        for r in schuldhulp
        if (gemeente == "REGIO" or r["gemeente"] == gemeente)
        and start <= r["aanmelding"] <= end
        and (dimensie == "totaal" or r["soort"] == waarde)
        and (r["gesprek"] is not None or r["termijn"] <= laatste)
    ]
    op_tijd = sum(r["gesprek"] is not None and r["gesprek"] <= r["termijn"] for r in beoordeeld)
    got = published(loaded_region, "schuldhulp_gesprek_binnen_termijn", gemeente, start, periode_type, dimensie, waarde)
    if not beoordeeld:
        assert got is None
        return
    assert got is not None
    assert (got[1], got[2]) == (op_tijd, len(beoordeeld))
    assert got[0] == pytest.approx(100 * op_tijd / len(beoordeeld))


def werkdagen_tussen(van: dt.date, tot: dt.date) -> int:
    """Working days after `van` up to and including `tot`; negative when `tot` comes first."""
    if tot < van:
        return -werkdagen_tussen(tot, van)
    return sum(is_werkdag(van + dt.timedelta(days=k)) for k in range(1, (tot - van).days + 1))


def meldingen(region) -> list[dict]:
    """Each start and stop the aanbieder reported, with the day its 5-working-day term starts."""
    t = region.trajectories
    rows = []
    for i in range(len(t)):
        toegewezen = _date(t.toewijzingsdatum[i])  # the first 301 is sent on its toewijzingsdatum
        terugwerkend = int(t.toewijzingnummer[i]) > 0 and _date(t.ingangsdatum[i]) < toegewezen
        for bericht, datum, gemeld in (
            ("start", _date(t.begindatum[i]), _date(t.dagtekening_start[i])),
            ("stop", _date(t.einddatum_zorg[i]), _date(t.dagtekening_stop[i])),
        ):
            if datum is None or gemeld is None:
                continue
            vanaf = max(datum, toegewezen) if terugwerkend else datum
            rows.append(
                {
                    "gemeente": str(t.gemeentecode[i]),
                    "bericht": bericht,
                    "datum": datum,
                    "tijdig": werkdagen_tussen(vanaf, gemeld) <= 5,
                    "alleen_door_301": werkdagen_tussen(datum, gemeld) > 5 >= werkdagen_tussen(vanaf, gemeld),
                }
            )
    return rows


@pytest.fixture(scope="module")
def starts_en_stops(loaded_region):
    return meldingen(loaded_region.region)


def test_a_retroactive_301_makes_some_start_timely(starts_en_stops):
    assert any(r["alleen_door_301"] for r in starts_en_stops if r["bericht"] == "start")


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize(("periode_type", "start"), [*PERIODS, ("maand", dt.date(2024, 12, 1))])
@pytest.mark.parametrize(("dimensie", "waarde"), [("totaal", "totaal"), ("bericht", "start"), ("bericht", "stop")])
def test_start_stop_tijdig(loaded_region, starts_en_stops, gemeente, periode_type, start, dimensie, waarde):
    end = _period_end(periode_type, start)
    rows = [
        r
        for r in starts_en_stops
        if (gemeente == "REGIO" or r["gemeente"] == gemeente)
        and start <= r["datum"] <= end
        and (dimensie == "totaal" or r["bericht"] == waarde)
    ]
    tijdig = sum(r["tijdig"] for r in rows)
    got = published(loaded_region, "start_stop_tijdig", gemeente, start, periode_type, dimensie, waarde)
    assert got is not None
    assert (got[1], got[2]) == (tijdig, len(rows))
