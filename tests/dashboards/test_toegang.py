"""Access is enforced where data is read: every role and scope against every data function.

Each test asks dashboards/data.py directly, as a page would, and checks that nothing outside the
user's rights comes back: other gemeenten, wijk rows, aanbieder rows, the quality snapshot.
"""

import duckdb
import pytest
from fixture_toegang import AANBIEDER, WIJK

from dashboards import data
from dashboards.toegang import PAGINA_ROL, REGIO, GeenToegang, Pagina, Rol, Toegang

RAAD = Toegang("raad", Rol.raad, REGIO)
BELEID = Toegang("beleid", Rol.beleid, REGIO)
CONTROLLER = Toegang("controller", Rol.controller, REGIO)
BEHEER = Toegang("beheer", Rol.beheer, REGIO)
ENSCHEDE = Toegang("enschede", Rol.beleid, "GM0153")
ALLE = [RAAD, BELEID, CONTROLLER, BEHEER, ENSCHEDE]


@pytest.fixture
def snapshot(serving):
    return data.current_snapshot()


def _publicatie(toegang, snapshot, where="true"):
    return data.lees(toegang, snapshot, f"select * from publicatie where {where}")


@pytest.mark.parametrize("toegang", ALLE, ids=lambda t: t.gebruiker)
def test_every_row_a_user_can_read_is_within_their_scope(toegang, snapshot):
    rijen = _publicatie(toegang, snapshot)
    assert not rijen.empty
    # a region of two: the region minus Enschede would be Hengelo (tests/security/test_toegang_kleine_regio.py)
    toegestaan = {REGIO, "GM0153", "GM0164"} if toegang.regio_gebruiker else {"GM0153"}
    assert set(rijen["gemeentecode"]) == toegestaan
    assert rijen["wijkcode"].notna().any() == (toegang.rol >= Rol.beleid)
    assert (rijen["dimensie"] == "aanbieder").any() == (toegang.rol >= Rol.beleid)
    gemeenten = data.gemeenten(toegang, snapshot)
    assert set(gemeenten["gemeentecode"]) == toegestaan - {REGIO}


def test_raad_sees_neither_wijk_nor_aanbieder_figures(snapshot):
    assert _publicatie(RAAD, snapshot, f"wijkcode = '{WIJK[2]}'").empty
    assert _publicatie(RAAD, snapshot, f"dimensie_waarde = '{AANBIEDER[3]}'").empty
    wijk = _publicatie(BELEID, snapshot, f"wijkcode = '{WIJK[2]}'")
    assert set(wijk["waarde"]) == {WIJK[3]}
    assert data.lees(RAAD, snapshot, "select count(*) as n from aanbieder")["n"].iloc[0] == 0
    assert AANBIEDER[3] in set(data.lees(BELEID, snapshot, "select agb_code from aanbieder")["agb_code"])


@pytest.mark.parametrize("functie", ["stand", "trends", "taakvelden"])
def test_a_gemeente_user_is_refused_another_gemeente(functie, snapshot):
    periode = data.perioden(ENSCHEDE, snapshot, "maand")["periode"].iloc[0]
    with pytest.raises(GeenToegang):
        getattr(data, functie)(ENSCHEDE, snapshot, "GM0164", periode)
    assert not getattr(data, functie)(ENSCHEDE, snapshot, "GM0153", periode).empty
    regio = getattr(data, functie)(ENSCHEDE, snapshot, REGIO, periode)  # a region of two: hidden from Enschede
    assert regio.empty or regio["waarde"].isna().all()


def test_region_users_read_every_member(snapshot):
    periode = data.perioden(BELEID, snapshot, "maand")["periode"].iloc[0]
    stand = data.stand(RAAD, snapshot, "GM0164", periode)
    assert stand["waarde"].notna().any()


def test_page_sql_cannot_reach_the_snapshot_or_other_files(snapshot, tmp_path):
    with pytest.raises(GeenToegang):
        data.lees(BEHEER, snapshot, "select * from bron_snapshot.main.fct_indicator_publicatie")
    with pytest.raises(duckdb.CatalogException):
        data.lees(RAAD, snapshot, "select * from fct_indicator_publicatie")
    geheim = tmp_path / "ander.csv"
    geheim.write_text("a\n1\n")
    with pytest.raises(duckdb.Error):
        data.lees(RAAD, snapshot, f"select * from read_csv('{geheim}')")
    with pytest.raises(duckdb.Error):
        data.lees(RAAD, snapshot, "set enable_external_access = true")


def test_a_forged_user_is_refused(snapshot):
    with pytest.raises(GeenToegang):
        data.lees(Toegang("x", Rol.beheer, "GM0153' or true or '"), snapshot, "select 1")


def test_rights_per_page():
    assert sorted(p for p in PAGINA_ROL if RAAD.mag(p)) == ["definities", "rapporten", "stuurwiel", "verkennen"]
    assert BELEID.mag(Pagina.AANBIEDERS) and not BELEID.mag(Pagina.GELD)
    assert CONTROLLER.mag(Pagina.GELD) and not CONTROLLER.mag(Pagina.DATAKWALITEIT)
    assert BEHEER.mag(Pagina.DATAKWALITEIT) and BEHEER.mag(Pagina.LOGBOEK)


def test_a_comparison_group_of_one_other_gemeente_is_not_shown_to_a_gemeente_user(snapshot):
    # the fixture's comparable group holds Enschede and Hengelo only: for Enschede it would be Hengelo's figure
    enschede = _publicatie(ENSCHEDE, snapshot, "gemeentecode = 'GM0153' and dimensie = 'totaal'")
    assert (enschede["leden_vergelijkingsgroep"] == 1).any()
    assert enschede["waarde_vergelijkingsgroep"].isna().all()
    regio = _publicatie(BELEID, snapshot, "gemeentecode = 'GM0153' and dimensie = 'totaal'")
    assert regio["waarde_vergelijkingsgroep"].notna().any()  # a region user sees every member anyway
