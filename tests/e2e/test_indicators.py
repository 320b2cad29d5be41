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

from pipelines.config import DBT_PROJECT_DIR, REFERENCE_DIR

from .conftest import GEMEENTEN

MONTHS = [dt.date(2022, 3, 1), dt.date(2023, 11, 1), dt.date(2024, 6, 1), dt.date(2025, 12, 1)]
NORM_DAGEN = 42
UITKOMST = {  # JZ588 / WMO588 as documented in ../shared/domain.md section 3.1
    ("jeugd", "31"): "plan", ("jeugd", "32"): "uitval", ("jeugd", "33"): "uitval", ("jeugd", "34"): "uitval",
    ("wmo", "19"): "plan", ("wmo", "21"): "uitval", ("wmo", "22"): "uitval", ("wmo", "23"): "uitval",
}


def _date(value) -> dt.date | None:
    return None if np.isnat(value) else value.astype("datetime64[D]").item()


def _month_end(month: dt.date) -> dt.date:
    nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


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
        rows.append({
            "wet": str(t.wet[i]), "gemeente": str(t.gemeentecode[i]), "client": int(t.person[i]),
            "geboren": _date(p.geboortedatum[int(t.person[i])]),
            "ingang": None if taakgericht else _date(t.ingangsdatum[i]),
            "start": _date(t.begindatum[i]) if started else None,
            "stop": stop, "reden": str(t.reden_beeindiging[i]) if stopped else None,
            "einde": stop if stopped else einddatum,
        })
    return rows


def bevolking() -> dict[tuple[str, int], int]:
    with open(REFERENCE_DIR / "cbs" / "bevolking_per_gemeente_2019-2026_03759ned.csv", encoding="utf-8") as fh:
        return {(r["regiocode"], int(r["jaar"])): int(r["bevolking_1_januari"])
                for r in csv.DictReader(fh) if r["bevolking_1_januari"]}


def aandeel_0_17() -> dict[int, float]:
    with open(DBT_PROJECT_DIR / "seeds" / "leeftijdsaandeel_0_17.csv", encoding="utf-8") as fh:
        return {int(r["jaar"]): float(r["aandeel_0_17"]) for r in csv.DictReader(fh)}


def published(loaded, indicator: str, gemeente: str, month: dt.date) -> tuple | None:
    with loaded.serving() as con:
        return con.execute(
            "select waarde, teller, noemer from fct_indicator_values where indicator_id = ? and gemeentecode = ? "
            "and periode = ? and dimensie = 'totaal'", [indicator, gemeente, month],
        ).fetchone()


def _in_scope(row: dict, gemeente: str) -> bool:
    return gemeente == "REGIO" or row["gemeente"] == gemeente


def _active(row: dict, month: dt.date) -> bool:
    return row["start"] is not None and row["start"] <= _month_end(month) and (
        row["einde"] is None or row["einde"] >= month)


@pytest.fixture(scope="module")
def truth(loaded_region):
    return trajecten(loaded_region.region)


def test_the_load_published(loaded_region):
    report = loaded_region.report
    assert report.published, report.problems()
    assert all(f.status in ("loaded", "partially_loaded") for f in report.files)
    assert sum(f.rows_in for f in report.files) == sum(f.rows_loaded + f.rows_quarantined for f in report.files)


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize("month", MONTHS)
def test_jeugdhulp_aandeel_0_17(loaded_region, truth, gemeente, month):
    clients = {r["client"] for r in truth if r["wet"] == "jeugd" and _in_scope(r, gemeente)
               and _active(r, month) and _plus_years(r["geboren"], 18) > _month_end(month)}
    pop, share = bevolking(), aandeel_0_17()
    noemer = sum(round(pop[(g, month.year)] * share[month.year]) for g in GEMEENTEN if _in_scope({"gemeente": g}, gemeente))
    got = published(loaded_region, "jeugdhulp_aandeel_0_17", gemeente, month)
    assert got is not None and clients, "the demo region should have young people in care every month"
    assert got[1:] == (len(clients), noemer)
    assert got[0] == pytest.approx(100 * len(clients) / noemer)


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize("month", MONTHS)
def test_wmo_maatwerk_per_1000(loaded_region, truth, gemeente, month):
    clients = {r["client"] for r in truth if r["wet"] == "wmo" and _in_scope(r, gemeente) and _active(r, month)}
    pop = bevolking()
    noemer = sum(pop[(g, month.year)] for g in GEMEENTEN if _in_scope({"gemeente": g}, gemeente))
    got = published(loaded_region, "wmo_maatwerk_per_1000", gemeente, month)
    assert got is not None and clients
    assert got[1:] == (len(clients), noemer)
    assert got[0] == pytest.approx(1000 * len(clients) / noemer)


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize("month", MONTHS)
def test_wachttijd(loaded_region, truth, gemeente, month):
    days = [max((r["start"] - r["ingang"]).days, 0) for r in truth
            if _in_scope(r, gemeente) and r["start"] is not None and r["ingang"] is not None
            and (r["start"].year, r["start"].month) == (month.year, month.month)]
    mediaan = published(loaded_region, "wachttijd_mediaan", gemeente, month)
    binnen = published(loaded_region, "wachttijd_binnen_norm", gemeente, month)
    if not days:
        assert mediaan is None and binnen is None
        return
    assert mediaan[0] == pytest.approx(statistics.median(days))
    assert mediaan[2] == len(days)
    within = sum(d <= NORM_DAGEN for d in days)
    assert binnen[1:] == (within, len(days))
    assert binnen[0] == pytest.approx(100 * within / len(days))


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize("month", MONTHS)
def test_beeindigd_volgens_plan(loaded_region, truth, gemeente, month):
    uitkomsten = [UITKOMST[(r["wet"], r["reden"])] for r in truth
                  if _in_scope(r, gemeente) and r["stop"] is not None
                  and (r["stop"].year, r["stop"].month) == (month.year, month.month)
                  and (r["wet"], r["reden"]) in UITKOMST]
    got = published(loaded_region, "beeindigd_volgens_plan", gemeente, month)
    if not uitkomsten:
        assert got is None
        return
    plan = uitkomsten.count("plan")
    assert got[1:] == (plan, len(uitkomsten))
    assert got[0] == pytest.approx(100 * plan / len(uitkomsten))


@pytest.mark.parametrize("gemeente", [*GEMEENTEN, "REGIO"])
@pytest.mark.parametrize("month", MONTHS)
def test_lasten_begroting_ytd(loaded_region, gemeente, month):
    region = loaded_region.region
    lasten = sum(b.bedrag_cent for b in region.grootboek
                 if _in_scope({"gemeente": b.gemeentecode}, gemeente) and b.boekjaar == month.year
                 and min(max(b.boekdatum.replace(day=1), dt.date(b.boekjaar, 1, 1)), dt.date(b.boekjaar, 12, 1)) <= month)
    begroting = sum(r.bedrag_cent for r in region.begroting
                    if _in_scope({"gemeente": r.gemeentecode}, gemeente) and r.begrotingsjaar == month.year
                    and r.datum.replace(day=1) <= month)
    got = published(loaded_region, "lasten_begroting_ytd", gemeente, month)
    assert got is not None and begroting > 0
    assert got[1] == pytest.approx(lasten / 100)
    assert got[2] == pytest.approx(begroting / 100)
    assert got[0] == pytest.approx(100 * lasten / begroting)


def test_every_indicator_has_a_definition(loaded_region):
    with loaded_region.serving() as con:
        missing = con.execute(
            "select distinct indicator_id from fct_indicator_values "
            "where indicator_id not in (select indicator_id from dim_indicator)").fetchall()
        layers = {r[0] for r in con.execute("select distinct laag from dim_indicator").fetchall()}
    assert missing == []
    assert layers == {"input", "throughput", "output", "outcome"}


def test_no_bsn_reaches_the_warehouse(loaded_region):
    bsns = set(loaded_region.region.persons.bsn.tolist())
    with duckdb.connect(str(loaded_region.home / "data" / "warehouse.duckdb"), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR'").fetchall()
        for schema, table, column in tables:
            values = {r[0] for r in con.execute(f'select distinct "{column}" from "{schema}"."{table}"').fetchall()}
            assert not values & bsns, f"BSN found in {schema}.{table}.{column}"

