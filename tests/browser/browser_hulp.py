"""Helpers of the browser tests: the accounts, the pages per role, and Playwright steps (login, wait, screenshot).

Its own module name (not conftest) so the test modules can import it while tests/dashboards/conftest.py
is loaded in the same pytest run.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboards.toegang import PAGINA_ROL, Pagina, Rol

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DIR = PROJECT_ROOT / "tests" / "dashboards"
CHROMIUM = Path("/usr/bin/chromium")
# pytestmark of every browser test module: the marker, and a skip where Debian's Chromium is missing.
BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed at /usr/bin/chromium"),
]
ARTIFACTS = Path(__file__).parent / "artifacts"
TIMEOUT_MS = 30_000
expect.set_options(timeout=15_000)
BREEDTE = 1600

# gebruiker -> (rol, gemeente, wachtwoord): one region user per role, one gemeente user, and two accounts only
# the failed-login tests use (so their failed attempts never lock an account another test logs in with).
GEBRUIKERS = {
    "raad": ("raad", "REGIO", "raad-test"),
    "beleid": ("beleid", "REGIO", "beleid-test"),
    "controller": ("controller", "REGIO", "controller-test"),
    "beheer": ("beheer", "REGIO", "beheer-test"),
    "enschede": ("beleid", "GM0153", "enschede-test"),
    "pechvogel": ("raad", "REGIO", "pechvogel-test"),
    "vergeetachtig": ("raad", "REGIO", "vergeetachtig-test"),
}
ROLLEN = ["raad", "beleid", "controller", "beheer", "enschede"]

# Page key -> the navigation title app.py gives it (read from its source: importing app.py would run it).
NAV_TITELS = dict(re.findall(r'Pagina\.(\w+): \("([^"]+)"', (PROJECT_ROOT / "dashboards" / "app.py").read_text()))
NAV_TITELS = {getattr(Pagina, k): v for k, v in NAV_TITELS.items()}
ALLE_PAGINAS = list(PAGINA_ROL)


def rol(gebruiker: str) -> Rol:
    return Rol[GEBRUIKERS[gebruiker][0]]


def toegestaan(gebruiker: str) -> list[str]:
    return [p for p in ALLE_PAGINAS if rol(gebruiker) >= PAGINA_ROL[p]]


def verboden(gebruiker: str) -> list[str]:
    return [p for p in ALLE_PAGINAS if p not in toegestaan(gebruiker)]


def pad(pagina: str) -> str:
    """URL path of a page: the default page lives at /."""
    return "/" if pagina == Pagina.STUURWIEL else f"/{pagina}"


def snapshot_fixture():
    """tests/dashboards/snapshot_fixture.py (it loads the fixture_*.py extras beside it itself)."""
    if str(FIXTURE_DIR) not in sys.path:
        sys.path.insert(0, str(FIXTURE_DIR))  # its helpers import each other by module name
    return laad("stuurwiel_snapshot_fixture", FIXTURE_DIR / "snapshot_fixture.py")


def laad(naam: str, bestand: Path):
    if naam in sys.modules:
        return sys.modules[naam]
    spec = importlib.util.spec_from_file_location(naam, bestand)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[naam] = module
    return module


# --- Playwright steps ------------------------------------------------------------------------------------


def wacht_tot_klaar(page: Page) -> None:
    """Until Streamlit has finished the current run of the script."""
    page.wait_for_timeout(300)  # a click's rerun may not have started yet
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT_MS)


def inloggen(page: Page, url: str, gebruiker: str, wachtwoord: str | None = None) -> None:
    """Fill in the login form at `url`; with the right password, wait for the sidebar's logout button."""
    page.goto(url)
    page.get_by_label("Gebruikersnaam").fill(gebruiker)
    page.get_by_label("Wachtwoord").fill(wachtwoord or GEBRUIKERS[gebruiker][2])
    page.get_by_role("button", name="Inloggen").click()
    if wachtwoord is None:
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible(timeout=TIMEOUT_MS)
    wacht_tot_klaar(page)


def open_pagina(context, url: str) -> Page:
    """A new page (new Streamlit session) in a logged-in context at `url`, after the cookie logged it in."""
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible(timeout=TIMEOUT_MS)
    wacht_tot_klaar(page)
    return page


def hoofd(page: Page):
    return page.get_by_test_id("stMain")


def paginatitel(page: Page):
    """The page's own title: the first h1 of the main area (the sidebar has an h1 'Stuurwiel' too)."""
    return hoofd(page).locator("h1").first


def nav_link(page: Page, pagina: str):
    return page.get_by_test_id("stSidebarNavLink").filter(has_text=re.compile(rf"{re.escape(NAV_TITELS[pagina])}$"))


def selectbox(page: Page, label: str):
    """The sidebar selectbox `label`: a combobox whose value is the chosen option's text."""
    return page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)


def kies(page: Page, label: str, optie: str) -> None:
    """Choose `optie` in the sidebar selectbox `label` and wait for the rerun."""
    selectbox(page, label).click()
    page.get_by_role("option", name=optie, exact=True).click()
    wacht_tot_klaar(page)


def geen_fout(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def screenshot(page: Page, naam: str) -> Path:
    """A whole-app screenshot: Streamlit scrolls inside stMain, so grow the viewport to fit it first."""
    ARTIFACTS.mkdir(exist_ok=True)
    main = hoofd(page)
    hoogte = max(1000, main.evaluate("main => main.scrollHeight"))
    page.set_viewport_size({"width": BREEDTE, "height": hoogte})
    expect(main).to_be_visible()
    page.wait_for_timeout(1000)  # let the Plotly charts redraw at the new size
    bestand = ARTIFACTS / f"{naam}.png"
    page.screenshot(path=bestand, full_page=True)
    page.set_viewport_size({"width": BREEDTE, "height": 1000})
    return bestand


# What the page's own title (h1 in the main area) must match: Stuurwiel's names the area shown, Verkennen's
# the indicator explored (one of the fixture's), the others their own name.
TITEL = {
    Pagina.STUURWIEL: re.compile(r"Hele regio|Enschede|Hengelo"),
    Pagina.VERKENNEN: re.compile(
        r"verkennen|" + "|".join(re.escape(i[1]) for i in snapshot_fixture().INDICATOREN), re.I
    ),
    Pagina.DEFINITIES: re.compile(r"definities", re.I),
    Pagina.AANBIEDERS: re.compile(r"aanbieders", re.I),
    Pagina.GELD: re.compile(r"geld", re.I),
    Pagina.DATAKWALITEIT: re.compile(r"datakwaliteit", re.I),
    Pagina.LOGBOEK: re.compile(r"logboek", re.I),
    Pagina.RAPPORTEN: re.compile(r"rapporten", re.I),
}
