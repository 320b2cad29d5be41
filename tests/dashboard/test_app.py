"""The dashboard against the fixture snapshot, through Streamlit's AppTest."""

import os

import duckdb
from streamlit.testing.v1 import AppTest

from dashboards.data import GEEN_SNAPSHOT
from snapshot_fixture import build_snapshot

# label -> (value, delta against the same month a year earlier), mei 2025, from snapshot_fixture
REGIO_MEI_2025 = {
    "Uitputting begroting": ("93,6%", "+3,0 %-punt"),
    "Doorlooptijd tot toewijzing": ("41 dagen", "-6 dagen"),
    "Tijdig gestarte zorg": ("89,4%", "+1,2 %-punt"),
    "Jeugdigen met jeugdhulp": ("106,3 per 1.000", "+2,4 per 1.000"),
    "Afgesloten zonder herhaling": ("79,1%", "0,0 %-punt"),
    "Voortijdig beëindigd": ("9,9%", "-0,6 %-punt"),
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
    return {m.label: (m.value, m.delta) for m in at.metric}


def badges(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "-badge[" in m.value]


def test_opens_on_whole_region_and_latest_month(app):
    app.run()
    assert not app.exception
    assert app.selectbox(key="gemeente").options == ["Hele regio", "Enschede", "Hengelo"]
    assert app.selectbox(key="gemeente").value == "REGIO"
    assert app.selectbox(key="periode").options[:2] == ["mei 2025", "april 2025"]
    assert len(app.selectbox(key="periode").options) == 26
    assert app.title[0].value == "Hele regio (Twente)"
    assert tiles(app) == REGIO_MEI_2025
    assert app.query_params == {"gemeente": "REGIO", "indeling": "maand", "periode": "2025-05"}


def test_selecting_a_gemeente_shows_its_numbers(app):
    app.run()
    app.selectbox(key="gemeente").select("GM0153").run()
    assert not app.exception
    assert app.title[0].value == "Enschede"
    assert tiles(app) == ENSCHEDE_MEI_2025
    assert app.query_params["gemeente"] == "GM0153"


def test_back_to_whole_region(app):
    app.run()
    app.selectbox(key="gemeente").select("GM0153").run()
    app.selectbox(key="gemeente").select("REGIO").run()
    assert not app.exception
    assert tiles(app) == REGIO_MEI_2025


def test_shared_url_restores_the_filters(app):
    app.query_params.update(gemeente="GM0164", periode="2024-05")
    app.run()
    assert not app.exception
    assert app.selectbox(key="periode").value == "2024-05"
    assert app.title[0].value == "Hengelo"
    assert tiles(app)["Doorlooptijd tot toewijzing"] == ("53 dagen", "-6 dagen")
    assert app.caption[0].value.startswith("Stand mei 2024; verschillen ten opzichte van mei 2023.")


def test_unknown_url_values_fall_back_to_defaults(app):
    app.query_params.update(gemeente="GM9999", indeling="week", periode="1999-01")
    app.run()
    assert not app.exception
    assert app.query_params == {"gemeente": "REGIO", "indeling": "maand", "periode": "2025-05"}


def test_layers_and_indicators_follow_dim_indicator(app):
    app.run()
    assert [s.value for s in app.subheader][:4] == ["Geld", "Doorlooptijd", "Bereik", "Resultaat"]
    assert [c.value for c in app.columns[0].caption][:1] == ["Input"]
    # throughput: volgorde 1 before 2, although the fixture lists them the other way round
    assert list(tiles(app))[1:3] == ["Doorlooptijd tot toewijzing", "Tijdig gestarte zorg"]


def test_status_labels_norms_and_definitions(app):
    app.query_params.update(gemeente="GM0164")
    app.run()
    voorlopig = ":blue-badge[voorlopig (85% compleet)]"  # mei 2025 is the latest month, 85% complete
    assert badges(app) == [
        ":green-badge[op koers]", voorlopig,
        ":red-badge[uit koers]", voorlopig,
        ":orange-badge[aandacht]", voorlopig,
        ":gray-badge[geen norm]", voorlopig,
        ":orange-badge[aandacht]", voorlopig,
        ":gray-badge[geheim]", voorlopig,
    ]
    captions = [c.value for c in app.caption]
    assert "Norm: 42 dagen" in captions
    assert [e.label for e in app.expander] == ["Definitie"] * 6
    assert "**Richting:** lager is beter" in app.expander[1].markdown[0].value


def test_trends_and_taakveld_chart(app):
    app.run()
    keys = [chart.key for chart in app.get("plotly_chart")]
    assert keys[:6] == [
        "trend-uitputting_begroting",
        "trend-doorlooptijd_toewijzing",
        "trend-tijdig_gestart",
        "trend-bereik_jeugdhulp",
        "trend-zonder_herhaling",
        "trend-voortijdig_beeindigd",
    ]
    assert keys[6:] == ["taakveld-uitputting_begroting"]
    assert (":material/warning: Reeksbreuk: Nieuwe Iv3-taakveldindeling vanaf 2025: niet vergelijkbaar met "
            "eerdere jaren.") in [c.value for c in app.caption]
    app.selectbox(key="periode").select("2025-04").run()
    assert [chart.key for chart in app.get("plotly_chart")][6:] == []
    assert "Geen verdeling per taakveld voor deze periode." in [c.value for c in app.caption]


def test_hidden_cell_shows_geheim_with_the_reason(app):
    app.query_params.update(gemeente="GM0164")
    app.run()
    tegel = next(m for m in app.metric if m.label == "Voortijdig beëindigd")
    assert (tegel.value, tegel.delta) == ("geheim", "")
    assert "0 tot en met 7 personen" in tegel.help


def test_comparisons_with_region_comparable_gemeenten_and_previous_month(app):
    app.query_params.update(gemeente="GM0153")
    app.run()
    captions = [c.value for c in app.caption]
    # mei 2025 against april 2025 (STAP 0,2 lower), REGIO and Hengelo (the only other comparable gemeente)
    assert ("+0,2 per 1.000 t.o.v. vorige maand · Regio: 106,3 per 1.000 · Vergelijkbare gemeenten: 98,6 per 1.000"
            " · CBS 2024: 109,0 per 1.000") in captions
    # Hengelo's hidden cell is no comparison for Enschede
    assert "-0,1 %-punt t.o.v. vorige maand · Regio: 9,9%" in captions


def test_quarter_and_year_views(app):
    app.run()
    app.selectbox(key="indeling").select("kwartaal").run()
    assert not app.exception
    assert app.selectbox(key="periode").options[:2] == ["K2 2025", "K1 2025"]
    assert len(app.selectbox(key="periode").options) == 9
    assert app.query_params["indeling"] == "kwartaal" and app.query_params["periode"] == "2025-04"
    # K2 2025 holds april's value in the fixture: 106,3 - 0,2; a year earlier april 2024, 13 steps back
    assert tiles(app)["Jeugdigen met jeugdhulp"] == ("106,1 per 1.000", "+2,4 per 1.000")
    assert "+0,6 per 1.000 t.o.v. vorig kwartaal · Regio: 106,1 per 1.000" in [c.value for c in app.caption]
    assert app.caption[0].value.startswith("Stand K2 2025; verschillen ten opzichte van K2 2024.")
    app.selectbox(key="indeling").select("jaar").run()
    assert app.selectbox(key="periode").options == ["2025", "2024"]
    assert not [b for b in badges(app) if "voorlopig" in b]



def test_footer_names_snapshot_and_sources(app):
    app.run()
    assert "Gegevens: snapshot 2025-06-03.1, gepubliceerd 03-06-2025 08:15. Bron bevolking: CBS." in [
        c.value for c in app.caption
    ]


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
    assert tiles(app)["Uitputting begroting"] == ("95,0%", "+3,0 %-punt")


def test_dashboard_never_writes_the_snapshot(app, serving):
    voor = (serving.stat().st_mtime_ns, serving.read_bytes())
    app.run()
    app.selectbox(key="gemeente").select("GM0153").run()
    assert (serving.stat().st_mtime_ns, serving.read_bytes()) == voor
    assert sorted(p.name for p in serving.parent.iterdir()) == ["serving.duckdb"]


def test_no_connection_outlives_a_run(app, serving):
    app.run()
    duckdb.connect(str(serving)).close()  # fails while any read-only connection is still open
