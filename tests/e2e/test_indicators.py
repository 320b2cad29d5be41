"""Every indicator in the published snapshot equals an independent computation from the generated truth.

The expected values are computed here, in plain Python, from the person-level Region the generator
returned and from the shipped CBS reference files: never from the warehouse.
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics

import duckdb
import numpy as np
import pytest

from pipelines import indicatoren
from pipelines.config import REFERENCE_DIR

from .bevolking import brp_bestand, inwoners
from .conftest import GEMEENTEN
from .ketens import ketens

MONTHS = [dt.date(2022, 3, 1), dt.date(2023, 11, 1), dt.date(2024, 6, 1), dt.date(2025, 12, 1)]
# Each grain is computed from person-level rows: a quarter or year is checked on its own, not as months summed.
PERIODS = [("maand", m) for m in MONTHS] + [
    ("kwartaal", dt.date(2022, 7, 1)),
    ("kwartaal", dt.date(2025, 10, 1)),
    ("jaar", dt.date(2023, 1, 1)),
    ("jaar", dt.date(2025, 1, 1)),
]
VERBLIJF = {"35", "36", "37", "38", "43", "44", "46"}  # JZ020 jeugdhulp met verblijf (crisis counted as verblijf)
JUSTITIEEL = {"47", "48", "49"}  # jeugdreclassering, jeugdbescherming: not jeugdhulp in the BBV sense
NORM_DAGEN = 42
UITKOMST = {  # JZ588 / WMO588 as documented in ../shared/domain.md section 3.1
    ("jeugd", "31"): "plan",
    ("jeugd", "32"): "uitval",
    ("jeugd", "33"): "uitval",
    ("jeugd", "34"): "uitval",
    ("wmo", "19"): "plan",
    ("wmo", "21"): "uitval",
    ("wmo", "22"): "uitval",
    ("wmo", "23"): "uitval",
}


def _date(value) -> dt.date | None:
    return None if np.isnat(value) else value.astype("datetime64[D]").item()


def _month_end(month: dt.date) -> dt.date:
    nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _period_end(periode_type: str, start: dt.date) -> dt.date:
    months = {"maand": 1, "kwartaal": 3, "jaar": 12}[periode_type]
    last = dt.date(start.year + (start.month + months - 2) // 12, (start.month + months - 2) % 12 + 1, 1)
    return _month_end(last)


def _birth_month(value) -> dt.date:
    """The warehouse keeps only the month of birth (data minimisation): ages count from its first day."""
    born = _date(value)
    return dt.date(born.year, born.month, 1)


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def trajecten(region) -> list[dict]:
    """What the messages say happened to each trajectory, after removals and later toewijzing versions."""
    t, p = region.trajectories, region.persons
    latest: dict[int, tuple] = {}
    w = region.toewijzing_wijzigingen
    for i in range(len(w)):
        key = (str(w.toewijzingsdatum[i]), str(w.toewijzingstijd[i]))
        row = int(w.trajectory[i])
        if row not in latest or key > latest[row][0]:
            latest[row] = (key, _date(w.einddatum[i]), str(w.reden_wijziging[i]))
    rows = []
    for i in range(len(t)):
        taakgericht = int(t.toewijzingnummer[i]) == 0  # no toewijzing per client (IV096)
        einddatum, reden = (None, "") if taakgericht else (_date(t.einddatum[i]), "")
        first_key = (str(t.toewijzingsdatum[i]), str(t.toewijzingstijd[i]))
        if i in latest and latest[i][0] >= first_key:
            einddatum, reden = latest[i][1], latest[i][2]
        if reden == "13":  # Verwijderd: never existed
            continue
        started = not np.isnat(t.dagtekening_start[i])
        stopped = not np.isnat(t.dagtekening_stop[i])
        stop = _date(t.einddatum_zorg[i]) if stopped else None
        rows.append(
            {
                "wet": str(t.wet[i]),
                "gemeente": str(t.gemeentecode[i]),
                "client": int(t.person[i]),
                "aanbieder": int(t.aanbieder[i]),
                "nummer": "" if taakgericht else str(int(t.toewijzingnummer[i])),
                "categorie": str(t.productcategorie[i]),
                "geboortemaand": _birth_month(p.geboortedatum[int(t.person[i])]),
                "ingang": None if taakgericht else _date(t.ingangsdatum[i]),
                "start": _date(t.begindatum[i]) if started else None,
                "stop": stop,
                "reden": str(t.reden_beeindiging[i]) if stopped else None,
                "einde": stop if stopped else einddatum,
                "toewijzing_einde": einddatum,
            }
        )
    return rows


def bevolking() -> dict[tuple[str, int], int]:
    with open(REFERENCE_DIR / "cbs" / "bevolking_per_gemeente_2019-2026_03759ned.csv", encoding="utf-8") as fh:
        return {
            (r["regiocode"], int(r["jaar"])): int(r["bevolking_1_januari"])
            for r in csv.DictReader(fh)
            if r["bevolking_1_januari"]
        }


def published(
    loaded,
    indicator: str,
    gemeente: str,
    month: dt.date,
    periode_type: str = "maand",
    dimensie: str = "totaal",
    dimensie_waarde: str = "totaal",
) -> tuple | None:
    with loaded.serving() as con:
        return con.execute(
            "select waarde, teller, noemer from fct_indicator_values where indicator_id = ? and gemeentecode = ? "
            "and periode_type = ? and periode = ? and dimensie = ? and dimensie_waarde = ? and wijkcode is null",
            [indicator, gemeente, periode_type, month, dimensie, dimensie_waarde],
        ).fetchone()


def _in_scope(row: dict, gemeente: str) -> bool:
    return gemeente == "REGIO" or row["gemeente"] == gemeente


def _active(row: dict, start: dt.date, end: dt.date) -> bool:
    return row["start"] is not None and row["start"] <= end and (row["einde"] is None or row["einde"] >= start)


@pytest.fixture(scope="module")
def truth(loaded_region):
    return trajecten(loaded_region.region)


@pytest.fixture(scope="module")
def cbs_trajecten(truth):
    """Toewijzingen chained into trajects as CBS counts them (tests/e2e/ketens.py)."""
    return ketens(truth)


def test_the_load_published(loaded_region):
    report = loaded_region.report
    assert report.published, report.problems()
    assert all(f.status in ("loaded", "partially_loaded") for f in report.files)
    assert sum(f.rows_in for f in report.files) == sum(f.rows_loaded + f.rows_quarantined for f in report.files)


@pytest.mark.parametrize(
    ("indicator", "tot_leeftijd"), [("jeugdhulp_aandeel_0_17", 18), ("jeugdhulp_aandeel_0_22", 23)]
)
@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize(("periode_type", "start"), PERIODS)
def test_jeugdhulp_aandeel(loaded_region, truth, indicator, tot_leeftijd, gemeente, periode_type, start):
    end = _period_end(periode_type, start)
    in_care = [
        r
        for r in truth
        if r["wet"] == "jeugd"
        and _in_scope(r, gemeente)
        and _active(r, start, end)
        and r["categorie"] not in JUSTITIEEL
        and _age(r["geboortemaand"], max(r["start"], start)) < tot_leeftijd
    ]
    # BRP where the demo delivered it; GM0168 (the smaller) delivered none for 2025: CBS groups, estimated
    noemer = sum(
        inwoners(loaded_region.sources, g, start.year, 0, tot_leeftijd - 1)
        for g in GEMEENTEN
        if _in_scope({"gemeente": g}, gemeente)
    )
    expected = {
        ("totaal", "totaal"): {r["client"] for r in in_care},
        ("verblijf", "met_verblijf"): {r["client"] for r in in_care if r["categorie"] in VERBLIJF},
        ("verblijf", "zonder_verblijf"): {r["client"] for r in in_care if r["categorie"] not in VERBLIJF},
    }
    assert expected[("totaal", "totaal")], "the demo region should have young people in care every period"
    for (dimensie, waarde), clients in expected.items():
        got = published(loaded_region, indicator, gemeente, start, periode_type, dimensie, waarde)
        if not clients:
            assert got is None
            continue
        assert got[1:] == (len(clients), noemer), (dimensie, waarde)
        assert got[0] == pytest.approx(100 * len(clients) / noemer)


def test_a_rate_on_an_estimated_population_is_published_as_such(loaded_region):
    """Every published rate whose YAML names a population says noemer_geschat exactly where that population
    is not from a BRP delivery (REGIO: where any member's is not); the demo leaves one gemeente-year out."""
    sources = loaded_region.sources
    zonder_brp = {(g, j) for g in GEMEENTEN for j in range(2021, 2026) if brp_bestand(sources, g, j) is None}
    assert zonder_brp == {("GM0168", 2025)}, "the smaller e2e gemeente delivers no BRP for the last year"
    noemers = {d["id"]: d["noemer_bevolking"] for d in indicatoren.definitions() if d.get("noemer_bevolking")}
    with loaded_region.serving() as con:
        rijen = con.execute(
            "select indicator_id, gemeentecode, year(periode) as jaar, noemer_geschat from fct_indicator_publicatie "
            "where indicator_id in (select unnest(?))",
            [list(noemers)],
        ).fetchall()
    assert {r[0] for r in rijen} >= {"jeugdhulp_aandeel_0_17", "jeugdreclassering_aandeel", "schuldhulp_aanmeldingen"}
    for indicator, gemeente, jaar, geschat in rijen:
        leden = GEMEENTEN if gemeente == "REGIO" else [gemeente]
        verwacht = noemers[indicator] != "inwoners" and any((g, jaar) in zonder_brp for g in leden)
        assert geschat == verwacht, (indicator, gemeente, jaar)


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize(("periode_type", "start"), PERIODS)
def test_wachttijd(loaded_region, truth, gemeente, periode_type, start):
    end = _period_end(periode_type, start)
    days = [
        max((r["start"] - r["ingang"]).days, 0)
        for r in truth
        if _in_scope(r, gemeente) and r["start"] is not None and r["ingang"] is not None and start <= r["start"] <= end
    ]
    mediaan = published(loaded_region, "wachttijd_mediaan", gemeente, start, periode_type)
    binnen = published(loaded_region, "wachttijd_binnen_norm", gemeente, start, periode_type)
    if not days:
        assert mediaan is None and binnen is None
        return
    assert mediaan[0] == pytest.approx(statistics.median(days))
    assert mediaan[1:] == (len(days), None)
    within = sum(d <= NORM_DAGEN for d in days)
    assert binnen[1:] == (within, len(days))
    assert binnen[0] == pytest.approx(100 * within / len(days))


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize(("periode_type", "start"), PERIODS)
def test_beeindigd_volgens_plan(loaded_region, cbs_trajecten, gemeente, periode_type, start):
    end = _period_end(periode_type, start)
    uitkomsten = [
        UITKOMST[(r["wet"], r["reden"])]
        for r in cbs_trajecten
        if _in_scope(r, gemeente)
        and r["stop"] is not None
        and start <= r["stop"] <= end
        and (r["wet"], r["reden"]) in UITKOMST
    ]
    got = published(loaded_region, "beeindigd_volgens_plan", gemeente, start, periode_type)
    if not uitkomsten:
        assert got is None
        return
    plan = uitkomsten.count("plan")
    assert got[1:] == (plan, len(uitkomsten))
    assert got[0] == pytest.approx(100 * plan / len(uitkomsten))


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize(("periode_type", "start"), PERIODS)
def test_lasten_begroting_ytd(loaded_region, gemeente, periode_type, start):
    region = loaded_region.region
    last_month = _period_end(periode_type, start).replace(day=1)  # a quarter or year: the position at its end
    lasten = sum(
        b.bedrag_cent
        for b in region.grootboek
        if _in_scope({"gemeente": b.gemeentecode}, gemeente)
        and b.boekjaar == start.year
        and min(max(b.boekdatum.replace(day=1), dt.date(b.boekjaar, 1, 1)), dt.date(b.boekjaar, 12, 1)) <= last_month
    )
    begroting = sum(
        r.bedrag_cent
        for r in region.begroting
        if _in_scope({"gemeente": r.gemeentecode}, gemeente)
        and r.begrotingsjaar == start.year
        and r.datum.replace(day=1) <= last_month
    )
    got = published(loaded_region, "lasten_begroting_ytd", gemeente, start, periode_type)
    assert got is not None and begroting > 0
    assert got[1] == pytest.approx(lasten / 100)
    assert got[2] == pytest.approx(begroting / 100)
    assert got[0] == pytest.approx(100 * lasten / begroting)


WETTEN = ("jeugd", "wmo")


def _per_wet(loaded, indicator: str, gemeente: str, start: dt.date, periode_type: str) -> dict[str, tuple]:
    found = {"totaal": published(loaded, indicator, gemeente, start, periode_type)}
    for wet in WETTEN:
        found[wet] = published(loaded, indicator, gemeente, start, periode_type, "wet", wet)
    return {k: v for k, v in found.items() if v is not None}


def _counts(rows: list[dict]) -> dict[str, int]:
    counts = {wet: sum(r["wet"] == wet for r in rows) for wet in WETTEN}
    counts["totaal"] = len(rows)
    return {k: v for k, v in counts.items() if v}


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize(("periode_type", "start"), PERIODS)
def test_instroom_uitstroom_lopend(loaded_region, cbs_trajecten, gemeente, periode_type, start):
    end = _period_end(periode_type, start)
    scope = [r for r in cbs_trajecten if _in_scope(r, gemeente)]
    expected = {
        "instroom": _counts([r for r in scope if r["start"] is not None and start <= r["start"] <= end]),
        "uitstroom": _counts([r for r in scope if r["stop"] is not None and start <= r["stop"] <= end]),
        "lopende_trajecten": _counts([r for r in scope if _active(r, end, end)]),
    }
    assert expected["lopende_trajecten"], "the demo region has care running at every period end"
    for indicator, counts in expected.items():
        got = _per_wet(loaded_region, indicator, gemeente, start, periode_type)
        assert {k: (v[0], v[1]) for k, v in got.items()} == {k: (n, n) for k, n in counts.items()}, indicator


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize(("periode_type", "start"), PERIODS)
def test_wachtend_nu(loaded_region, truth, gemeente, periode_type, start):
    end = _period_end(periode_type, start)
    waiting = {}
    for r in truth:
        if (
            _in_scope(r, gemeente)
            and r["ingang"] is not None
            and r["ingang"] + dt.timedelta(days=NORM_DAGEN) < end
            and (r["start"] is None or r["start"] > end)
            and (r["toewijzing_einde"] is None or r["toewijzing_einde"] >= end)
        ):
            waiting.setdefault(r["wet"], set()).add(r["client"])
    expected = {wet: len(c) for wet, c in waiting.items()}
    if waiting:
        expected["totaal"] = len(set().union(*waiting.values()))
    got = _per_wet(loaded_region, "wachtend_nu", gemeente, start, periode_type)
    assert {k: (v[0], v[1]) for k, v in got.items()} == {k: (n, n) for k, n in expected.items()}


def _plus_months(day: dt.date, months: int) -> dt.date:
    """As DuckDB's date + interval: the same day N months later, clamped to the month's end."""
    first = dt.date(day.year + (day.month - 1 + months) // 12, (day.month - 1 + months) % 12 + 1, 1)
    return min(
        day.replace(day=1, year=first.year, month=first.month) + dt.timedelta(days=day.day - 1), _month_end(first)
    )


@pytest.mark.parametrize("maanden", [6, 12])
@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize(("periode_type", "start"), PERIODS)
def test_geen_nieuwe_start(loaded_region, cbs_trajecten, gemeente, periode_type, start, maanden):
    end = _period_end(periode_type, start)
    got = published(loaded_region, f"geen_nieuwe_start_{maanden}m", gemeente, start, periode_type)
    if _plus_months(end, maanden) > loaded_region.region.peildatum:
        assert got is None, "a period whose follow-up window is not over yet is not shown"
        return
    jeugdhulp = [r for r in cbs_trajecten if r["wet"] == "jeugd" and r["categorie"] not in JUSTITIEEL]
    starts: dict[int, list[dt.date]] = {}
    for r in jeugdhulp:
        if r["start"] is not None:
            starts.setdefault(r["client"], []).append(r["start"])
    ended = [
        r
        for r in jeugdhulp
        if _in_scope(r, gemeente)
        and r["stop"] is not None
        and start <= r["stop"] <= end
        and r["reden"] not in ("02", "36", "37", "38")
    ]
    zonder = sum(not any(r["stop"] < s <= _plus_months(r["stop"], maanden) for s in starts[r["client"]]) for r in ended)
    if not ended:
        assert got is None
        return
    assert got[1:] == (zonder, len(ended))
    assert got[0] == pytest.approx(100 * zonder / len(ended))


def test_every_indicator_has_a_definition(loaded_region):
    with loaded_region.serving() as con:
        missing = con.execute(
            "select distinct indicator_id from fct_indicator_values "
            "where indicator_id not in (select indicator_id from dim_indicator)"
        ).fetchall()
        layers = {r[0] for r in con.execute("select distinct laag from dim_indicator").fetchall()}
    assert missing == []
    assert layers == {"input", "throughput", "output", "outcome"}


def test_no_bsn_reaches_the_warehouse(loaded_region):
    bsns = set(loaded_region.region.persons.bsn.tolist())
    with duckdb.connect(str(loaded_region.home / "data" / "warehouse.duckdb"), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns where data_type = 'VARCHAR'"
        ).fetchall()
        for schema, table, column in tables:
            values = {r[0] for r in con.execute(f'select distinct "{column}" from "{schema}"."{table}"').fetchall()}
            assert not values & bsns, f"BSN found in {schema}.{table}.{column}"
