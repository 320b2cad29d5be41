"""The served app, read in a real browser while the snapshot is published again and again: no page ever shows an
error, and every page shows one snapshot version and only figures of that version.

`stuurwiel serve`'s app (dashboards/app.py under Streamlit) is served on a home of this test's own. Two warehouses
are prepared from the dashboards' fixture snapshot: A with the fixture's figures, B with Enschede's whole series
moved so far that none of its values is one of A's (nor Hengelo's or the region's). A publisher thread publishes
them in turn through the real `warehouse.publish` (v1 from B, v2 from A, ...), each publish at a random moment
after the browser has drawn pages of the previous one. Meanwhile beleid and raad, each in a browser of their own,
open pages by URL, reload them and click through the navigation. Every drawn page must have no exception and no
error message, name one version in its footer ("Gegevens: snapshot vN, ..."), and show only figures of that
version: Stuurwiel's tiles are all of it, no text anywhere is of the other version. After the last publish both
browsers draw the newest version. A page drawn while a publish lands may be drawn again by the app
(`SnapshotVervangen`); that is how it must keep one version, and it is invisible here.

STUURWIEL_BROWSER_PUBLICATIES sets the number of publishes (default 6 for `make test`; `make gelijktijdig` more).
"""

from __future__ import annotations

import os
import random
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
from browser_hulp import BROWSER, GEBRUIKERS, TIMEOUT_MS, inloggen, nav_link, pad, snapshot_fixture, wacht_tot_klaar
from playwright.sync_api import expect

from dashboards.toegang import Pagina
from pipelines import warehouse

pytestmark = BROWSER
PUBLICATIES = int(os.environ.get("STUURWIEL_BROWSER_PUBLICATIES", "6"))
SF = snapshot_fixture()
FILTERS = "gemeente=GM0153&periode=2025-05"
GEBRUIKERS_HIER = ("beleid", "raad")
# Enschede in mei 2025 as the tiles show it (tests/dashboards/snapshot_fixture.py LAATSTE), and version B's:
# each B value lies outside the range any series of A takes, so a B figure on an A page (or back) is a mix.
A = {
    "uitputting_begroting": "97,5%",
    "tijdig_gestart": "91,2%",
    "doorlooptijd_toewijzing": "38 dagen",
    "bereik_jeugdhulp": "112,4 per 1.000",
    "zonder_herhaling": "81,5%",
    "voortijdig_beeindigd": "8,3%",
}
B_WAARDEN = {
    "uitputting_begroting": (71.7, "71,7%"),
    "tijdig_gestart": (63.3, "63,3%"),
    "doorlooptijd_toewijzing": (77.0, "77 dagen"),
    "bereik_jeugdhulp": (151.5, "151,5 per 1.000"),
    "zonder_herhaling": (55.5, "55,5%"),
    "voortijdig_beeindigd": (22.2, "22,2%"),
}
B = {i: tekst for i, (_, tekst) in B_WAARDEN.items()}
# What the app shows when a read fails or finds nothing (dashboards/app.py, dashboards/data.py GEEN_SNAPSHOT).
FOUTTEKSTEN = ("U heeft geen toegang tot deze gegevens", "Nog geen gepubliceerde gegevens")
# Each browser's steps in turn: a new session by URL or reload, or a rerun in the session through the navigation.
STAPPEN = [
    ("open", Pagina.STUURWIEL),
    ("klik", Pagina.VERKENNEN),
    ("klik", Pagina.STUURWIEL),
    ("herlaad", Pagina.STUURWIEL),
    ("open", Pagina.VERKENNEN),
    ("klik", Pagina.DEFINITIES),
]
# The page as it stands once Streamlit's run is over, read in one go (no run can change it halfway through).
_SCHERM = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const main = document.querySelector('[data-testid="stMain"]');
    const fouten = document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]');
    return {
        staat: app ? app.getAttribute('data-test-script-state') : null,
        tekst: main ? main.innerText : '',
        tegels: main ? [...main.querySelectorAll('[data-testid="stMetricValue"]')].map(e => e.innerText.trim()) : [],
        fouten: [...fouten].map(e => e.innerText.slice(0, 300)),
        pad: location.pathname,
    };
}"""


def _warehouse(folder: Path, override: dict | None) -> Path:
    """A warehouse whose serving schema holds the fixture snapshot's tables (its figures patched by `override`),
    ready for `warehouse.publish`, which adds snapshot_info and the version itself."""
    folder.mkdir(parents=True)
    bron = SF.build_snapshot(folder / "fixture.duckdb", override)
    wh = folder / "warehouse.duckdb"
    with duckdb.connect(str(wh)) as con:
        con.execute(f"attach '{bron}' as bron (read_only)")
        con.execute(f"create schema {warehouse.SERVING_SCHEMA}")
        tabellen = con.execute(
            "select table_name from duckdb_tables() where database_name = 'bron' and table_name <> 'snapshot_info'"
        ).fetchall()
        for (tabel,) in tabellen:
            con.execute(f"create table {warehouse.SERVING_SCHEMA}.{tabel} as select * from bron.main.{tabel}")
    bron.unlink()
    return wh


class Publicist(threading.Thread):
    """Publishes v1..vN (odd from B, even from A), each once the browsers drew two pages since the last one."""

    def __init__(self, warehouses: tuple[Path, Path], serving: Path) -> None:
        super().__init__(daemon=True)
        self.warehouses, self.serving = warehouses, serving
        self.gepubliceerd = 0
        self.fouten: list[str] = []
        self._schermen = 0
        self._gestopt = False
        self._conditie = threading.Condition()

    def getekend(self) -> None:
        with self._conditie:
            self._schermen += 1
            self._conditie.notify_all()

    def stop(self) -> None:
        """No more publishes (the browsers stopped early: the test failed)."""
        with self._conditie:
            self._gestopt = True
            self._conditie.notify_all()

    def run(self) -> None:
        try:
            for versie in range(1, PUBLICATIES + 1):
                with self._conditie:
                    nodig = self._schermen + 2
                    if not self._conditie.wait_for(lambda n=nodig: self._schermen >= n or self._gestopt, timeout=120):
                        raise TimeoutError("the browsers stopped drawing pages")
                    if self._gestopt:
                        return
                time.sleep(random.uniform(0, 1.5))  # land at any moment of a page's run
                warehouse.publish(self.warehouses[versie % 2], self.serving, f"v{versie}")
                self.gepubliceerd = versie
        except Exception as fout:  # noqa: BLE001 - reported by the test's assertion
            self.fouten.append(repr(fout))


@dataclass
class Browser:
    gebruiker: str
    page: object
    stap: int


def _begin(browser: Browser, url: str) -> tuple[str, str]:
    """Start the browser's next step without waiting for Streamlit; returns (what, the page it should show)."""
    wat, pagina = STAPPEN[browser.stap % len(STAPPEN)]
    browser.stap += 1
    if wat == "open":
        browser.page.goto(f"{url}{pad(pagina)}?{FILTERS}", wait_until="commit")
    elif wat == "herlaad":
        browser.page.reload(wait_until="commit")
    else:
        nav_link(browser.page, pagina).click()
    return wat, pagina


def _lees(browser: Browser, pagina: str) -> dict:
    """The page once its run is over and it stands still. A page whose reads straddled a publish is drawn again
    (st.rerun), and a new session's first run can be followed by another: between two runs Streamlit may briefly
    report no run with the page half drawn (a Stuurwiel page without its tiles, or with tiles not yet filled).
    So a page counts as drawn when two reads half a second apart, both with no run going on, show the same."""
    page = browser.page
    expect(page).to_have_url(re.compile(rf"^[^?]*//[^/]+{re.escape(pad(pagina))}(\?|$)"), timeout=TIMEOUT_MS)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible(timeout=TIMEOUT_MS)
    vorige = None
    for _ in range(20):
        wacht_tot_klaar(page)
        scherm = page.evaluate(_SCHERM)
        getekend = pagina != Pagina.STUURWIEL or scherm["tegels"]
        if scherm["staat"] == "notRunning" and "Gegevens: snapshot" in scherm["tekst"] and getekend:
            if scherm == vorige:
                return scherm
            vorige = scherm
            page.wait_for_timeout(500)
        else:
            vorige = None
            page.wait_for_timeout(300)
    return scherm


def _toont(tekst: str, waarde: str) -> bool:
    """Whether `waarde` stands in `tekst` as a whole figure ('8,3%' is not in '98,3%')."""
    return re.search(rf"(?<![\d.,]){re.escape(waarde)}(?!\d)", tekst) is not None


def _bevindingen(scherm: dict, pagina: str) -> tuple[str | None, list[str]]:
    """The version the page names, and what is wrong with it."""
    fout = [f"fout op het scherm: {f!r}" for f in scherm["fouten"]]
    fout += [f"fouttekst {t!r}" for t in FOUTTEKSTEN if t in scherm["tekst"]]
    if scherm["staat"] != "notRunning":
        fout.append(f"Streamlit nog bezig ({scherm['staat']})")
    if urlsplit(scherm["pad"]).path != pad(pagina):
        fout.append(f"pagina {scherm['pad']} in plaats van {pad(pagina)}")
    versies = re.findall(r"Gegevens: snapshot (v\d+),", scherm["tekst"])
    if len(versies) != 1:
        return None, [*fout, f"versies in de voettekst: {versies}"]
    versie = versies[0]
    eigen, ander = (A, B) if int(versie[1:]) % 2 == 0 else (B, A)
    fout += [f"{versie} toont {t!r} van de andere versie" for t in ander.values() if _toont(scherm["tekst"], t)]
    if pagina == Pagina.STUURWIEL:
        fout += [
            f"{versie}: tegel {t!r} ontbreekt ({scherm['tegels']})" for t in eigen.values() if t not in scherm["tegels"]
        ]
    if pagina == Pagina.VERKENNEN and not any(_toont(scherm["tekst"], t) for t in eigen.values()):
        fout.append(f"{versie}: Verkennen toont geen cijfer van Enschede")
    return versie, fout


def test_browsers_reading_the_served_app_during_publishes_see_one_version_per_page_and_no_error(
    browser, serveer, tmp_path
):
    from dashboards import gebruikers

    wh_a = _warehouse(tmp_path / "a", None)
    wh_b = _warehouse(tmp_path / "b", {(i, "GM0153"): w for i, (w, _) in B_WAARDEN.items()})
    serving = tmp_path / "home" / "data" / "serving.duckdb"
    warehouse.publish(wh_a, serving, "v0")
    users = tmp_path / "gebruikers.yaml"
    for gebruiker in GEBRUIKERS_HIER:
        rol, gemeente, wachtwoord = GEBRUIKERS[gebruiker]
        gebruikers.voeg_toe(users, gebruiker, rol, gemeente, wachtwoord, naam=f"Test {gebruiker}")
    publicist = Publicist((wh_a, wh_b), serving)
    bevindingen: list[str] = []
    gezien: list[str] = []
    with serveer(tmp_path, serving, users) as server:
        contexten = [browser.new_context(viewport={"width": 1600, "height": 1000}) for _ in GEBRUIKERS_HIER]
        try:
            browsers = []
            for n, (context, gebruiker) in enumerate(zip(contexten, GEBRUIKERS_HIER, strict=True)):
                context.set_default_timeout(TIMEOUT_MS)
                page = context.new_page()
                inloggen(page, server.url + "/", gebruiker)
                browsers.append(Browser(gebruiker, page, stap=4 * n))  # raad starts on Verkennen, beleid on Stuurwiel
            publicist.start()
            laatste_ronde = False
            while not laatste_ronde:
                laatste_ronde = not publicist.is_alive()  # one more round after the last publish
                stappen = [_begin(b, server.url) for b in browsers]  # both sessions run at once on the server
                for b, (wat, pagina) in zip(browsers, stappen, strict=True):
                    versie, fout = _bevindingen(_lees(b, pagina), pagina)
                    bevindingen += [f"{b.gebruiker} {wat} {pagina}: {f}" for f in fout]
                    gezien.append(versie)
                    if laatste_ronde and versie != f"v{PUBLICATIES}":
                        bevindingen.append(f"{b.gebruiker} {wat} {pagina}: {versie} na de laatste publicatie")
                    publicist.getekend()
        finally:
            publicist.stop()
            publicist.join(timeout=60)
            for context in contexten:
                context.close()
        log = server.log.read_text()
    assert not publicist.fouten, publicist.fouten
    assert publicist.gepubliceerd == PUBLICATIES
    assert not bevindingen, "\n".join(bevindingen[:10])
    assert "Traceback" not in log, log[-3000:]
    # The browsers really read across the publishes: both versions' figures, and most of the versions.
    assert {int(v[1:]) % 2 for v in gezien} == {0, 1}, gezien
    assert len(set(gezien)) >= min(PUBLICATIES, 4), gezien
