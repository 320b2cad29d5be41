"""Login in a real browser: nothing is shown before it, a wrong password is refused in Dutch, an account locks
after five failed attempts, and logging out brings the form back."""

from browser_hulp import BROWSER, GEBRUIKERS, hoofd, inloggen, screenshot, wacht_tot_klaar
from playwright.sync_api import expect

pytestmark = BROWSER
FOUT = "Gebruikersnaam of wachtwoord klopt niet."


def geen_cijfers(page) -> None:
    """Nothing of the data: no figures, charts, tables, navigation or filters; only the login form."""
    for testid in (
        "stMetric",
        "stPlotlyChart",
        "stDataFrame",
        "stTable",
        "stSidebarNavLink",
        "stSelectbox",
        "stDownloadButton",
        "stException",
    ):
        expect(page.get_by_test_id(testid)).to_have_count(0)
    expect(page.locator(".js-plotly-plot")).to_have_count(0)


def test_without_login_only_the_login_form(context, server):
    page = context.new_page()
    for pad in ("/?gemeente=GM0153&indeling=maand&periode=2025-05", "/geld", "/datakwaliteit", "/logboek"):
        page.goto(server.url + pad)
        expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
        wacht_tot_klaar(page)
        expect(page.get_by_label("Wachtwoord")).to_be_visible()
        expect(page.get_by_role("button", name="Inloggen")).to_be_visible()
        expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
        geen_cijfers(page)
        for geheim in ("97,5%", "Enschede", "Hengelo"):
            expect(hoofd(page)).not_to_contain_text(geheim)
    screenshot(page, "anoniem-inloggen")


def test_a_wrong_password_gets_a_dutch_message(context, server):
    page = context.new_page()
    inloggen(page, server.url + "/", "pechvogel", wachtwoord="fout-wachtwoord")
    expect(page.get_by_text(FOUT)).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
    geen_cijfers(page)
    screenshot(page, "anoniem-fout-wachtwoord")
    # an unknown user gets the same message (no hint which of the two was wrong)
    inloggen(page, server.url + "/", "bestaat-niet", wachtwoord="wat-dan-ook")
    expect(page.get_by_text(FOUT)).to_be_visible()
    geen_cijfers(page)


def test_an_account_locks_after_five_failed_attempts(context, server):
    page = context.new_page()
    page.goto(server.url + "/")
    for _ in range(5):
        page.get_by_label("Gebruikersnaam").fill("vergeetachtig")
        page.get_by_label("Wachtwoord").fill("fout")
        page.get_by_role("button", name="Inloggen").click()
        wacht_tot_klaar(page)
        expect(page.get_by_role("alert").or_(page.get_by_test_id("stAlert")).first).to_be_visible()
    # now even the right password is refused until beheer unlocks the account
    page.get_by_label("Gebruikersnaam").fill("vergeetachtig")
    page.get_by_label("Wachtwoord").fill(GEBRUIKERS["vergeetachtig"][2])
    page.get_by_role("button", name="Inloggen").click()
    wacht_tot_klaar(page)
    expect(hoofd(page)).to_contain_text("geblokkeerd")
    geen_cijfers(page)
    screenshot(page, "anoniem-geblokkeerd")


def test_logging_out_shows_the_form_again(context, server):
    page = context.new_page()
    inloggen(page, server.url + "/", "raad")
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
    wacht_tot_klaar(page)
    geen_cijfers(page)
    # and a reload does not log back in: the cookie is gone
    page.reload()
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
    page.wait_for_timeout(2000)  # the cookie component answers after the first run
    wacht_tot_klaar(page)
    geen_cijfers(page)
