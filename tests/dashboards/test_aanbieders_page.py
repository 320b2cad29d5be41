"""The Aanbieders page (contract management) against fixture_aanbieders.py, through AppTest and directly.

Expected numbers by hand from the fixture (maart 2025 is definitief, april voorlopig):
- Jeugdzorg De Brug in Enschede, maart: ceiling 300.000 / 1.200.000 = 25,0% (op koers, norm 70);
  16 of 20 ended volgens plan = 80,0% (op koers, norm 75); 16 x 12.500 / 16 = € 12.500;
  wait p80 26 + 2x2 = 30 and p95 44 + 3x2 = 50 days on 25 starts; besluit 5 days (norm 7).
  In the whole region: 28 of 40 = 70,0% (uit koers: more than 5% under 75).
- Kleine Zorg B.V. (Enschede only), maart: 3 x 24.000 / 100.000 = 72,0% -> aandacht and the 70% signal;
  5 of 6 ended (83,3%) hidden as te_weinig_basis, wait times hidden as klein_aantal.
- Alle aanbieders Enschede, maart: 372.000 / 1.300.000 = 28,6%; 21 of 26 = 80,8%; 300.000 / 21 = € 14.286.
- Thuiszorg Hengelo is active in Hengelo only.
"""

from datetime import date

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboards import data, export
from dashboards.queries import aanbieders as q
from dashboards.toegang import REGIO, GeenToegang, Rol, Toegang

RAAD = Toegang("raad", Rol.raad, REGIO)
BELEID = Toegang("beleid", Rol.beleid, REGIO)
ENSCHEDE = Toegang("enschede", Rol.beleid, "GM0153")
MAART = date(2025, 3, 1)


def open_pagina(app_als, gebruiker="beleid", **params):
    at = app_als(gebruiker, "aanbieders")
    at.query_params.update(params)
    at.run()
    assert not at.exception
    return at


def overzicht(at) -> pd.DataFrame:
    return at.table[0].value.set_index("Aanbieder")


def kerncijfers(at) -> pd.DataFrame:
    return at.table[1].value.set_index("Indicator")


def alle_tekst(at) -> str:
    delen = [t.value.to_string() for t in at.table]
    for soort in (at.caption, at.markdown, at.warning, at.info, at.title, at.subheader):
        delen += [e.value for e in soort]
    return "\n".join(str(d) for d in delen)


@pytest.fixture
def snapshot(serving):
    return data.current_snapshot()


def test_overview_for_enschede_in_a_definitive_month(app_als):
    at = open_pagina(app_als, "beleid", gemeente="GM0153", periode="2025-03")
    assert at.title[0].value == "Aanbieders"
    tabel = overzicht(at)
    # the comparison rows first, then the aanbieders: highest ceiling use first
    assert list(tabel.index[:4]) == [
        "Alle aanbieders · Enschede",
        "Alle aanbieders · regio",
        "Kleine Zorg B.V.",
        "Jeugdzorg De Brug",
    ]
    brug = tabel.loc["Jeugdzorg De Brug"]
    assert (brug["AGB"], brug["Wet"], brug["Financiering"]) == ("10000001", "Jeugdwet", "inspanningsgericht")
    assert brug["Contractplafond benut"] == "25,0% ✓"
    assert brug["Beëindigd volgens plan"] == "80,0% ✓"
    assert brug["Kosten per geslaagd traject"] == "€ 12.500"
    assert (brug["Wachttijd p80 (dagen)"], brug["Wachttijd p95 (dagen)"]) == ("30", "50")
    assert brug["Besluit mediaan (dagen)"] == "5 ✓"
    assert (brug["Starts"], brug["Beëindigd"]) == ("25", "20")
    assert tabel.loc["Kleine Zorg B.V.", "Contractplafond benut"] == "72,0% !"
    totaal = tabel.loc["Alle aanbieders · Enschede"]
    assert (
        totaal["Contractplafond benut"],
        totaal["Beëindigd volgens plan"],
        totaal["Kosten per geslaagd traject"],
    ) == ("28,6% ✓", "80,8% ✓", "€ 14.286")
    assert tabel.loc["Alle aanbieders · regio", "Beëindigd volgens plan"] == "72,9% !"
    # the 70% signal of the Contractstandaarden
    assert "Kleine Zorg B.V.: 72,0%, € 72.000 van € 100.000" in at.warning[0].value
    assert "overleg" in at.warning[0].value


def test_hidden_cells_show_geheim_never_the_number(app_als):
    at = open_pagina(app_als, "beleid", gemeente="GM0153", periode="2025-03")
    klein = overzicht(at).loc["Kleine Zorg B.V."]
    for kolom in (
        "Beëindigd volgens plan",
        "Kosten per geslaagd traject",
        "Wachttijd p80 (dagen)",
        "Wachttijd p95 (dagen)",
        "Besluit mediaan (dagen)",
        "Starts",
        "Beëindigd",
    ):
        assert klein[kolom] == "geheim"
    tekst = alle_tekst(at)
    assert "83,3" not in tekst  # 5 of 6 ended volgens plan
    assert "€ 20.000" not in tekst  # its cost per successful trajectory
    geheim = next(c.value for c in at.caption if c.value.startswith("**Geheim:**"))
    # only Kleine Zorg has hidden cells, among every aanbieder in the table (other fixtures may add some)
    aantal = len(overzicht(at)) - 2
    assert f"bij 1 van {aantal} aanbieders" in geheim and "Beëindigd volgens plan bij 1" in geheim
    redenen = [c.value for c in at.caption if c.value.startswith("geheim: ")]
    assert "geheim: Niet getoond: te weinig trajecten om er iets betrouwbaars over te zeggen." in redenen


def test_provisional_values_are_marked_without_status(app_als):
    at = open_pagina(app_als, "beleid", gemeente="GM0153", periode="2025-04")
    brug = overzicht(at).loc["Jeugdzorg De Brug"]
    # april: 400.000 / 1.200.000; 17 of 20 ended volgens plan
    assert brug["Contractplafond benut"] == "33,3% *"
    assert brug["Beëindigd volgens plan"] == "85,0% *"
    assert "✓" not in "".join(brug.astype(str))
    assert "(voorlopig)" in at.warning[0].value  # Kleine Zorg: 96,0%, still counted for the signal


def test_detail_follows_the_url_and_compares_with_the_region(app_als):
    at = open_pagina(app_als, "beleid", gemeente="GM0153", periode="2025-03", aanbieder="10000001")
    assert at.selectbox(key="aanbieders_keuze").value == "10000001"
    assert at.query_params["aanbieder"] == "10000001"
    kern = kerncijfers(at)
    assert kern.loc["Beëindigd volgens plan", "Deze aanbieder"] == "80,0% ✓"
    assert kern.loc["Beëindigd volgens plan", "Deze aanbieder · regio"] == "70,0%"
    assert kern.loc["Beëindigd volgens plan", "Norm"] == "75,0%"
    assert kern.loc["Uitputting contractplafond", "Alle aanbieders · Enschede"] == "28,6% ✓"
    assert any(c.value.startswith("Stand mrt 2025: 25,0%, € 300.000 van € 1.200.000.") for c in at.caption)
    # choosing another aanbieder writes its AGB code to the URL
    at.selectbox(key="aanbieders_keuze").select("30000003").run()
    assert not at.exception
    assert at.query_params["aanbieder"] == "30000003"
    assert kerncijfers(at).loc["Beëindigd volgens plan", "Deze aanbieder"] == "geheim"


def test_unknown_aanbieder_in_url_falls_back_to_the_first(app_als):
    at = open_pagina(app_als, "beleid", gemeente="GM0153", periode="2025-03", aanbieder="99999999")
    assert at.query_params["aanbieder"] == "30000003"  # highest ceiling use


def test_figures_not_yet_per_aanbieder_are_named(app_als):
    at = open_pagina(app_als, "beleid", gemeente="GM0153", periode="2025-03")
    info = at.info[0].value
    assert info.startswith("**Nog niet per aanbieder beschikbaar:**")
    for label in (
        "Volume: lopende trajecten",
        "Geen nieuwe start binnen 6 maanden",
        "Doelen bereikt",
        "Kosten per cliënt",
        "Afgewezen declaraties",
    ):
        assert label in info


def test_every_table_and_chart_has_downloads(app_als):
    at = open_pagina(app_als, "beleid", gemeente="GM0153", periode="2025-03", aanbieder="10000001")
    knoppen = [b for b in at.get("download_button")]
    # overview, kerncijfers, ceiling, beëindigd, wait time, besluit: CSV and Excel each
    assert len(knoppen) == 12


def test_download_files_are_written_on_click_not_on_every_run_of_the_page(app_als, monkeypatch):
    geschreven: list[str] = []
    for label, (extensie, mime, schrijf) in list(export._SOORTEN.items()):

        def telt(df: pd.DataFrame, schrijf=schrijf, extensie=extensie) -> bytes:
            geschreven.append(extensie)
            return schrijf(df)

        monkeypatch.setitem(export._SOORTEN, label, (extensie, mime, telt))
    uitgesteld: list[tuple[str, object]] = []
    echt = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        uitgesteld.append((file_name, data_callable))
        return echt(self, data_callable, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    at = open_pagina(app_als, "beleid", gemeente="GM0153", periode="2025-03", aanbieder="10000001")
    assert len(uitgesteld) == 12 and geschreven == []  # twelve buttons, not one file written yet

    naam, klik = uitgesteld[0]  # the overview as CSV, written as a click asks for it
    inhoud = klik().decode("utf-8-sig")
    assert naam.endswith(".csv") and geschreven == ["csv"]
    assert all(aanbieder in inhoud for aanbieder in overzicht(at).index)


def test_enschede_sees_no_hengelo_rows(app_als, snapshot):
    at = open_pagina(app_als, "enschede", gemeente="GM0164", periode="2025-03")
    assert at.selectbox(key="gemeente").value == "GM0153"  # Hengelo is not offered
    tabel = overzicht(at)
    assert "Thuiszorg Hengelo" not in tabel.index
    assert "Alle aanbieders · Enschede" in tabel.index
    rijen = q.overzicht(ENSCHEDE, snapshot, "GM0153", MAART, "maand")
    assert "20000002" not in set(rijen["agb_code"])
    with pytest.raises(GeenToegang):
        q.overzicht(ENSCHEDE, snapshot, "GM0164", MAART, "maand")
    with pytest.raises(GeenToegang):
        q.verloop(ENSCHEDE, snapshot, "GM0164", "20000002", MAART, "maand")


def test_region_user_sees_hengelo(app_als):
    at = open_pagina(app_als, "beleid", gemeente="GM0164", periode="2025-03")
    tabel = overzicht(at)
    assert tabel.loc["Thuiszorg Hengelo", "Beëindigd volgens plan"] == "76,9% ✓"  # 10 of 13
    assert tabel.loc["Jeugdzorg De Brug", "Beëindigd volgens plan"] == "60,0% ✗"  # 12 of 20
    assert "Kleine Zorg B.V." not in tabel.index


def test_raad_does_not_get_the_page(app_als, snapshot):
    at = app_als("raad", "aanbieders")
    at.run()
    assert not at.exception
    assert "Aanbieders" not in [t.value for t in at.title]
    assert not at.table
    for functie, args in [
        (q.indicatoren, ()),
        (q.overzicht, (REGIO, MAART, "maand")),
        (q.totalen, (REGIO, MAART, "maand")),
        (q.verloop, (REGIO, "10000001", MAART, "maand")),
        (q.plafond, (REGIO, "10000001", MAART)),
    ]:
        with pytest.raises(GeenToegang):
            functie(RAAD, snapshot, *args)
    assert not q.overzicht(BELEID, snapshot, REGIO, MAART, "maand").empty
