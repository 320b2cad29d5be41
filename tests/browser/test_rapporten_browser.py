"""The Rapporten page in a real browser: a council member logs in, opens Rapporten and downloads a report's
PDF in two clicks; a gemeente user sees only the own gemeente and the region; a policy advisor writes and
saves a toelichting.

The reports are real one-page PDFs (pypdf) stored with reports.opslag.bewaar in the reports folder beside the
served snapshot (the server's default STUURWIEL_REPORTS), and removed again after this module.
Screenshots: tests/browser/artifacts/rapporten-raad.png and rapporten-beleid-toelichting.png.
"""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest
import yaml
from browser_hulp import (
    BROWSER,
    geen_fout,
    hoofd,
    inloggen,
    nav_link,
    open_pagina,
    paginatitel,
    screenshot,
    wacht_tot_klaar,
)
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from dashboards.toegang import REGIO, Pagina
from reports import opslag
from reports.periode import parse

pytestmark = BROWSER
# gebied, periode: what is stored; the region's council member sees all of it, Enschede's user no Hengelo
OPGESLAGEN = [("GM0153", "2025-Q1"), ("GM0164", "2025-Q1"), (REGIO, "2025-Q1"), ("GM0153", "2024")]
ENSCHEDE_K1 = "Enschede · kwartaalrapport K1 2025"


def pdf(titel: str) -> bytes:
    """A real one-page A4 PDF whose title says which report it is."""
    schrijver = PdfWriter()
    schrijver.add_blank_page(width=595, height=842)
    schrijver.add_metadata({"/Title": titel})
    buffer = io.BytesIO()
    schrijver.write(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def rapporten(server):
    root = server.serving.with_name("reports")
    assert not root.exists(), "another test left reports behind"
    for gebied, periode in OPGESLAGEN:
        opslag.bewaar(
            root,
            gebied,
            parse(periode),
            {"pdf": pdf(f"Stuurwiel {gebied} {periode}"), "html": f"<html lang='nl'>{gebied}</html>".encode()},
            {
                "snapshot_versie": "2025-06-03.1",
                "gemaakt_op": "2025-06-04T07:05:00",
                "status": "definitief",
                "toelichting": gebied == "GM0153",  # as reports/maak.py records it
            },
        )
    try:
        yield root
    finally:
        shutil.rmtree(root)


def rapport_rij(page, titel: str):
    """The bordered row of one report: its title beside its download buttons."""
    return hoofd(page).get_by_test_id("stHorizontalBlock").filter(has=page.get_by_text(titel, exact=True)).last


def test_a_council_member_downloads_a_report_in_two_clicks(context, server, rapporten, tmp_path):
    page = context.new_page()
    inloggen(page, server.url + "/", "raad")  # the login form itself: name, password, Inloggen
    nav_link(page, Pagina.RAPPORTEN).click()  # click 1
    expect(paginatitel(page)).to_have_text("Rapporten")
    wacht_tot_klaar(page)
    geen_fout(page)
    for titel in ("Hele regio · kwartaalrapport K1 2025", ENSCHEDE_K1, "Hengelo · kwartaalrapport K1 2025"):
        expect(hoofd(page).get_by_text(titel, exact=True)).to_be_visible()
    expect(hoofd(page).get_by_text("Toelichting schrijven")).to_have_count(0)  # the council writes nothing
    screenshot(page, "rapporten-raad")

    rij = rapport_rij(page, ENSCHEDE_K1)
    expect(rij).to_contain_text(
        "Gemaakt op 04-06-2025 07:05 · gegevens van snapshot 2025-06-03.1 · definitieve cijfers · met toelichting"
    )
    with page.expect_download() as info:
        rij.get_by_role("button", name=re.compile(r"PDF$")).click()  # click 2
    download = info.value
    assert download.suggested_filename == "stuurwiel-enschede-2025-Q1.pdf"
    bestand = tmp_path / download.suggested_filename
    download.save_as(bestand)
    inhoud = bestand.read_bytes()
    assert inhoud.startswith(b"%PDF")
    assert PdfReader(io.BytesIO(inhoud)).metadata.title == "Stuurwiel GM0153 2025-Q1"
    wacht_tot_klaar(page)
    page.close()

    regels = [json.loads(r) for r in server.audit.read_text(encoding="utf-8").splitlines() if r.strip()]
    van_raad = [(r["actie"], r["onderwerp"]) for r in regels if r["gebruiker"] == "raad"]
    assert ("pagina", "rapporten") in van_raad, van_raad
    assert ("download", "stuurwiel-enschede-2025-Q1.pdf") in van_raad, van_raad


def test_a_gemeente_user_of_a_region_of_two_sees_its_own_reports_only(ingelogd, server, rapporten):
    page = open_pagina(ingelogd("enschede"), f"{server.url}/rapporten?gemeente=GM0164")
    try:
        geen_fout(page)
        expect(hoofd(page).get_by_text(ENSCHEDE_K1, exact=True)).to_be_visible()
        # the region of two minus Enschede would be Hengelo: no region report (test_toegang_kleine_regio.py)
        expect(hoofd(page).get_by_text("Hele regio · kwartaalrapport K1 2025", exact=True)).to_have_count(0)
        expect(hoofd(page).get_by_text("Enschede · jaarrapport 2024", exact=True)).to_be_visible()
        expect(hoofd(page)).not_to_contain_text("Hengelo")
        expect(hoofd(page).get_by_test_id("stDownloadButton")).to_have_count(2 * 2)
        # the form's gebied: the own gemeente only
        hoofd(page).get_by_role("tab", name="Toelichting schrijven").click()
        hoofd(page).get_by_role("combobox", name="Gebied").click()
        expect(page.get_by_role("option")).to_have_text(["Enschede"])
        page.keyboard.press("Escape")
    finally:
        page.close()


def test_a_policy_advisor_writes_and_saves_a_toelichting(ingelogd, server, rapporten):
    page = open_pagina(ingelogd("beleid"), f"{server.url}/rapporten")
    try:
        geen_fout(page)
        hoofd(page).get_by_role("tab", name="Toelichting schrijven").click()  # the form has its own tab
        hoofd(page).get_by_role("combobox", name="Gebied").click()
        page.get_by_role("option", name="Enschede", exact=True).click()
        wacht_tot_klaar(page)
        formulier = hoofd(page).get_by_test_id("stForm")
        expect(formulier).to_contain_text("Schrijf geen namen, adressen of burgerservicenummers (BSN)")
        formulier.get_by_label(re.compile(r"^Doorlooptijd tot toewijzing — ")).fill(
            "Het extra team werkt de wachtlijst weg."
        )
        formulier.get_by_label("Conclusies", exact=True).fill("De doorlooptijd daalt en ligt onder de norm.")
        formulier.get_by_role("button", name=re.compile("Toelichting opslaan")).click()
        wacht_tot_klaar(page)
        expect(
            hoofd(page).get_by_text(re.compile(r"De toelichting voor Enschede K1 2025 is opgeslagen"))
        ).to_be_visible()
        expect(hoofd(page).get_by_role("button", name=re.compile("Rapport opnieuw maken"))).to_be_visible()
        screenshot(page, "rapporten-beleid-toelichting")
    finally:
        page.close()
    opgeslagen = yaml.safe_load((rapporten / "GM0153" / "2025-Q1" / "toelichting.yaml").read_text(encoding="utf-8"))
    assert opgeslagen["indicatoren"] == {"doorlooptijd_toewijzing": "Het extra team werkt de wachtlijst weg."}
    assert opgeslagen["conclusies"] == "De doorlooptijd daalt en ligt onder de norm."
    assert opgeslagen["auteur"] == "beleid"
