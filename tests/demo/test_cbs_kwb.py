"""The demo's synthetic CBS export: CBS's rounding and age rule, and counts that a plain recount confirms."""

import csv
import datetime as dt

import numpy as np
import pytest

from demo import cbs_kwb
from demo.brp import write_brp
from demo.generate import generate
from pipelines.sources import cbs_statline


@pytest.fixture(scope="module")
def region():
    return generate(["GM0168", "GM1774"], seed=11, sample=0.1)


def test_counts_are_rounded_to_five_and_zero_to_seven_is_secret():
    assert [cbs_kwb.afgerond(n) for n in (0, 7, 8, 12, 13, 102)] == [None, None, 10, 10, 15, 100]


def test_a_person_is_22_until_the_day_before_their_23rd_birthday():
    geboren = np.array(["2002-06-15", "2004-02-29"], dtype="datetime64[D]")
    assert cbs_kwb._leeftijd(geboren, np.array(["2025-06-14", "2025-02-28"], dtype="datetime64[D]")).tolist() == [
        22,
        20,
    ]
    assert cbs_kwb._leeftijd(geboren, np.array(["2025-06-15", "2025-03-01"], dtype="datetime64[D]")).tolist() == [
        23,
        21,
    ]


def test_jeugdzorg_count_agrees_with_a_plain_recount(region):
    """Person by person: jeugd care in 2024 in natura (every trajectory in the messages or taakgericht), under
    23 on the first day of care in the year, in the gemeente where the person lives."""
    t, p = region.trajectories, region.persons
    van, tot = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    gezien: dict[str, set[str]] = {}
    for i in range(len(t.wet)):
        if t.wet[i] != "jeugd" or np.isnat(t.begindatum[i]):
            continue
        begin = t.begindatum[i].astype(dt.date)
        einde = None if np.isnat(t.einddatum_zorg[i]) else t.einddatum_zorg[i].astype(dt.date)
        if begin > tot or (einde is not None and einde < van):
            continue
        dag, geboren = max(begin, van), p.geboortedatum[t.person[i]].astype(dt.date)
        leeftijd = dag.year - geboren.year - ((dag.month, dag.day) < (geboren.month, geboren.day))
        if leeftijd < 23:
            gezien.setdefault(str(p.gemeentecode[t.person[i]]), set()).add(str(p.bsn[t.person[i]]))
    assert cbs_kwb.jongeren_met_jeugdzorg(region, 2024) == {g: len(b) for g, b in gezien.items()}


def _in_2024(begin, einde) -> bool:
    return (
        not np.isnat(begin)
        and begin <= np.datetime64("2024-12-31")
        and (np.isnat(einde) or einde >= np.datetime64("2024-01-01"))
    )


def test_wmo_clients_count_registered_voorzieningen_incl_pgb_as_the_gmsd_does(region):
    v = region.zaaksysteem.voorzieningen
    lopend = [i for i in range(len(v.wet)) if v.wet[i] == "wmo" and _in_2024(v.datum_start[i], v.datum_einde[i])]
    natura = {(str(v.gemeentecode[i]), str(v.bsn[i])) for i in lopend if v.leveringsvorm[i] != "pgb"}
    pgb = {(str(v.gemeentecode[i]), str(v.bsn[i])) for i in lopend if v.leveringsvorm[i] == "pgb"}
    assert pgb - natura  # some clients have a pgb only: they count as well
    verwacht: dict[str, int] = {}
    for gemeente, _ in natura | pgb:
        verwacht[gemeente] = verwacht.get(gemeente, 0) + 1
    assert cbs_kwb.wmo_clienten(region, 2024) == verwacht


def test_bijstand_counts_applicant_and_partner_with_algemene_bijstand_on_31_december(region):
    """Person by person: algemene bijstand (not IOAW, IOAZ, Bbz or bijzondere bijstand) that has started by
    31 December 2024 and not ended before it; a couple's partner counts too, a person on two uitkeringen once."""
    b, peildag = region.zaaksysteem.bijstand, dt.date(2024, 12, 31)
    gezien: dict[str, set[str]] = {}
    for i in range(len(b.bsn)):
        einde = None if np.isnat(b.einddatum[i]) else b.einddatum[i].astype(dt.date)
        if b.soort[i] != "algemene bijstand" or b.ingangsdatum[i].astype(dt.date) > peildag:
            continue
        if einde is not None and einde < peildag:
            continue
        personen = gezien.setdefault(str(b.gemeentecode[i]), set())
        personen.update(bsn for bsn in (str(b.bsn[i]), str(b.partner_bsn[i])) if bsn)
    assert any(b.partner_bsn != "") and set(b.soort) - {"algemene bijstand"}  # the edges are there
    assert cbs_kwb.personen_met_bijstand(region, 2024) == {g: len(p) for g, p in gezien.items()}


def test_the_export_reads_as_a_statline_kwb_file_without_quarantine(region, tmp_path):
    assert cbs_kwb.write_kwb(region, tmp_path) == region.end_year - region.start_year + 1
    path = tmp_path / "kwb_2024_synthetisch.csv"
    assert cbs_statline.detect(path, path.read_bytes()[:4096])
    result = cbs_statline.read(path, None)
    assert not result.quarantine
    rijen = {(r["regiocode"], r["variabele"]): r for r in result.tables["cbs_kwb"].to_pylist()}
    assert {r["jaar"] for r in rijen.values()} == {2024}
    for gemeente in ("GM0168", "GM1774"):
        for variabele in ("JongerenMetJeugdzorgInNatura", "PersonenPerSoortUitkeringBijstand"):
            aantal = rijen[(gemeente, variabele)]
            assert aantal["geheim"] or aantal["waarde"] % 5 == 0


def test_the_rates_divide_the_rounded_count_by_the_demo_brp(region, tmp_path):
    cbs_kwb.write_kwb(region, tmp_path / "cbs")
    write_brp(region, tmp_path / "brp")
    with open(tmp_path / "brp" / "brp_GM0168_2024.csv", encoding="utf-8-sig") as fh:
        brp = [r for r in csv.DictReader(fh, delimiter=";")]
    inwoners = sum(int(r["Aantal"]) for r in brp)
    jong = sum(int(r["Aantal"]) for r in brp if r["Leeftijd"] != "105+" and int(r["Leeftijd"]) <= 22)
    rijen = cbs_statline.read(tmp_path / "cbs" / "kwb_2024_synthetisch.csv", None).tables["cbs_kwb"].to_pylist()
    cijfers = {r["variabele"]: r["waarde"] for r in rijen if r["regiocode"] == "GM0168"}
    assert cijfers["AantalInwoners"] == inwoners  # the real population, not multiplied by the sample
    assert cijfers["PercentageJongerenMetJeugdzorg"] == round(100 * cijfers["JongerenMetJeugdzorgInNatura"] / jong, 1)
    assert cijfers["WmoClientenRelatief"] == round(1000 * cijfers["WmoClienten"] / inwoners, 1)
