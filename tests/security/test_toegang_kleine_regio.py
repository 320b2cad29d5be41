"""A gemeente's user never reads a neighbour's figures through the region total.

The region's figures are the sum of its members, so with one member besides the user's own, the region minus
the own figures is that neighbour's figures exactly. The dashboard tests' snapshot (tests/dashboards/) is such
a region: Enschede and Hengelo. The Enschede user must then get no REGIO row, no region value beside the own
figures, no region report, and pages that say why instead of an empty chart or an error. A third member
(Losser, a copy of Hengelo's rows) makes the region a sum of two others, and the region is shown again.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import rollen_hulp

from dashboards import data
from dashboards.components import REGIO_VERBORGEN
from dashboards.toegang import REGIO, Pagina, Rol, Toegang
from pipelines.config import Settings
from reports import inhoud
from reports.periode import parse

sys.path.append(str(Path(__file__).resolve().parents[1] / "reports"))  # after the test folders, as rollen_hulp
from rapport_snapshot import bouw as bouw_rapport_snapshot  # noqa: E402

serving, users_file, app_als = rollen_hulp.serving, rollen_hulp.users_file, rollen_hulp.app_als

ENSCHEDE = Toegang("enschede", Rol.beleid, "GM0153")
BELEID = Toegang("beleid", Rol.beleid, REGIO)
DERDE = ("GM0168", "Losser")
# The views that hold rows per gemeente (data._SERVING_VIEWS), each read whole.
PER_GEMEENTE = ("publicatie", "gemeente", "geometrie", "cbs_vergelijking", "geld_detail")
# The pages of the Enschede user (beleid) that set the region beside the gemeente.
PAGINAS = (Pagina.STUURWIEL, Pagina.VERKENNEN, Pagina.AANBIEDERS, Pagina.RAPPORTEN)


def _met_derde_gemeente(path: Path) -> None:
    """Add Losser to the snapshot's region: every row of Hengelo again, under Losser's code and name."""
    con = duckdb.connect(str(path))
    try:
        tabellen = [
            t
            for (t,) in con.execute(
                "select table_name from duckdb_columns() where column_name = 'gemeentecode' and database_name = "
                "current_database()"
            ).fetchall()
        ]
        for tabel in tabellen:
            naam = ", ? as gemeentenaam" if tabel == "dim_gemeente" else ""
            con.execute(
                f"insert into {tabel} select * replace (? as gemeentecode{naam}) from {tabel} "
                "where gemeentecode = 'GM0164'",
                [DERDE[0], DERDE[1]] if naam else [DERDE[0]],
            )
    finally:
        con.close()


def _lees(toegang: Toegang, snapshot: data.Snapshot, view: str) -> pd.DataFrame:
    return data.lees(toegang, snapshot, f"select * from {view}")


def _regio_sporen(toegang: Toegang, snapshot: data.Snapshot) -> dict[str, int]:
    """Per view, how many rows carry the region's figures: REGIO rows, and a region value beside a gemeente's."""
    sporen = {}
    for view in PER_GEMEENTE:
        if data.heeft(toegang, snapshot, view):
            rijen = _lees(toegang, snapshot, view)
            sporen[view] = int((rijen["gemeentecode"] == REGIO).sum())
    sporen["waarde_regio"] = int(_lees(toegang, snapshot, "publicatie")["waarde_regio"].notna().sum())
    return sporen


@pytest.mark.parametrize(
    ("leden", "ziet"),
    [
        (["GM0153"], False),  # the region is the own gemeente: nothing to hide, nothing lost
        (["GM0153", "GM0164"], False),  # the region minus Enschede is Hengelo
        (["GM0153", "GM0164", "GM0168"], True),
        (["GM0164", "GM0168"], True),  # a user of a gemeente outside the region sees a sum of two
        (["GM0164"], False),  # ... but never a region of one other gemeente
    ],
)
def test_a_gemeente_user_sees_the_region_only_as_a_sum_of_two_others(leden, ziet):
    assert ENSCHEDE.ziet_regio(leden) is ziet
    assert (REGIO in ENSCHEDE.gemeenten(leden)) is ziet
    assert set(ENSCHEDE.gemeenten(leden)) - {REGIO} == {"GM0153"} & set(leden)
    assert BELEID.gemeenten(leden) == [REGIO, *leden]  # a region user sees the region and every member


def test_in_a_region_of_two_the_gemeente_user_reads_no_region_figure(serving):
    snapshot = data.current_snapshot()
    sporen = _regio_sporen(ENSCHEDE, snapshot)
    assert set(sporen) >= {"publicatie", "gemeente", "geld_detail", "waarde_regio"}
    assert sporen == dict.fromkeys(sporen, 0)
    assert not data.ziet_regio(ENSCHEDE, snapshot)
    # the probe finds them where they are allowed, so it can fail
    regio = _regio_sporen(BELEID, snapshot)
    assert regio["publicatie"] and regio["gemeente"] == 1 and regio["waarde_regio"], regio
    # the page questions still work on the own gemeente: periods, the indicators, a region asked for is empty
    periode = data.perioden(ENSCHEDE, snapshot, "maand")["periode"].iloc[0]
    assert data.stand(ENSCHEDE, snapshot, "GM0153", periode)["waarde"].notna().any()
    assert data.stand(ENSCHEDE, snapshot, REGIO, periode)["waarde"].isna().all()
    assert data.trends(ENSCHEDE, snapshot, REGIO, periode).empty


def test_in_a_region_of_three_the_gemeente_user_reads_the_region_again(serving):
    _met_derde_gemeente(serving)
    snapshot = data.current_snapshot()
    sporen = _regio_sporen(ENSCHEDE, snapshot)
    assert sporen["publicatie"] and sporen["gemeente"] == 1 and sporen["waarde_regio"], sporen
    assert data.ziet_regio(ENSCHEDE, snapshot)
    gezien = set(_lees(ENSCHEDE, snapshot, "publicatie")["gemeentecode"])
    assert gezien == {REGIO, "GM0153"}  # never Hengelo or Losser themselves


@pytest.mark.parametrize("pagina", PAGINAS)
def test_every_page_says_why_the_region_is_missing_and_draws_without_error(app_als, pagina):
    at = app_als("enschede", pagina=pagina).run()
    assert not at.exception and not at.error, (at.exception, at.error)
    assert REGIO_VERBORGEN in [c.value for c in [*at.sidebar.caption, *at.caption]]
    assert "Hele regio" not in rollen_hulp.zichtbare_tekst(at)
    assert "Hengelo" not in rollen_hulp.zichtbare_tekst(at)


def test_with_a_third_gemeente_the_page_offers_the_region_again(app_als, serving):
    _met_derde_gemeente(serving)
    at = app_als("enschede", pagina=Pagina.STUURWIEL).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="gemeente").options == ["Enschede", "Hele regio"]
    assert REGIO_VERBORGEN not in [c.value for c in at.sidebar.caption]


def _rapport(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, derde: bool):
    """The report of Hengelo over K2 2025 on the report tests' snapshot (tests/reports/rapport_snapshot.py:
    Enschede and Hengelo, known numbers), with Losser added when ``derde``."""
    snapshot = bouw_rapport_snapshot(tmp_path / "serving.duckdb")
    if derde:
        _met_derde_gemeente(snapshot)
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.setenv("STUURWIEL_SERVING", str(snapshot))
    monkeypatch.setenv("STUURWIEL_REPORTS", str(tmp_path / "reports"))
    rapport = inhoud.bouw("GM0164", parse("2025-Q2"), Settings.from_env())
    tijdig = next(r for regels in rapport.lagen.values() for r in regels if r.indicator_id == "tijdig_gestart")
    return rapport, tijdig


def test_a_gemeentes_council_report_in_a_region_of_two_shows_no_region(tmp_path, monkeypatch):
    rapport, tijdig = _rapport(tmp_path, monkeypatch, derde=False)
    assert tijdig.waarde_tekst == "86,6%" and tijdig.regio_tekst == ""
    assert rapport.vergelijking_kolommen == ["Deze gemeente", "Vergelijkbare gemeenten", "CBS"]
    assert all("Regio" not in r.waarden for r in rapport.vergelijking)
    assert REGIO_VERBORGEN in rapport.kwaliteit


def test_a_gemeentes_council_report_in_a_region_of_three_shows_the_region(tmp_path, monkeypatch):
    rapport, tijdig = _rapport(tmp_path, monkeypatch, derde=True)
    assert tijdig.regio_tekst == "89,3%"  # the region's 89,4 in mei, 0,1 less a month back
    assert rapport.vergelijking_kolommen == ["Deze gemeente", "Regio", "Vergelijkbare gemeenten", "CBS"]
    assert next(r for r in rapport.vergelijking if r.naam == "Tijdig gestarte zorg").waarden["Regio"] == "89,3%"
    assert REGIO_VERBORGEN not in rapport.kwaliteit
