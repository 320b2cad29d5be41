"""Sharing and taking away: the sidebar filters live in the URL (also through the login form), a shared URL
reproduces the view, the CSV and Excel downloads hold the page's figures, and the audit log records it all."""

import csv
import io
import json
import re
import zipfile

from browser_hulp import (
    BROWSER,
    geen_fout,
    hoofd,
    inloggen,
    kies,
    nav_link,
    open_pagina,
    paginatitel,
    selectbox,
    wacht_tot_klaar,
)
from playwright.sync_api import expect

from dashboards.toegang import Pagina

pytestmark = BROWSER


def test_filters_live_in_the_url_and_a_shared_url_shows_the_same(ingelogd, server):
    context = ingelogd("beleid")
    page = open_pagina(context, server.url + "/")
    try:
        expect(selectbox(page, "Gemeente")).to_have_value("Hele regio")
        kies(page, "Gemeente", "Hengelo")
        expect(page).to_have_url(re.compile(r"[?&]gemeente=GM0164(&|$)"))
        expect(paginatitel(page)).to_contain_text("Hengelo")
        kies(page, "Indeling", "Kwartaal")
        expect(page).to_have_url(re.compile(r"[?&]indeling=kwartaal(&|$)"))
        gedeeld = page.url
        assert re.search(r"[?&]periode=\d{4}-\d{2}", gedeeld), gedeeld
        periode = selectbox(page, "Periode").input_value()
    finally:
        page.close()
    # the same URL in a new tab (new session, logged in by the cookie) shows the same view
    nieuw = open_pagina(context, gedeeld)
    try:
        geen_fout(nieuw)
        expect(selectbox(nieuw, "Gemeente")).to_have_value("Hengelo")
        expect(selectbox(nieuw, "Indeling")).to_have_value("Kwartaal")
        expect(selectbox(nieuw, "Periode")).to_have_value(periode)
        expect(paginatitel(nieuw)).to_contain_text("Hengelo")
        assert nieuw.url == gedeeld, f"shared {gedeeld}, shown {nieuw.url}"
    finally:
        nieuw.close()


def test_a_shared_url_survives_the_login_form(context, server):
    """Someone without the cookie opens a shared link, logs in, and sees the view of the link."""
    page = context.new_page()
    inloggen(page, f"{server.url}/?gemeente=GM0164&indeling=maand&periode=2025-02", "raad")
    geen_fout(page)
    expect(selectbox(page, "Gemeente")).to_have_value("Hengelo")
    expect(selectbox(page, "Periode")).to_have_value("februari 2025")
    expect(paginatitel(page)).to_contain_text("Hengelo")
    for param in ("gemeente=GM0164", "indeling=maand", "periode=2025-02"):
        assert param in page.url, page.url


def test_a_shared_url_of_another_page_survives_the_login_form(context, server):
    """Same for a link to another page than the default one: the page itself must survive the login."""
    page = context.new_page()
    inloggen(page, f"{server.url}/definities", "raad")
    geen_fout(page)
    assert page.url.startswith(f"{server.url}/definities"), f"after login at /definities the browser shows {page.url}"
    expect(paginatitel(page)).to_contain_text("Definities")


def _knop(page, label: str):
    """The first download button whose label ends in `label` (its icon's name comes first)."""
    return hoofd(page).get_by_test_id("stDownloadButton").filter(has_text=re.compile(rf"{label}\s*$")).first


def _download(page, label: str):
    with page.expect_download() as info:
        _knop(page, label).get_by_role("button").click()
    return info.value


def _lees_xlsx(inhoud: bytes) -> list[list[str]]:
    """Cell texts per row of the first sheet, via openpyxl when installed, else straight from the zip."""
    try:
        import openpyxl
    except ImportError:
        openpyxl = None
    if openpyxl is not None:
        blad = openpyxl.load_workbook(io.BytesIO(inhoud), read_only=True).worksheets[0]
        return [["" if c is None else str(c) for c in rij] for rij in blad.iter_rows(values_only=True)]
    with zipfile.ZipFile(io.BytesIO(inhoud)) as xlsx:
        namen = xlsx.namelist()
        assert "[Content_Types].xml" in namen and "xl/workbook.xml" in namen, namen
        blad = xlsx.read("xl/worksheets/sheet1.xml").decode()
        teksten = (
            re.findall(r"<t[^>]*>([^<]*)</t>", xlsx.read("xl/sharedStrings.xml").decode())
            if "xl/sharedStrings.xml" in namen
            else []
        )
    rijen = []
    for rij in re.findall(r"<row[^>]*>(.*?)</row>", blad, re.S):
        cellen = []
        for attrs, waarde in re.findall(r"<c([^>]*)>(?:<f>.*?</f>)?<v>([^<]*)</v></c>", rij):
            cellen.append(teksten[int(waarde)] if 't="s"' in attrs else waarde)
        rijen.append(cellen)
    return rijen


def test_csv_and_excel_downloads_and_the_audit_log(ingelogd, server, tmp_path):
    """Stuurwiel (Enschede, mei 2025) offers CSV and Excel with the tiles' figures; both land in the audit log,
    as do the page views."""
    context = ingelogd("controller")
    page = open_pagina(context, f"{server.url}/?gemeente=GM0153&indeling=maand&periode=2025-05")
    try:
        geen_fout(page)
        wacht_tot_klaar(page)  # read mid-run, a button may already be gone and its successor not yet drawn
        for label in ("CSV", "Excel"):
            expect(_knop(page, label)).to_be_visible()

        csv_download = _download(page, "CSV")
        assert csv_download.suggested_filename.endswith(".csv"), csv_download.suggested_filename
        csv_pad = tmp_path / csv_download.suggested_filename
        csv_download.save_as(csv_pad)
        ruw = csv_pad.read_bytes()
        assert ruw.startswith(b"\xef\xbb\xbf"), "utf-8-sig: a BOM so Excel reads it as UTF-8"
        rijen = list(csv.reader(io.StringIO(ruw.decode("utf-8-sig")), delimiter=";"))
        assert len(rijen[0]) > 1, f"';'-separated: {rijen[0]}"
        uitputting = [r for r in rijen if "Uitputting begroting" in r]
        assert uitputting, rijen
        assert "97,5" in uitputting[0], f"decimal comma, Enschede mei 2025: {uitputting[0]}"
        assert not any("Hengelo" in cel or "GM0164" in cel for r in rijen for cel in r)
        wacht_tot_klaar(page)

        xlsx_download = _download(page, "Excel")
        assert xlsx_download.suggested_filename.endswith(".xlsx"), xlsx_download.suggested_filename
        xlsx_pad = tmp_path / xlsx_download.suggested_filename
        xlsx_download.save_as(xlsx_pad)
        assert zipfile.is_zipfile(xlsx_pad)
        cellen = _lees_xlsx(xlsx_pad.read_bytes())
        rij = next(r for r in cellen if "Uitputting begroting" in r)
        assert any(c in ("97.5", "97,5") for c in rij), f"a number in Excel, not text: {rij}"
        wacht_tot_klaar(page)

        nav_link(page, Pagina.DEFINITIES).click()
        expect(paginatitel(page)).to_contain_text("Definities")
        wacht_tot_klaar(page)
    finally:
        page.close()

    regels = [json.loads(r) for r in server.audit.read_text(encoding="utf-8").splitlines() if r.strip()]
    van_controller = [(r["actie"], r["onderwerp"]) for r in regels if r["gebruiker"] == "controller"]
    assert ("ingelogd", "controller REGIO (wachtwoord)") in van_controller, van_controller
    assert ("ingelogd", "controller REGIO (sessiecookie)") in van_controller, van_controller  # a new tab
    assert ("pagina", "stuurwiel") in van_controller, van_controller
    assert ("pagina", "definities") in van_controller, van_controller
    assert ("download", csv_download.suggested_filename) in van_controller, van_controller
    assert ("download", xlsx_download.suggested_filename) in van_controller, van_controller
    for regel in regels:  # who, what and when, chained to the line before (dashboards/audit.py); nothing else
        assert set(regel) == {"tijdstip", "gebruiker", "actie", "onderwerp", "vorige"}, regel
