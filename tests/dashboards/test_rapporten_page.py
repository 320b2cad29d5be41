"""The Rapporten page: stored council reports per role and scope, the file read behind a download, and the
toelichting form (beleid and up) that stores what a civil servant wrote and refuses a BSN.

Reports are stored with reports.opslag.bewaar in a temporary STUURWIEL_REPORTS beside the fixture snapshot
(Enschede GM0153, Hengelo GM0164, REGIO; figures up to May 2025).
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
import yaml
from snapshot_fixture import LAATSTE, STAP
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboards.toegang import REGIO, GeenToegang, Rol, Toegang
from dashboards.views.rapporten.gebieden import Bereik
from dashboards.views.rapporten.lijst import lees_bestand
from reports import opslag
from reports.periode import parse

PAGINA = "rapporten"
PDF = b"%PDF-1.7 rapport"
BSN = "111222333"  # passes the elfproef: 9+8+7+12+10+8+9+6-3 = 66 = 6 x 11
# gebied, periode, status: Enschede has three reports (a quarter, the year, the next quarter)
OPGESLAGEN = [
    ("GM0153", "2024-Q4", "definitief"),
    ("GM0153", "2024", "definitief"),
    ("GM0153", "2025-Q1", "voorlopig"),
    ("GM0164", "2025-Q1", "voorlopig"),
    (REGIO, "2025-Q1", "voorlopig"),
]
# As the list shows them: latest period end first, the year before its fourth quarter, then the region,
# then the members by name.
TITELS_REGIO = [
    "Hele regio · kwartaalrapport K1 2025",
    "Enschede · kwartaalrapport K1 2025",
    "Hengelo · kwartaalrapport K1 2025",
    "Enschede · jaarrapport 2024",
    "Enschede · kwartaalrapport K4 2024",
]
# A gemeente user: the own gemeente before the region; Hengelo never.
# A region of two: the region's report minus Enschede's would be Hengelo's (test_toegang_kleine_regio.py).
TITELS_ENSCHEDE = [
    "Enschede · kwartaalrapport K1 2025",
    "Enschede · jaarrapport 2024",
    "Enschede · kwartaalrapport K4 2024",
]
# The form's periods: the last four closed quarters and two closed years that have figures, latest end first.
# The fixture's data reaches into May 2025, so K2 2025 is still open and K1 2025 the default; the year 2024
# comes before its fourth quarter, and 2023 has no year figures (the fixture begins in April 2023).
KWARTAAL = "2025-Q1"
PERIODEN = ["K1 2025", "Jaar 2024", "K4 2024", "K3 2024", "K2 2024"]


def pdf_van(gebied: str, periode: str) -> bytes:
    return PDF + f" {gebied} {periode}".encode()


@pytest.fixture
def reports_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "reports"
    monkeypatch.setenv("STUURWIEL_REPORTS", str(root))
    return root


@pytest.fixture
def met_rapporten(reports_dir: Path) -> Path:
    for gebied, periode, status in OPGESLAGEN:
        opslag.bewaar(
            reports_dir,
            gebied,
            parse(periode),
            {"pdf": pdf_van(gebied, periode), "html": f"<html lang='nl'>{gebied} {periode}</html>".encode()},
            # as reports/maak.py writes it; only Enschede's civil servants wrote a toelichting
            {
                "snapshot_versie": "2025-06-03.1",
                "gemaakt_op": "2025-06-04T07:05:00",
                "status": status,
                "toelichting": gebied == "GM0153",
            },
        )
    return reports_dir


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, object]]:
    """(file name, mime type, callable) of every download button as the page registers it: the file name
    and the deferred data live in Streamlit's media manager, not in the button's proto."""
    gemaakt = []
    echt = MediaFileManager.add_deferred

    def onthoud(self, data, mimetype, coordinates, file_name=None, element_id=""):
        gemaakt.append((file_name, mimetype, data))
        return echt(self, data, mimetype, coordinates, file_name=file_name, element_id=element_id)

    monkeypatch.setattr(MediaFileManager, "add_deferred", onthoud)
    return gemaakt


def titels(at) -> list[str]:
    """The bold first line of every listed report."""
    return [m.value.strip("*") for m in at.markdown if m.value.startswith("**") and " · " in m.value]


def open_als(app_als, gebruiker: str):
    at = app_als(gebruiker, pagina=PAGINA)
    at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.main.title] == ["Rapporten"]
    return at


def test_region_council_sees_every_member_and_the_region_newest_first(app_als, met_rapporten, downloads):
    at = open_als(app_als, "raad")
    assert titels(at) == TITELS_REGIO
    assert [k.proto.label for k in at.get("download_button")] == ["PDF", "HTML"] * len(OPGESLAGEN)
    assert [(naam, mime) for naam, mime, _ in downloads[:2]] == [
        ("stuurwiel-hele-regio-2025-Q1.pdf", "application/pdf"),
        ("stuurwiel-hele-regio-2025-Q1.html", "text/html"),
    ]
    gemaakt = "Gemaakt op 04-06-2025 07:05 · gegevens van snapshot 2025-06-03.1"
    assert [c.value for c in at.caption if c.value.startswith("Gemaakt op")] == [
        f"{gemaakt} · voorlopige cijfers · nog zonder toelichting",  # the region, K1 2025
        f"{gemaakt} · voorlopige cijfers · met toelichting",  # Enschede
        f"{gemaakt} · voorlopige cijfers · nog zonder toelichting",  # Hengelo
        f"{gemaakt} · definitieve cijfers · met toelichting",  # Enschede 2024
        f"{gemaakt} · definitieve cijfers · met toelichting",  # Enschede K4 2024
    ]


def test_a_region_user_can_narrow_the_list_to_one_gebied(app_als, met_rapporten):
    at = open_als(app_als, "raad")
    at.selectbox(key="rapporten_gebied").set_value("GM0153").run()
    assert titels(at) == [t for t in TITELS_REGIO if t.startswith("Enschede")]


def test_a_gemeente_user_of_a_region_of_two_sees_only_its_own(app_als, met_rapporten, downloads):
    at = open_als(app_als, "enschede")
    assert titels(at) == TITELS_ENSCHEDE
    bestanden = [naam for naam, _, _ in downloads]
    assert bestanden and not any("hengelo" in b or "GM0164" in b for b in bestanden), bestanden
    zichtbaar = " ".join(m.value for m in [*at.markdown, *at.caption, *at.selectbox])
    assert "Hengelo" not in zichtbaar and "GM0164" not in zichtbaar
    assert not any("regio" in b for b in bestanden), bestanden
    # the form offers the own gemeente only
    assert at.selectbox(key="tl_gebied").options == ["Enschede"]


def test_the_download_reads_the_file_when_clicked(app_als, met_rapporten, downloads):
    """Each button holds a callable (run on click) that returns the stored file's bytes."""
    open_als(app_als, "enschede")
    lees = {naam: data for naam, _, data in downloads}
    assert lees["stuurwiel-enschede-2024-Q4.pdf"]() == pdf_van("GM0153", "2024-Q4")
    assert lees["stuurwiel-enschede-2025-Q1.html"]().startswith(b"<html lang='nl'>GM0153 2025-Q1")


def test_a_tampered_gebied_is_refused_where_the_file_is_read(met_rapporten):
    enschede = Bereik(Toegang("enschede", Rol.raad, "GM0153"), {"GM0153": "Enschede"}, ("GM0153",), False)
    assert lees_bestand(met_rapporten, enschede, "GM0153", parse("2025-Q1"), "pdf") == pdf_van("GM0153", "2025-Q1")
    # Hengelo's report exists on disk, and a list that names it still does not open it
    vervalst = Bereik(
        enschede.toegang, {**enschede.namen, "GM0164": "Hengelo", REGIO: "Hele regio"}, ("GM0153",), False
    )
    with pytest.raises(GeenToegang):
        lees_bestand(met_rapporten, vervalst, "GM0164", parse("2025-Q1"), "pdf")
    with pytest.raises(GeenToegang):  # two gemeenten: the region's report would reveal Hengelo's figures
        lees_bestand(met_rapporten, vervalst, REGIO, parse("2025-Q1"), "pdf")
    with pytest.raises(ValueError):
        lees_bestand(met_rapporten, enschede, "GM0153", parse("2025-Q1"), "json")


def test_without_reports_the_page_says_when_they_come(app_als, reports_dir):
    at = open_als(app_als, "raad")
    assert titels(at) == [] and not at.get("download_button")
    assert [i.value for i in at.info] == [
        "Er zijn nog geen rapporten. Stuurwiel maakt ze vanzelf na elk kwartaal en na elk jaar, "
        "zodra de gegevens over die periode door de kwaliteitspoort zijn gekomen."
    ]


def test_the_council_sees_no_form(app_als, met_rapporten):
    at = open_als(app_als, "raad")
    assert not at.text_area
    assert "Toelichting schrijven" not in [s.value for s in at.subheader]
    assert not [b for b in at.button if b.label in ("Toelichting opslaan", "Rapport opnieuw maken")]


def _formulier(app_als, gebruiker="beleid", gebied="GM0153"):
    at = open_als(app_als, gebruiker)
    assert "Toelichting schrijven" in [s.value for s in at.subheader]
    assert at.selectbox(key="tl_periode").value == KWARTAAL
    assert at.selectbox(key="tl_periode").options == PERIODEN
    at.selectbox(key="tl_gebied").set_value(gebied).run()
    return at


def _opslaan(at):
    next(b for b in at.button if b.label == "Toelichting opslaan").click().run()
    assert not at.exception, at.exception


def test_the_form_lists_the_indicators_per_layer_with_their_figure_and_warns_about_privacy(app_als, reports_dir):
    at = _formulier(app_als)
    labels = [t.label for t in at.text_area]
    # the fixture's quarter row holds its first month's value: January 2025, four STAPs before May
    januari = f"{LAATSTE['tijdig_gestart']['GM0153'] - 4 * STAP['tijdig_gestart']:.1f}".replace(".", ",")
    assert f"Tijdig gestarte zorg — {januari}% (norm 90,0%)" in labels
    assert len(labels) == len(LAATSTE) + 2 and labels[-2:] == ["Conclusies", "Maatregelen"]
    lagen = [m.value for m in at.markdown if m.value.startswith("#####")]
    assert lagen == [
        "##### Geld (input)",
        "##### Doorlooptijd (throughput)",
        "##### Bereik (output)",
        "##### Resultaat (outcome)",
        "##### Conclusies en maatregelen",
    ]
    assert any("Schrijf geen namen, adressen of burgerservicenummers (BSN)" in w.value for w in at.warning)


def test_beleid_saves_a_toelichting_and_the_yaml_holds_it(app_als, reports_dir):
    at = _formulier(app_als)
    at.text_area(key=f"tl-GM0153-{KWARTAAL}-doorlooptijd_toewijzing").input("Minder wachttijd door extra team.")
    at.text_area(key=f"tl-GM0153-{KWARTAAL}-conclusies").input("Op koers.")
    at.text_area(key=f"tl-GM0153-{KWARTAAL}-maatregelen").input("Team blijft tot eind 2025.")
    _opslaan(at)
    opgeslagen = yaml.safe_load((reports_dir / "GM0153" / KWARTAAL / "toelichting.yaml").read_text(encoding="utf-8"))
    assert opgeslagen["indicatoren"] == {"doorlooptijd_toewijzing": "Minder wachttijd door extra team."}
    assert (opgeslagen["conclusies"], opgeslagen["maatregelen"]) == ("Op koers.", "Team blijft tot eind 2025.")
    assert opgeslagen["auteur"] == "beleid"
    assert any("is opgeslagen" in s.value for s in at.success)
    assert [b.label for b in at.button if b.label == "Rapport opnieuw maken"] == ["Rapport opnieuw maken"]
    # a new visit opens the form prefilled with what was stored, and says who wrote it
    weer = _formulier(app_als)
    assert weer.text_area(key=f"tl-GM0153-{KWARTAAL}-conclusies").value == "Op koers."
    assert any(c.value.startswith("Laatst opgeslagen door beleid op ") for c in weer.caption)


def test_a_bsn_in_the_text_is_refused_and_nothing_is_written(app_als, reports_dir):
    at = _formulier(app_als)
    at.text_area(key=f"tl-GM0153-{KWARTAAL}-conclusies").input("Eerste versie.")
    _opslaan(at)
    pad = reports_dir / "GM0153" / KWARTAAL / "toelichting.yaml"
    voor = pad.read_bytes()
    at.text_area(key=f"tl-GM0153-{KWARTAAL}-doorlooptijd_toewijzing").input(f"Cliënt {BSN} wachtte lang.")
    at.text_area(key=f"tl-GM0153-{KWARTAAL}-conclusies").input("Tweede versie.")
    _opslaan(at)
    assert pad.read_bytes() == voor, "the stored toelichting is unchanged"
    fouten = [e.value for e in at.error]
    assert len(fouten) == 1 and fouten[0].startswith("Niet opgeslagen. Toelichting bij Doorlooptijd tot toewijzing:")
    assert "BSN" in fouten[0] and BSN not in fouten[0]
    assert not any("is opgeslagen" in s.value for s in at.success)


def test_a_bsn_on_a_new_toelichting_leaves_no_file(app_als, reports_dir):
    at = _formulier(app_als, gebied=REGIO)
    at.text_area(key=f"tl-{REGIO}-{KWARTAAL}-maatregelen").input("Bel 111.222.333 voor vragen.")
    _opslaan(at)
    assert at.error and not (reports_dir / REGIO / KWARTAAL / "toelichting.yaml").exists()
    assert not [b for b in at.button if b.label == "Rapport opnieuw maken"]


def test_remaking_the_report_calls_the_maker_and_shows_the_new_report(app_als, reports_dir, monkeypatch, downloads):
    gevraagd = []

    def maak_en_bewaar(gebied, periode, settings=None, aanleiding="handmatig"):
        gevraagd.append((gebied, periode, aanleiding))
        meta = {"snapshot_versie": "2025-06-03.1", "gemaakt_op": "2025-06-05T10:30:00", "status": "voorlopig"}
        return opslag.bewaar(reports_dir, gebied, periode, {"pdf": pdf_van(gebied, periode.code)}, meta)

    maak = types.ModuleType("reports.maak")
    maak.maak_en_bewaar = maak_en_bewaar
    monkeypatch.setitem(sys.modules, "reports.maak", maak)

    at = _formulier(app_als, gebruiker="enschede")
    at.text_area(key=f"tl-GM0153-{KWARTAAL}-conclusies").input("Op koers.")
    _opslaan(at)
    downloads.clear()
    next(b for b in at.button if b.label == "Rapport opnieuw maken").click().run()
    assert not at.exception, at.exception
    assert gevraagd == [("GM0153", parse(KWARTAAL), "handmatig")]
    assert any(s.value == "Het rapport voor Enschede K1 2025 is opnieuw gemaakt." for s in at.success)
    # listed at the top, and shown once more under the button with its download
    assert titels(at)[0] == "Enschede · kwartaalrapport K1 2025"
    assert titels(at)[-1] == "Enschede · kwartaalrapport K1 2025"
    # the click's run and the rerun it asks for each register both buttons
    assert {naam for naam, _, _ in downloads} == {"stuurwiel-enschede-2025-Q1.pdf"}
    assert [k.proto.label for k in at.get("download_button")] == ["PDF", "PDF"]


def test_a_failing_maker_is_said_and_the_page_stays(app_als, reports_dir, monkeypatch):
    def maak_en_bewaar(gebied, periode, settings=None, aanleiding="handmatig"):
        raise ValueError("geen gepubliceerde cijfers over K1 2025")

    maak = types.ModuleType("reports.maak")
    maak.maak_en_bewaar = maak_en_bewaar
    monkeypatch.setitem(sys.modules, "reports.maak", maak)
    at = _formulier(app_als)
    at.text_area(key=f"tl-GM0153-{KWARTAAL}-conclusies").input("Op koers.")
    _opslaan(at)
    next(b for b in at.button if b.label == "Rapport opnieuw maken").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Het rapport voor Enschede K1 2025 is niet gemaakt: geen gepubliceerde cijfers over K1 2025"
    ]


def test_a_tampered_form_choice_never_reaches_another_gemeente(app_als, reports_dir):
    at = app_als("enschede", pagina=PAGINA)
    at.session_state["tl_gebied"] = "GM0164"  # as a forged widget value would arrive
    at.run()
    assert not at.exception, at.exception
    zichtbaar = " ".join(x.value for x in [*at.markdown, *at.caption, *at.error, *at.subheader])
    assert "Hengelo" not in zichtbaar and "GM0164" not in zichtbaar
    assert at.selectbox(key="tl_gebied").value == "GM0153", "an unknown choice falls back to the own gemeente"
    assert not (reports_dir / "GM0164").exists()


def test_the_real_maker_puts_the_saved_toelichting_in_a_new_listed_report(app_als, reports_dir, tmp_path, monkeypatch):
    """No stand-in: reports/maak.py renders from a snapshot fit for a report, and the page lists the result."""
    from tests.reports.rapport_snapshot import bouw  # the fixture snapshot with what a report reads beside it

    monkeypatch.setenv("STUURWIEL_SERVING", str(bouw(tmp_path / "rapport.duckdb")))
    at = _formulier(app_als)
    at.text_area(key=f"tl-GM0153-{KWARTAAL}-conclusies").input("De wachttijd daalt door het extra team.")
    _opslaan(at)
    next(b for b in at.button if b.label == "Rapport opnieuw maken").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert titels(at)[0] == "Enschede · kwartaalrapport K1 2025"
    assert any(c.value.endswith("· met toelichting") for c in at.caption if c.value.startswith("Gemaakt op"))
    map_ = reports_dir / "GM0153" / KWARTAAL
    assert (map_ / "rapport.pdf").read_bytes().startswith(b"%PDF")
    assert "De wachttijd daalt door het extra team." in (map_ / "rapport.html").read_text(encoding="utf-8")
    assert opslag.lees_meta(reports_dir, "GM0153", parse(KWARTAAL))["aanleiding"] == "handmatig"
