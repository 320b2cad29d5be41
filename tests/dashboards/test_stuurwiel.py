"""The Stuurwiel overview against the fixture snapshot, through Streamlit's AppTest.

Expected figures are worked out by hand from snapshot_fixture: the value of a month k months before
mei 2025 is LAATSTE - k x STAP, and the change against a year earlier is 12 x STAP.
"""

import gc
import os
from pathlib import Path

from snapshot_fixture import build_snapshot
from streamlit.testing.v1 import AppTest

from dashboards.data import GEEN_SNAPSHOT

# maart 2025: the newest month that is definitief (mei is 85% and april 97% complete)
REGIO_MAART_2025 = {
    "Uitputting begroting": ("93,1%", "+3,0 %-punt"),
    "Doorlooptijd tot toewijzing": ("42 dagen", "-6 dagen"),
    "Tijdig gestarte zorg": ("89,2%", "+1,2 %-punt"),
    "Jeugdigen met jeugdhulp": ("105,9 per 1.000", "+2,4 per 1.000"),
    "Afgesloten zonder herhaling": ("79,1%", "0,0 %-punt"),
    "Voortijdig beëindigd": ("10,0%", "-0,6 %-punt"),
}
ENSCHEDE_MEI_2025 = {
    "Uitputting begroting": ("97,5%", "+3,0 %-punt"),
    "Doorlooptijd tot toewijzing": ("38 dagen", "-6 dagen"),
    "Tijdig gestarte zorg": ("91,2%", "+1,2 %-punt"),
    "Jeugdigen met jeugdhulp": ("112,4 per 1.000", "+2,4 per 1.000"),
    "Afgesloten zonder herhaling": ("81,5%", "0,0 %-punt"),
    "Voortijdig beëindigd": ("8,3%", "-0,6 %-punt"),
}


def tiles(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric if m.label in ENSCHEDE_MEI_2025}


def badges(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "-badge[" in m.value]


def _tegel_badges(at: AppTest) -> list[str]:
    """The status badge of each of the six fixture tiles, in tile order (one badge per tile)."""
    status = [b for b in badges(at) if "material/" not in b]  # the headline's badges carry an icon
    return [b for naam, b in zip([m.label for m in at.metric], status, strict=False) if naam in ENSCHEDE_MEI_2025]


def test_opens_on_whole_region_and_newest_definitive_month(app):
    app.run()
    assert not app.exception
    assert app.selectbox(key="gemeente").options == ["Hele regio", "Enschede", "Hengelo"]
    assert app.selectbox(key="gemeente").value == "REGIO"
    assert app.selectbox(key="periode").options[:3] == ["mei 2025 (voorlopig)", "april 2025 (voorlopig)", "maart 2025"]
    assert len(app.selectbox(key="periode").options) == 26
    assert app.title[0].value == "Hele regio (Twente) · maart 2025"
    assert tiles(app) == REGIO_MAART_2025
    assert app.query_params == {"gemeente": "REGIO", "indeling": "maand", "periode": "2025-03"}


def test_headline_lists_the_signals_most_important_first(app):
    app.run()
    # other pages' fixtures add indicators of their own: look at the six of snapshot_fixture only
    signalen = [
        m.value
        for m in app.markdown
        if m.value.startswith((":orange-badge[", ":red-badge[")) and any(naam in m.value for naam in ENSCHEDE_MEI_2025)
    ]
    # maart 2025: both below their norm within 10% ('aandacht'); 0,9/80 is further off than 0,8/90
    assert signalen == [
        ":orange-badge[:material/warning: aandacht] Afgesloten zonder herhaling is 79,1%, net als in maart 2024 "
        "en ligt onder de norm van 80,0%.",
        ":orange-badge[:material/warning: aandacht] Tijdig gestarte zorg steeg van 88,0% (maart 2024) naar 89,2% "
        "en ligt onder de norm van 90,0%.",
    ]


def test_a_voorlopig_month_gives_no_signal_and_no_status_colour(app):
    app.query_params.update(gemeente="GM0164", periode="2025-05")
    app.run()
    assert not app.exception
    assert not [
        m.value
        for m in app.markdown
        if any(naam in m.value for naam in ENSCHEDE_MEI_2025) and m.value.startswith((":orange-badge[", ":red-badge["))
    ]
    assert any("zijn voor deze periode nog voorlopig: die geven nog geen signaal" in c.value for c in app.caption)
    tegel_badges = _tegel_badges(app)
    assert tegel_badges == [":gray-badge[voorlopig (85% compleet)]"] * 5 + [":gray-badge[geheim]"]


def test_selecting_a_gemeente_and_month_shows_its_numbers(app):
    app.run()
    app.selectbox(key="gemeente").select("GM0153").run()
    app.selectbox(key="periode").select("2025-05").run()
    assert not app.exception
    assert app.title[0].value == "Enschede · mei 2025"
    assert tiles(app) == ENSCHEDE_MEI_2025
    assert app.query_params["gemeente"] == "GM0153"


def test_back_to_whole_region(app):
    app.run()
    app.selectbox(key="gemeente").select("GM0153").run()
    app.selectbox(key="gemeente").select("REGIO").run()
    assert not app.exception
    assert tiles(app) == REGIO_MAART_2025


def test_shared_url_restores_the_filters(app):
    app.query_params.update(gemeente="GM0164", periode="2024-05")
    app.run()
    assert not app.exception
    assert app.selectbox(key="periode").value == "2024-05"
    assert app.title[0].value == "Hengelo · mei 2024"
    assert tiles(app)["Doorlooptijd tot toewijzing"] == ("53 dagen", "-6 dagen")


def test_unknown_url_values_fall_back_to_defaults(app):
    app.query_params.update(gemeente="GM9999", indeling="week", periode="1999-01")
    app.run()
    assert not app.exception
    assert app.query_params == {"gemeente": "REGIO", "indeling": "maand", "periode": "2025-03"}


def test_layers_and_indicators_follow_dim_indicator(app):
    app.run()
    assert [s.value for s in app.subheader][:5] == ["Wat u moet weten", "Geld", "Doorlooptijd", "Bereik", "Resultaat"]
    assert [c.value for c in app.columns[0].caption][:1] == ["Input"]
    # throughput: volgorde 1 before 2, although the fixture lists them the other way round
    assert list(tiles(app))[1:3] == ["Doorlooptijd tot toewijzing", "Tijdig gestarte zorg"]


def test_status_labels_norms_and_detail_links(app):
    app.query_params.update(gemeente="GM0164", periode="2025-03")
    app.run()
    tegel_badges = _tegel_badges(app)
    # Hengelo maart 2025: 87,9 <= 100; 48 > 42 (+10%); 86,5 < 90 within 10%; no norm; 76,0 < 80; 12,2 > 10
    assert tegel_badges == [
        ":green-badge[op koers]",
        ":red-badge[uit koers]",
        ":orange-badge[aandacht]",
        ":gray-badge[geen norm]",
        ":orange-badge[aandacht]",
        ":red-badge[uit koers]",
    ]
    assert "Norm: 42 dagen" in [c.value for c in app.caption]
    links = [
        link.proto for link in app.get("page_link") if "indicator=doorlooptijd_toewijzing" in link.proto.query_string
    ]
    assert len(links) == 1 and links[0].page.endswith("verkennen")
    assert "gemeente=GM0164" in links[0].query_string and "periode=2025-03" in links[0].query_string


def test_hidden_cell_shows_geheim_with_the_reason(app):
    app.query_params.update(gemeente="GM0164", periode="2025-05")
    app.run()
    tegel = next(m for m in app.metric if m.label == "Voortijdig beëindigd")
    assert (tegel.value, tegel.delta) == ("geheim", "")
    assert "0 tot en met 7 personen" in tegel.help


def test_comparisons_with_region_comparable_gemeenten_and_previous_month(app):
    app.query_params.update(gemeente="GM0153", periode="2025-05")
    app.run()
    captions = [c.value for c in app.caption]
    # mei 2025 against april 2025 (STAP 0,2 lower), REGIO and Hengelo (the only other comparable gemeente); CBS's
    # 2024 figure is no comparison for a month of 2025 (like for like: only beside the year 2024)
    assert (
        "+0,2 per 1.000 t.o.v. vorige maand · Regio: 106,3 per 1.000 · Vergelijkbare gemeenten: 98,6 per 1.000"
    ) in captions
    # Hengelo's hidden cell is no comparison for Enschede
    assert "-0,1 %-punt t.o.v. vorige maand · Regio: 9,9%" in captions


def test_region_is_not_compared_with_itself(app):
    app.run()
    assert not [c.value for c in app.caption if "Regio:" in c.value]


def test_quarter_and_year_views(app):
    app.run()
    app.selectbox(key="indeling").select("kwartaal").run()
    assert not app.exception
    assert app.selectbox(key="periode").options[:2] == ["K2 2025", "K1 2025"]
    assert len(app.selectbox(key="periode").options) == 9
    assert app.query_params["indeling"] == "kwartaal" and app.query_params["periode"] == "2025-04"
    # K2 2025 holds april's value in the fixture: 106,3 - 0,2; a year earlier april 2024, 13 steps back
    assert tiles(app)["Jeugdigen met jeugdhulp"] == ("106,1 per 1.000", "+2,4 per 1.000")
    assert "+0,6 per 1.000 t.o.v. vorig kwartaal" in [c.value for c in app.caption]
    app.selectbox(key="indeling").select("jaar").run()
    assert app.selectbox(key="periode").options[:2] == ["2025", "2024"]
    assert not [b for b in badges(app) if "voorlopig" in b]


def test_page_figures_download_as_csv_and_excel(app):
    app.run()
    knoppen = app.get("download_button")
    assert [k.proto.label for k in knoppen] == ["CSV", "Excel"]


def test_footer_names_snapshot_and_sources(app):
    app.run()
    assert (
        "Gegevens: snapshot 2025-06-03.1, gepubliceerd 03-06-2025 08:15. "
        "Bron bevolking: de BRP van de gemeente, anders CBS (≈: naar leeftijd geschat)."
    ) in [c.value for c in app.caption]


def test_missing_snapshot_shows_friendly_message(app, tmp_path, monkeypatch):
    monkeypatch.setenv("STUURWIEL_SERVING", str(tmp_path / "nog-niet-gepubliceerd.duckdb"))
    app.run()
    assert not app.exception
    assert app.info[0].value == GEEN_SNAPSHOT
    assert not app.metric


def test_newly_published_snapshot_is_picked_up(app, serving, tmp_path):
    app.run()
    nieuw = build_snapshot(tmp_path / "nieuw.duckdb", {("uitputting_begroting", "REGIO"): 95.0})
    os.replace(nieuw, serving)  # how the publish asset swaps a snapshot in
    app.run()
    assert tiles(app)["Uitputting begroting"] == ("94,5%", "+3,0 %-punt")  # maart: 95,0 - 2 x 0,25


def test_dashboard_never_writes_the_snapshot(app, serving):
    voor = (serving.stat().st_mtime_ns, serving.read_bytes())
    app.run()
    app.selectbox(key="gemeente").select("GM0153").run()
    assert (serving.stat().st_mtime_ns, serving.read_bytes()) == voor
    assert sorted(p.name for p in serving.parent.iterdir() if p.suffix == ".duckdb") == ["serving.duckdb"]


def _open_files_under(folder) -> list[str]:
    """What this process holds open below `folder` ('... (deleted)' for a file replaced since it was opened)."""
    fds = Path("/proc/self/fd")
    paden = []
    for fd in fds.iterdir():
        try:
            paden.append(os.readlink(fd))
        except OSError:  # closed meanwhile
            continue
    return [p for p in paden if p.startswith(str(folder))]


def test_a_replaced_snapshot_is_let_go_on_the_next_run(app, serving, tmp_path):
    """The dashboard keeps the published file open between runs (dashboards/data.py). A publish never waits for
    it (os.replace gives the path a new file), and the next run lets the old file go: a replaced snapshot does
    not stay open, holding its disk space, for the life of the server."""
    app.run()
    assert _open_files_under(tmp_path) == [str(serving)]
    nieuw = build_snapshot(tmp_path / "nieuw.duckdb", {("uitputting_begroting", "REGIO"): 95.0})
    os.replace(nieuw, serving)
    assert _open_files_under(tmp_path) == [f"{serving} (deleted)"]
    app.run()
    gc.collect()
    assert _open_files_under(tmp_path) == [str(serving)]
