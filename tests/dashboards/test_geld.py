"""Geld en resultaat: what a controller sees (numbers worked out by hand from fixture_geld.py), who may not
see it, scope of a gemeente controller, and small cells in the drill."""

from datetime import date

import pytest

from dashboards import data, gebruikers
from dashboards.queries import geld
from dashboards.toegang import GeenToegang, Rol, Toegang

APRIL = date(2025, 4, 1)


def _open(at, gemeente: str = "REGIO"):
    at.query_params["gemeente"] = gemeente
    at.query_params["indeling"] = "maand"
    at.query_params["periode"] = "2025-04"
    return at.run()


def _tekst(at) -> str:
    delen = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    for df in at.dataframe:
        delen.append(df.value.to_string())
    return "\n".join(delen)


def test_controller_sees_budget_prognosis_band_and_waterfall(app_als):
    at = _open(app_als("controller", "geld"))
    assert not at.exception
    assert at.title[0].value == "Geld en resultaat"
    tekst = _tekst(at)
    # REGIO = Enschede + Hengelo: prognose 1.300.000 + 760.000 + 600.000 + 400.000 = 3.060.000 against
    # begroting 2.900.000 = 105,5%; band (published) 3.060.000 x 0,95 = 2.907.000 .. x 1,05 = 3.213.000.
    assert (
        "Verwachte lasten Jeugd en Wmo eind 2025: € 3.060.000 (bandbreedte € 2.907.000 tot € 3.213.000), "
        "105,5% van de begroting van € 2.900.000: een overschrijding van € 160.000."
    ) in tekst
    assert "De prognose rekent de verwachte late declaraties mee" in tekst
    prognose = at.dataframe[0].value
    jeugd = prognose[prognose["Wet"] == "Jeugdwet"].iloc[0]
    assert jeugd["Begroting"] == "€ 1.700.000" and jeugd["Prognose jaareinde"] == "€ 1.900.000"
    assert jeugd["Prognose % begroting"] == "111,8%" and jeugd["Verschil"] == "+€ 200.000"
    assert jeugd["Realisatie t/m april 2025"] == "€ 550.000"  # taakveld 6.751: 400.000 + 150.000
    assert jeugd["Bandbreedte"] == "€ 1.805.000 – € 1.995.000"
    taakvelden = at.dataframe[1].value
    wmo = taakvelden[taakvelden["Taakveld"].str.startswith("6.711")].iloc[0]
    assert (wmo["Begroting"], wmo["Realisatie t/m april 2025"], wmo["% van begroting"]) == (
        "€ 1.200.000",
        "€ 400.000",
        "33,3%",
    )
    [waterval] = [c for c in at.get("plotly_chart") if '"measure"' in c.proto.spec]
    assert "+€ 200.000" in waterval.proto.spec and "-€ 40.000" in waterval.proto.spec
    assert "Effect totaal" not in waterval.proto.spec  # the wets add up to the total here
    assert any("Geldzorg Oost" in w.value and "70%" in w.value for w in at.warning)


def test_drill_hides_small_cells_and_offers_only_visible_ones(app_als):
    at = _open(app_als("controller", "geld"))
    drill = next(df.value for df in at.dataframe if "Gedeclareerd" in df.value.columns)
    assert drill.iloc[0]["Gedeclareerd"] == "€ 250.000" and drill.iloc[0]["Per cliënt"] == "€ 6.250"
    at.selectbox(key="drill-taakveld").set_value("6.751").run()
    at.selectbox(key="drill-productcategorie").set_value("45").run()
    assert not at.exception
    drill = next(df.value for df in at.dataframe if "Gedeclareerd" in df.value.columns)
    assert list(drill["Aanbieder"]) == ["Geldzorg Oost", "Klein Geld B.V.", "Middel Zorg"]
    assert list(drill["Gedeclareerd"]) == ["€ 200.000", "geheim*", "geheim*"]
    assert list(drill["Cliënten"]) == ["30", "geheim*", "geheim*"]
    assert at.selectbox(key="drill-aanbieder").options == ["(alle)", "Geldzorg Oost"]
    tekst = _tekst(at)
    assert "2 van 3 regels geheim" in tekst and "uit het totaal en de andere uitsplitsingen" in tekst


@pytest.mark.parametrize("gebruiker", ["raad", "beleid"])
def test_raad_and_beleid_do_not_get_the_page(app_als, gebruiker):
    at = app_als(gebruiker, "geld").run()
    assert not at.exception
    assert all(t.value != "Geld en resultaat" for t in at.title)
    snapshot = data.current_snapshot()
    toegang = Toegang(gebruiker, Rol[gebruiker], "REGIO")
    for vraag in (
        geld.prognose,
        geld.begroting_per_taakveld,
        geld.contractplafond,
        geld.kosten_per_client,
        geld.kosten_tegen_resultaat,
    ):
        with pytest.raises(GeenToegang):
            vraag(toegang, snapshot, "REGIO", APRIL, "maand")
    with pytest.raises(GeenToegang):
        geld.drill(toegang, snapshot, "REGIO", APRIL, "maand", "taakveld")


def test_gemeente_controller_sees_own_gemeente_only(app_als, users_file):
    gebruikers.voeg_toe(users_file, "enschede_controller", "controller", "GM0153", "enschede-controller-test")
    toegang = Toegang("enschede_controller", Rol.controller, "GM0153")
    snapshot = data.current_snapshot()
    eigen = geld.drill(toegang, snapshot, "GM0153", APRIL, "maand", "taakveld")
    assert list(eigen["bedrag"]) == [150_000.0]
    # the region's 250.000 minus Enschede's 150.000 would be Hengelo's: a region of two is hidden from Enschede
    assert geld.drill(toegang, snapshot, "REGIO", APRIL, "maand", "taakveld").empty
    with pytest.raises(GeenToegang):
        geld.drill(toegang, snapshot, "GM0164", APRIL, "maand", "taakveld")
    with pytest.raises(GeenToegang):
        geld.prognose(toegang, snapshot, "GM0164", APRIL, "maand")
    # The page itself: a Hengelo code in the URL falls back to Enschede.
    at = _open(app_als("enschede_controller", "geld"), gemeente="GM0164")
    assert not at.exception
    tekst = _tekst(at)
    # Enschede: 1.300.000 + 760.000 = 2.060.000 against 2.000.000 = 103,0%
    assert "€ 2.060.000" in tekst and "103,0% van de begroting van € 2.000.000" in tekst
    assert "€ 3.060.000" not in tekst
