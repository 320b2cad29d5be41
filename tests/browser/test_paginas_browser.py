"""Every page per role in a real browser: reachable through the navigation and by URL, renders without an
exception, and the pages a role may not open are neither listed nor shown at their URL.

Screenshots of every page per account go to tests/browser/artifacts/<gebruiker>-<pagina>.png.
"""

import re
from urllib.parse import urlsplit

import pytest
from browser_hulp import (
    BROWSER,
    GEBRUIKERS,
    NAV_TITELS,
    ROLLEN,
    TITEL,
    geen_fout,
    hoofd,
    nav_link,
    open_pagina,
    pad,
    paginatitel,
    screenshot,
    selectbox,
    snapshot_fixture,
    toegestaan,
    verboden,
    wacht_tot_klaar,
)
from playwright.sync_api import expect

from dashboards.toegang import Pagina

pytestmark = BROWSER
SF = snapshot_fixture()
MEI = "periode=2025-05"


def nl(waarde: float, eenheid: str) -> str:
    """The fixture's values as the tiles show them (one decimal, comma; days whole)."""
    if eenheid == "dagen":
        return f"{waarde:.0f} dagen"
    getal = f"{waarde:.1f}".replace(".", ",")
    return f"{getal}%" if eenheid == "%" else f"{getal} {eenheid}"


EENHEID = {i: eenheid for i, _, _, eenheid, _, _, _ in SF.INDICATOREN}
ENSCHEDE_MEI = [nl(w["GM0153"], EENHEID[i]) for i, w in SF.LAATSTE.items()]


def gemeente_van(gebruiker: str) -> str:
    gemeente = GEBRUIKERS[gebruiker][1]
    return "GM0153" if gemeente == "REGIO" else gemeente


def controleer_pagina(page, pagina: str) -> None:
    """No exception, the page's own title, and what only that page shows where the fixture pins it."""
    expect(paginatitel(page)).to_have_text(TITEL[pagina])
    geen_fout(page)
    if pagina == Pagina.STUURWIEL:
        expect(paginatitel(page)).to_contain_text("Enschede")
        expect(paginatitel(page)).to_contain_text("mei 2025")
        for tekst in ENSCHEDE_MEI:  # 97,5% / 91,2% / 38 dagen / 112,4 per 1.000 / 81,5% / 8,3%
            expect(hoofd(page).get_by_text(tekst, exact=True).first).to_be_visible()
        assert page.get_by_test_id("stMetric").count() >= len(SF.INDICATOREN)
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
    if pagina == Pagina.DEFINITIES:
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible()


@pytest.mark.parametrize("gebruiker", ROLLEN)
def test_every_permitted_page_through_the_navigation(ingelogd, server, gebruiker):
    page = open_pagina(ingelogd(gebruiker), f"{server.url}/?gemeente={gemeente_van(gebruiker)}&{MEI}")
    try:
        # the navigation lists exactly the pages of the role
        for pagina in toegestaan(gebruiker):
            expect(nav_link(page, pagina)).to_have_count(1)
        for pagina in verboden(gebruiker):
            expect(nav_link(page, pagina)).to_have_count(0)
        expect(page.get_by_test_id("stSidebarNavLink")).to_have_count(len(toegestaan(gebruiker)))
        for pagina in toegestaan(gebruiker):
            nav_link(page, pagina).click()
            expect(page).to_have_url(re.compile(rf"^{re.escape(server.url + pad(pagina))}(\?|$)"))
            wacht_tot_klaar(page)
            controleer_pagina(page, pagina)
            screenshot(page, f"{gebruiker}-{pagina}")
    finally:
        page.close()


# beheer may open every page and enschede is the gemeente user: together they cover every page and scope;
# the navigation test above already opens every page for every role.
@pytest.mark.parametrize("gebruiker", ["beheer", "enschede"])
def test_every_permitted_page_through_its_url(ingelogd, server, gebruiker):
    """A shared link to a page opens that page (the login cookie of this browser skips the form)."""
    context = ingelogd(gebruiker)
    fouten = []
    for pagina in toegestaan(gebruiker):
        gevraagd = f"{server.url}{pad(pagina)}?gemeente={gemeente_van(gebruiker)}&{MEI}"
        page = open_pagina(context, gevraagd)
        try:
            if urlsplit(page.url).path != pad(pagina):  # known quickly: the run is over, the URL won't change
                fouten.append(f"{gevraagd} was shown as {page.url} (page {pad(pagina)} lost)")
                continue
            controleer_pagina(page, pagina)
        except AssertionError as fout:
            titel = paginatitel(page).inner_text() if paginatitel(page).count() else "(geen titel)"
            fouten.append(f"{pad(pagina)} opened as {page.url} with title {titel!r}: {str(fout).splitlines()[0]}")
        finally:
            page.close()
    assert not fouten, "\n".join(fouten)


@pytest.mark.parametrize("gebruiker", [g for g in ROLLEN if verboden(g)])
def test_forbidden_pages_show_nothing_through_their_url(ingelogd, server, gebruiker):
    context = ingelogd(gebruiker)
    for pagina in verboden(gebruiker):
        page = open_pagina(context, f"{server.url}{pad(pagina)}")
        try:
            geen_fout(page)
            expect(nav_link(page, pagina)).to_have_count(0)
            expect(page.get_by_text(NAV_TITELS[pagina], exact=True)).to_have_count(0)
            if paginatitel(page).count():
                expect(paginatitel(page)).not_to_have_text(TITEL[pagina])
            if pagina == Pagina.DATAKWALITEIT:
                expect(hoofd(page)).not_to_contain_text("Laatste levering per bron")
                expect(hoofd(page)).not_to_contain_text("quarantaine")
            if pagina == Pagina.LOGBOEK:
                expect(hoofd(page)).not_to_contain_text("ingelogd")
        finally:
            page.close()


def test_a_gemeente_user_never_sees_hengelo(ingelogd, server):
    """enschede (beleid, GM0153) asks for Hengelo by URL on every page it may open: it gets Enschede."""
    hengelo_eigen = [nl(SF.LAATSTE["doorlooptijd_toewijzing"]["GM0164"], "dagen")]  # no comparison shows it
    context = ingelogd("enschede")
    for pagina in toegestaan("enschede"):
        page = open_pagina(context, f"{server.url}{pad(pagina)}?gemeente=GM0164&{MEI}")
        try:
            geen_fout(page)
            expect(hoofd(page)).not_to_contain_text("Hengelo")
            expect(hoofd(page)).not_to_contain_text("GM0164")
            for tekst in hengelo_eigen:
                expect(hoofd(page).get_by_text(tekst, exact=True)).to_have_count(0)
            if page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").count():
                gemeente = selectbox(page, "Gemeente")
                expect(gemeente).to_have_value("Enschede")
                gemeente.click()
                # the fixture's region of two: the region is hidden from Enschede (test_toegang_kleine_regio.py)
                expect(page.get_by_role("option")).to_have_text(["Enschede"])
                page.keyboard.press("Escape")
                assert "GM0164" not in page.url
            if pagina == Pagina.STUURWIEL:
                expect(paginatitel(page)).to_contain_text("Enschede")
                screenshot(page, "enschede-vraagt-hengelo")
        finally:
            page.close()
