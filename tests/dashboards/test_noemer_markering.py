"""A rate on an estimated population is marked wherever it is shown: the Stuurwiel tile, its table and
download, and Verkennen's cells, explanation and download (snapshot_fixture: Hengelo's jeugdhulp rate)."""

import pandas as pd
from snapshot_fixture import NOEMER_GESCHAT

from dashboards.noemer import NOEMER_GESCHAT as TEKST
from dashboards.noemer import TEKEN, legenda, met_teken
from dashboards.views.verkennen.download import export_tabel
from dashboards.views.verkennen.labels import cel

INDICATOR, HENGELO = NOEMER_GESCHAT


def _rij(geschat, **extra):
    return pd.Series(
        {
            "waarde": 98.6,
            "onderdrukt": False,
            "reden_onderdrukt": None,
            "vintage": "definitief",
            "volledigheid": 1.0,
            "noemer_geschat": geschat,
            **extra,
        }
    )


def test_the_tile_of_an_estimated_rate_carries_the_sign_and_says_why(app):
    app.query_params.update(gemeente=HENGELO, periode="2025-03")
    app.run()
    assert not app.exception
    waarden = {m.label: m.value for m in app.metric}
    assert waarden["Jeugdigen met jeugdhulp"].startswith(f"{TEKEN} ")
    assert not waarden["Tijdig gestarte zorg"].startswith(TEKEN)  # not a rate per resident
    assert any(c.value == f"{TEKEN} {TEKST}" for c in app.caption)
    assert any(f"{TEKEN} = {TEKST}" in c.value for c in app.caption)  # the page's legend


def test_a_delivered_population_gets_no_sign(app):
    app.query_params.update(gemeente="GM0153", periode="2025-03")
    app.run()
    assert not app.exception
    assert not any(m.value.startswith(TEKEN) for m in app.metric)
    assert not any(TEKST in c.value for c in app.caption)


def test_verkennen_cells_legend_and_download_mark_the_estimate():
    geschat, bekend = _rij(True), _rij(False)
    assert cel(geschat, "per 1.000") == f"{TEKEN} 98,6 per 1.000"
    assert cel(bekend, "per 1.000") == "98,6 per 1.000"
    assert cel(_rij(True, vintage="voorlopig"), "%") == f"{TEKEN} 98,6% *"
    assert legenda(pd.DataFrame([bekend])) == ""
    assert TEKST in legenda(pd.DataFrame([bekend, geschat]))
    tabel = export_tabel(pd.DataFrame([geschat, bekend]).assign(gemeentecode=[HENGELO, "GM0153"]), ["gemeentecode"])
    assert tabel["noemer_geschat"].tolist() == ["ja", "nee"]
    assert met_teken("x", {}) == "x"  # a snapshot row without the column is not an estimate


def test_verkennen_marks_the_estimated_gemeente_in_its_table_and_explains_it(app_als):
    at = app_als("beleid", "verkennen")
    at.query_params.update(indicator=INDICATOR, gemeente=HENGELO, indeling="maand", periode="2025-03")
    at.run()
    assert not at.exception, at.exception
    waarden = next(d.value for d in at.dataframe if "Waarde" in d.value.columns).set_index("Gemeente")["Waarde"]
    assert waarden["Hengelo"].startswith(f"{TEKEN} ") and not waarden["Enschede"].startswith(TEKEN)
    assert any(f"{TEKEN} = {TEKST}" in c.value for c in at.caption)
    assert any(TEKST in c.value and "BRP" in c.value for c in at.caption)  # the explanation's caveat
