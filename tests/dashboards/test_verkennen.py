"""The Verkennen page against the fixture snapshot (numbers from fixture_verkennen.py and snapshot_fixture.py)."""

import base64
import json

import numpy as np
import pytest
from fixture_cbs import CBS_H2_2024
from fixture_cbs import REDEN as CBS_REDEN
from streamlit.testing.v1 import AppTest

from dashboards.components import REDEN_GEHEIM, REGIO_VERBORGEN

MEI = {"periode": "2025-05", "indeling": "maand"}


def open_pagina(app_als, gebruiker: str, **params) -> AppTest:
    at = app_als(gebruiker, "verkennen")
    at.query_params.update({**MEI, **params})
    at.run()
    assert not at.exception, at.exception
    return at


def figuren(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec, object_hook=_getallen) for el in at.get("plotly_chart")]


def _getallen(obj: dict):
    """Plotly writes numeric arrays as {"dtype": "f8", "bdata": base64}: back to a list of numbers."""
    if set(obj) >= {"dtype", "bdata"}:
        return np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"]).tolist()
    return obj


def kaart(at: AppTest) -> dict:
    return next(f for f in figuren(at) if any(t["type"] == "choropleth" for t in f["data"]))


def balken(at: AppTest) -> dict | None:
    return next((f for f in figuren(at) if any(t["type"] == "bar" for t in f["data"])), None)


def lijnen(at: AppTest) -> dict[str, list]:
    trend = next(f for f in figuren(at) if any(t.get("mode") == "lines+markers" for t in f["data"]))
    return {t["name"]: t["y"] for t in trend["data"] if t.get("mode") == "lines+markers"}


def tabel(at: AppTest, kolom: str):
    """The dataframe that has column `kolom`."""
    return next(d.value for d in at.dataframe if kolom in d.value.columns)


def tekst(at: AppTest) -> str:
    """Every text and every chart's and table's data on the page, to search for what must not be there."""
    delen = [
        e.value
        for soort in ("title", "markdown", "caption", "info", "subheader", "warning")
        for e in getattr(at, soort)
    ]
    delen += [d.value.to_csv() for d in at.dataframe]
    delen += [el.proto.spec for el in at.get("plotly_chart")]
    delen += [str(s.options) for s in at.selectbox] + [str(m.options) for m in at.multiselect]
    return "\n".join(map(str, delen))


def test_url_selects_indicator_and_breakdown(app_als):
    at = open_pagina(app_als, "beleid", indicator="wachttijd_start_mediaan", uitsplitsing="wet", gemeente="GM0153")
    assert at.selectbox(key="indicator").value == "wachttijd_start_mediaan"
    assert at.selectbox(key="uitsplitsing").value == "wet"
    assert at.title[0].value == "Dagen tot start van de zorg (mediaan)"
    assert at.query_params["indicator"] == "wachttijd_start_mediaan"
    assert at.query_params["uitsplitsing"] == "wet"
    # per gemeente, mei 2025 (voorlopig: *)
    gemeenten = tabel(at, "Gemeente")
    assert gemeenten[["Gemeente", "Waarde", "Vergelijkbare gemeenten"]].values.tolist() == [
        ["Enschede", "24 dagen *", "23 dagen"],
        ["Hengelo", "28 dagen *", "25 dagen"],
        ["Hele regio", "26 dagen *", "—"],
    ]
    assert set(gemeenten["Stand"]) == {"voorlopig (85% compleet)"}
    geo = kaart(at)["data"][0]
    assert dict(zip(geo["locations"], geo["z"], strict=False)) == {"GM0153": 24.0, "GM0164": 28.0}
    assert geo["featureidkey"] == "properties.gemeentecode"
    assert geo["colorbar"]["tickformat"] == ",.1f"  # 24 to 28 days: whole numbers would repeat on the ticks
    assert kaart(at)["layout"]["geo"]["fitbounds"] == "locations"
    assert kaart(at)["layout"]["geo"]["visible"] is False
    # by wet: Enschede beside the region
    wet = tabel(at, "Wet")
    assert wet.values.tolist() == [["Jeugdwet", "26 dagen *", "27 dagen *"], ["Wmo", "22 dagen *", "24 dagen *"]]
    bars = {t["name"]: dict(zip(t["y"], t["x"], strict=False)) for t in balken(at)["data"]}
    assert bars == {"Enschede": {"Jeugdwet": 26.0, "Wmo": 22.0}, "Hele regio": {"Jeugdwet": 27.0, "Wmo": 24.0}}
    # trend: Enschede, the region and the comparable-gemeenten value (published for mei only)
    assert lijnen(at) == {
        "Enschede": [20.0, 22.0, 24.0],
        "Hele regio": [25.0, 25.5, 26.0],
        "Vergelijkbare gemeenten": [23.0],
    }


def test_every_chart_has_its_explanation(app_als):
    at = open_pagina(app_als, "beleid", indicator="wachttijd_start_mediaan", uitsplitsing="wet", gemeente="GM0153")
    uitleg = [m.value for m in at.markdown if m.value.startswith("**Formule:**")]
    assert len(uitleg) == 4  # map, breakdown, trend, wijk table
    for blok in uitleg:
        assert "mediaan(startdatum zorg - ingangsdatum toewijzing)" in blok
        assert "**Bron:** iJw/iWmo 301 en 305" in blok
        assert "**Norm:** 42 dagen (Treeknorm jeugd en Wmo (zes weken))" in blok
        assert "**Stand mei 2025:** voorlopig (85% compleet)" in blok
    definities = [c.value for c in at.caption if c.value.startswith("Mediaan van het aantal dagen")]
    assert len(definities) == 4
    assert any("Voorlopige cijfers" in c.value for c in at.caption)


def test_cbs_figure_and_series_break_beside_the_chart(app_als):
    # like for like: CBS's 2024 figure stands beside the year 2024, not beside a month
    at = open_pagina(app_als, "beleid", indicator="bereik_jeugdhulp", gemeente="GM0153")
    assert not any("**CBS" in m.value for m in at.markdown)
    at = open_pagina(
        app_als, "beleid", indicator="bereik_jeugdhulp", gemeente="GM0153", indeling="jaar", periode="2024-01"
    )
    assert any("**CBS 2024:** 109,0 per 1.000" in m.value for m in at.markdown)
    assert any(f"**Verschil met CBS:** {CBS_REDEN}" in m.value for m in at.markdown)
    # a half-year CBS figure beside our half-year
    at = open_pagina(
        app_als, "beleid", indicator="bereik_jeugdhulp", gemeente="GM0153", indeling="halfjaar", periode="2024-07"
    )
    cbs = f"{CBS_H2_2024:.1f}".replace(".", ",")
    assert any(f"**CBS H2 2024:** {cbs} per 1.000" in m.value for m in at.markdown)
    assert any(f"**Verschil met CBS:** {CBS_REDEN}" in m.value for m in at.markdown)
    at = open_pagina(app_als, "beleid", indicator="uitputting_begroting", uitsplitsing="taakveld", gemeente="GM0153")
    taakveld = tabel(at, "Taakveld (Iv3)")
    assert taakveld.values.tolist() == [
        ["6.711 Huishoudelijke hulp (WMO)", "82,3%", "78,1%"],
        ["6.751 Jeugdhulp ambulant lokaal", "105,8%", "98,2%"],
    ]
    assert any("Reeksbreuk: Nieuwe Iv3-taakveldindeling vanaf 2025" in c.value for c in at.caption)


def test_aanbieder_breakdown_with_hidden_cell(app_als):
    at = open_pagina(
        app_als, "beleid", indicator="wachttijd_start_mediaan", uitsplitsing="aanbieder", gemeente="GM0153"
    )
    aanbieders = tabel(at, "Aanbieder")
    assert aanbieders.values.tolist() == [
        ["Kindkracht Ambulant B.V. (98100028)", "geheim", "31 dagen *", REDEN_GEHEIM["klein_aantal"]],
        ["Stichting Jeugdhulp Twentse Ster (98100011)", "19 dagen *", "25 dagen *", ""],
    ]
    enschede = next(t for t in balken(at)["data"] if t["name"] == "Enschede")
    assert enschede["text"] == ["geheim", "19 dagen *"]
    assert REDEN_GEHEIM["klein_aantal"][:40] in enschede["customdata"][0].replace("<br>", " ")


def test_hidden_gemeente_is_grey_on_the_map(app_als):
    at = open_pagina(app_als, "beleid", indicator="voortijdig_beeindigd")
    sporen = kaart(at)["data"]
    kleur = next(t for t in sporen if t["type"] == "choropleth" and t["locations"] == ["GM0164"])
    assert kleur["colorscale"][0][1] == "#BDBDBD"
    assert kleur["customdata"][0].startswith("Hengelo<br>geheim: Gebaseerd op 0 tot en met 7 personen")
    assert next(t for t in sporen if t.get("z") and t["locations"] == ["GM0153"])["z"] == [8.3]
    gemeenten = tabel(at, "Gemeente")
    assert gemeenten[["Gemeente", "Waarde"]].values.tolist() == [
        ["Enschede", "8,3% *"],
        ["Hengelo", "geheim"],
        ["Hele regio", "9,9% *"],
    ]
    assert gemeenten["Waarom geheim"].tolist() == ["", REDEN_GEHEIM["klein_aantal"], ""]


def test_wijk_table_for_beleid(app_als):
    at = open_pagina(app_als, "beleid", indicator="wachttijd_start_mediaan", gemeente="GM0153")
    wijken = tabel(at, "Wijk")
    assert wijken[["Wijk", "Waarde", "Waarom geheim"]].values.tolist() == [
        ["WK015301", "21 dagen *", ""],
        ["WK015302", "geheim", REDEN_GEHEIM["secundair_wijk"]],
    ]
    at = open_pagina(app_als, "beleid", indicator="wachttijd_start_mediaan", gemeente="REGIO")
    assert tabel(at, "Wijk")[["Gemeente", "Wijk"]].values.tolist() == [
        ["Enschede", "WK015301"],
        ["Enschede", "WK015302"],
        ["Hengelo", "WK016401"],
    ]
    at = open_pagina(app_als, "beleid", indicator="doorlooptijd_toewijzing")
    assert any("geen cijfers per wijk" in c.value for c in at.caption)


def test_raad_sees_no_aanbieder_breakdown_and_no_wijk_table(app_als):
    at = open_pagina(app_als, "raad", indicator="wachttijd_start_mediaan", uitsplitsing="aanbieder", gemeente="GM0153")
    assert at.selectbox(key="uitsplitsing").options == ["Geen (totaal)", "Wet"]
    assert at.selectbox(key="uitsplitsing").value == "totaal"
    assert at.query_params["uitsplitsing"] == "totaal"
    assert any("geen uitsplitsing naar aanbieder" in i.value for i in at.info)
    assert balken(at) is None
    alles = tekst(at)
    for verboden in ("98100011", "Twentse Ster", "Kindkracht", "WK0153", "Per wijk"):
        assert verboden not in alles
    assert not any("Wijk" in d.value.columns for d in at.dataframe)
    assert all(s.value != "Per wijk" for s in at.subheader)


def test_gemeente_user_of_a_region_of_two_sees_only_own_gemeente(app_als):
    at = open_pagina(
        app_als,
        "enschede",
        indicator="wachttijd_start_mediaan",
        uitsplitsing="wet",
        gemeente="GM0153",
        vergelijk="GM0164",
    )
    # the region of two minus Enschede would be Hengelo: no region, and the sidebar says why
    assert at.selectbox(key="gemeente").options == ["Enschede"]
    assert REGIO_VERBORGEN in [c.value for c in at.sidebar.caption]
    assert len(at.multiselect) == 0  # no comparison gemeenten for a gemeente user
    geo = kaart(at)["data"][0]
    assert geo["locations"] == ["GM0153"] and geo["z"] == [24.0]
    assert not any(c.value.startswith("Hele regio") for c in at.caption)
    assert tabel(at, "Gemeente")["Gemeente"].tolist() == ["Enschede"]
    # the comparable group averages Hengelo alone here: for Enschede that would be Hengelo's own figure
    assert lijnen(at) == {"Enschede": [20.0, 22.0, 24.0]}
    alles = tekst(at)
    assert "Hengelo" not in alles and "GM0164" not in alles and "WK0164" not in alles


@pytest.mark.parametrize("uitsplitsing", ["wet", "aanbieder", "totaal"])
def test_tampered_url_shows_no_hengelo_to_enschede(app_als, uitsplitsing):
    at = open_pagina(
        app_als,
        "enschede",
        indicator="wachttijd_start_mediaan",
        uitsplitsing=uitsplitsing,
        gemeente="GM0164",
        vergelijk="GM0164",
    )
    assert at.selectbox(key="gemeente").value == "GM0153"
    alles = tekst(at)
    assert "Hengelo" not in alles and "GM0164" not in alles and "WK0164" not in alles
    assert "28 dagen" not in alles and "33 dagen" not in alles and "30 dagen" not in alles  # Hengelo's figures


def test_comparison_gemeenten_in_trend_and_url(app_als):
    at = open_pagina(app_als, "beleid", indicator="wachttijd_start_mediaan", gemeente="GM0153", vergelijk="GM0164")
    assert at.multiselect(key="vergelijk").value == ["GM0164"]
    assert lijnen(at)["Hengelo"] == [30.0, 29.0, 28.0]
    at.multiselect(key="vergelijk").unselect("GM0164").run()
    assert "Hengelo" not in lijnen(at)
    assert "vergelijk" not in at.query_params


def test_missing_breakdown_is_said_plainly(app_als):
    at = open_pagina(app_als, "beleid", indicator="doorlooptijd_toewijzing", uitsplitsing="leeftijdsgroep")
    assert any(i.value.startswith("Deze indicator heeft geen uitsplitsing naar leeftijdsgroep") for i in at.info)
    assert balken(at) is None
    assert any(
        c.value.startswith("Deze indicator kent geen uitsplitsing naar wet, productcategorie, leeftijdsgroep")
        for c in at.sidebar.caption
    )


def test_breakdown_absent_in_period_is_said_plainly(app_als):
    # uitputting_begroting has taakveld rows in mei 2025 only
    at = open_pagina(app_als, "beleid", indicator="uitputting_begroting", uitsplitsing="taakveld", periode="2025-04")
    assert any("in april 2025 geen uitsplitsing naar taakveld" in i.value for i in at.info)
    assert balken(at) is None


def test_switching_indicator_keeps_only_existing_breakdown(app_als):
    at = open_pagina(app_als, "beleid", indicator="wachttijd_start_mediaan", uitsplitsing="wet")
    at.selectbox(key="indicator").select("doorlooptijd_toewijzing").run()
    assert not at.exception
    assert at.query_params["indicator"] == "doorlooptijd_toewijzing"
    assert at.selectbox(key="uitsplitsing").value == "totaal"
    assert at.query_params["uitsplitsing"] == "totaal"
    assert any("geen uitsplitsing naar wet" in i.value for i in at.info)
    at.selectbox(key="indicator").select("wachttijd_start_mediaan").run()
    at.selectbox(key="uitsplitsing").select("aanbieder").run()
    assert at.query_params["uitsplitsing"] == "aanbieder"
    assert balken(at) is not None
