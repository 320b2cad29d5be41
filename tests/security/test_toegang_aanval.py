"""Attacks on the roles: every page and every download as each role, with a tampered URL and session.

The URL of every page carries what an attacker would try: another gemeente's code, the aanbieder
breakdown, an aanbieder's AGB code, another role's page. For every page (hidden ones too, requested
directly) everything the page draws and every file its download buttons would hand out (CSV and Excel,
read back) is searched for what the role may not see: for raad the wijk rows and aanbieder names and
codes, for the Enschede user Hengelo. The data layer is attacked directly too: every view of the snapshot
as every role, and every page question of dashboards/queries/ as a role below its page.
"""

from __future__ import annotations

import inspect
import io
from datetime import date

import openpyxl
import pandas as pd
import pytest
import rollen_hulp
from fixture_aanbieders import AANBIEDERS as AANBIEDERS_PAGINA
from fixture_geld import AANBIEDERS as AANBIEDERS_GELD
from fixture_toegang import AANBIEDER, WIJK
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboards import data
from dashboards.queries import aanbieders, datakwaliteit, geld
from dashboards.toegang import PAGINA_ROL, REGIO, GeenToegang, Pagina, Rol, Toegang

GEBRUIKERS, TOEGANG = rollen_hulp.GEBRUIKERS, rollen_hulp.TOEGANG
serving, users_file, app_als = rollen_hulp.serving, rollen_hulp.users_file, rollen_hulp.app_als

ANDERE_GEMEENTE = ("GM0164", "Hengelo")
AANBIEDER_SPOREN = tuple(
    {AANBIEDER[3], "Zorg Toegang BV"}
    | {a[0] for a in AANBIEDERS_PAGINA + AANBIEDERS_GELD}
    | {a[1] for a in AANBIEDERS_PAGINA + AANBIEDERS_GELD}
)
# What an attacker puts in the URL: another gemeente, the breakdown and page of a higher role, an aanbieder.
AANVAL = {
    "gemeente": ANDERE_GEMEENTE[0],
    "uitsplitsing": "aanbieder",
    "indicator": AANBIEDER[0],
    "aanbieder": AANBIEDER[3],
    "vergelijk": ANDERE_GEMEENTE[0],
}


def verboden(gebruiker: str) -> tuple[str, ...]:
    """Text that must never reach this user: on a page or in a downloaded file."""
    rol, gemeente, _ = GEBRUIKERS[gebruiker]
    sporen: tuple[str, ...] = ()
    if gemeente != REGIO:
        sporen += ANDERE_GEMEENTE
    if Rol[rol] < Rol.beleid:
        sporen += (WIJK[2], *AANBIEDER_SPOREN)
    return sporen


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bytes]]:
    """(file name, content) of every download a page offers, deferred ones read as a click would."""
    bestanden: list[tuple[str, bytes]] = []
    echt, echt_later = MediaFileManager.add, MediaFileManager.add_deferred

    def add(self, data, mimetype, coordinates, file_name=None, **kw):
        bestanden.append((file_name or "", data if isinstance(data, bytes) else str(data).encode()))
        return echt(self, data, mimetype, coordinates, file_name=file_name, **kw)

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        try:
            inhoud = data_callable()
        except GeenToegang:
            inhoud = b""  # refused at the read: nothing handed out
        bestanden.append((file_name or "", inhoud))
        return echt_later(self, data_callable, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return bestanden


def als_tekst(naam: str, inhoud: bytes) -> str:
    """A downloaded file as the text a person would see in it (every cell of an Excel workbook)."""
    if naam.endswith(".xlsx"):
        boek = openpyxl.load_workbook(io.BytesIO(inhoud), read_only=True)
        return "\n".join(str(c) for blad in boek for rij in blad.iter_rows(values_only=True) for c in rij)
    return inhoud.decode("utf-8-sig", errors="replace")


# The users something is hidden from (a region user with a role above raad may see every row; the Logboek
# and Datakwaliteit of beheer are attacked in test_logboek_keten.py and tests/dashboards/test_datakwaliteit.py).
BEPERKT = [g for g in GEBRUIKERS if verboden(g)]


@pytest.mark.parametrize("pagina", list(PAGINA_ROL))
@pytest.mark.parametrize("gebruiker", BEPERKT)
def test_no_page_or_download_leaks_with_a_tampered_url(app_als, downloads, gebruiker, pagina):
    at = app_als(gebruiker, pagina=pagina, **AANVAL).run()
    assert not at.exception, at.exception
    gezien = rollen_hulp.zichtbare_tekst(at)
    assert gezien.strip(), "the page drew nothing: the probe would see no leak either"
    for naam, inhoud in downloads:
        gezien += "\n" + als_tekst(naam, inhoud)
    for spoor in verboden(gebruiker):
        assert spoor not in gezien, f"{gebruiker} sees {spoor!r} on {pagina}"
    assert not [naam for naam, _ in downloads if naam.startswith(("logboek", "quarantaine"))]


def test_the_probe_sees_a_leak_where_one_is_allowed(app_als, downloads):
    """Beleid may see aanbieders and wijken, a region user Hengelo: the same probe must find them."""
    at = app_als("beleid", pagina=Pagina.AANBIEDERS, gemeente=ANDERE_GEMEENTE[0]).run()
    gezien = rollen_hulp.zichtbare_tekst(at) + "".join(als_tekst(n, i) for n, i in downloads)
    assert ANDERE_GEMEENTE[1] in gezien
    assert any(spoor in gezien for spoor in AANBIEDER_SPOREN)


def test_a_tampered_session_does_not_raise_the_role(app_als):
    """Session state is the server's, but should a value be forged (here through AppTest) the rights are still
    read from the users file on every run, and a forged filter is refused before a figure is read."""
    at = app_als("raad", pagina=Pagina.GELD)
    at.session_state["toegang"] = Toegang("raad", Rol.beheer, REGIO)
    at.session_state["gekozen_gemeente"] = ANDERE_GEMEENTE[0]
    at.run()
    assert not at.exception, at.exception
    assert "Geld en resultaat" not in [t.value for t in at.title]
    assert at.session_state["toegang"] == TOEGANG["raad"]

    at = app_als("enschede", pagina=Pagina.VERKENNEN)
    at.session_state["gekozen_gemeente"] = ANDERE_GEMEENTE[0]
    at.session_state["gemeente"] = ANDERE_GEMEENTE[0]  # the widget's own value, as a forged client would send it
    at.run()
    gezien = rollen_hulp.zichtbare_tekst(at)
    assert ANDERE_GEMEENTE[1] not in gezien and ANDERE_GEMEENTE[0] not in gezien


def test_a_login_state_for_an_unknown_account_gets_nothing(app_als):
    at = app_als("indringer", pagina=Pagina.STUURWIEL).run()
    assert not at.exception, at.exception
    assert not at.metric and not at.dataframe
    assert "toegang" not in at.session_state


# --- The data layer, attacked without the pages --------------------------------------------------------


def _scope(toegang: Toegang) -> set[str]:
    # A gemeente user never sees REGIO here: the region of two minus the own gemeente would be the other.
    return {REGIO, "GM0153", "GM0164"} if toegang.regio_gebruiker else {toegang.gemeentecode}


@pytest.mark.parametrize("gebruiker", list(GEBRUIKERS))
def test_every_view_returns_only_rows_within_the_role(serving, gebruiker):
    toegang, snapshot = TOEGANG[gebruiker], data.current_snapshot()
    gelezen = 0
    for view in data._SERVING_VIEWS:
        if not data.heeft(toegang, snapshot, view):
            continue
        rijen = data.lees(toegang, snapshot, f"select * from {view}")
        gelezen += len(rijen)
        if "gemeentecode" in rijen:
            assert set(rijen["gemeentecode"].dropna()) <= _scope(toegang), view
        if "wijkcode" in rijen and toegang.rol < Rol.beleid:
            assert rijen["wijkcode"].isna().all(), view
        if "dimensie" in rijen and toegang.rol < Rol.beleid:
            assert not (rijen["dimensie"] == "aanbieder").any(), view
        if view == "aanbieder" and toegang.rol < Rol.beleid:
            assert rijen.empty
        if view == "geld_detail" and toegang.rol < Rol.controller:
            assert rijen.empty
    assert gelezen > 0


def _argumenten(functie, toegang: Toegang, snapshot: data.Snapshot) -> dict:
    """Plausible arguments for a page question, by parameter name (the questions share their names)."""
    waarden = {
        "toegang": toegang,
        "snapshot": snapshot,
        "kwaliteit": snapshot,
        "gemeentecode": "GM0153",
        "gemeentecodes": ["GM0153"],
        "periode": date(2025, 4, 1),
        "tot": date(2025, 4, 1),
        "periode_type": "maand",
        "agb_code": AANBIEDER[3],
        "niveau": "taakveld",
        "indicator_id": AANBIEDER[0],
        "dimensie": "aanbieder",
        "gepubliceerd_op": pd.Timestamp("2025-01-01"),
    }
    parameters = inspect.signature(functie).parameters
    return {n: waarden[n] for n, p in parameters.items() if p.default is inspect.Parameter.empty}


def _vragen(module) -> list[str]:
    """The page questions a module defines: public functions of its own or made by data.periodevraag."""
    return [
        naam
        for naam, functie in vars(module).items()
        if inspect.isfunction(functie)
        and not naam.startswith("_")
        and functie.__module__ in (module.__name__, data.__name__)
        and "toegang" in inspect.signature(functie).parameters
    ]


# The banner and the Definities page ask datakwaliteit for every role (each sees its own deliveries only).
VOOR_IEDEREEN = {"geblokkeerd_na", "bronnen"}
VRAGEN = [
    (module, naam, pagina)
    for module, pagina in ((geld, Pagina.GELD), (aanbieders, Pagina.AANBIEDERS), (datakwaliteit, Pagina.DATAKWALITEIT))
    for naam in _vragen(module)
    if naam not in VOOR_IEDEREEN
]


@pytest.mark.parametrize("module, naam, pagina", VRAGEN, ids=lambda v: getattr(v, "__name__", v))
def test_every_page_question_refuses_a_role_below_its_page(serving, module, naam, pagina):
    functie = getattr(module, naam)
    onder = [t for t in TOEGANG.values() if not t.mag(pagina)]
    assert onder
    for toegang in onder:
        with pytest.raises(GeenToegang):
            functie(**_argumenten(functie, toegang, data.current_snapshot()))
