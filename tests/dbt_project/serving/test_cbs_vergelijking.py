"""fct_cbs_vergelijking on hand-built rows: like-for-like pairs with CBS and the reasons they differ.

The model is rendered with plain Jinja (ref() mapped to table names) and run in an in-memory DuckDB, so the
test executes exactly the SQL dbt builds.
"""

from datetime import date
from pathlib import Path

import duckdb
import jinja2
import pandas as pd
import pytest

MODEL = Path(__file__).resolve().parents[3] / "dbt_project" / "models" / "serving" / "fct_cbs_vergelijking.sql"
DEFINITIE = "CBS rekent naar woonplaatsbeginsel."
INVOER = {
    "fct_indicator_publicatie": {
        **dict.fromkeys(["indicator_id", "gemeentecode", "wijkcode", "periode_type"], "varchar"),
        "periode": "date",
        "dimensie": "varchar",
        **dict.fromkeys(["waarde", "noemer"], "double"),
        "onderdrukt": "boolean",
        "vintage": "varchar",
    },
    "dim_indicator": {
        **dict.fromkeys(["indicator_id", "cbs_variabele", "cbs_maat"], "varchar"),
        "schaal": "double",
        "verschil": "varchar",
    },
    "fct_cbs_kerncijfers": {
        **dict.fromkeys(["regiocode", "variabele", "periode_type"], "varchar"),
        "periode": "date",
        "jaar": "integer",
        "waarde": "double",
        "geheim": "boolean",
        "synthetisch": "boolean",
    },
}


JEUGDZORG = {
    "indicator_id": "jeugdzorg",
    "cbs_variabele": "PercentageJongerenMetJeugdzorg",
    "schaal": 100,
    "verschil": DEFINITIE,
}


def _vergelijk(publicatie: list[dict], kerncijfers: list[dict], indicatoren=(JEUGDZORG,)) -> pd.DataFrame:
    env = jinja2.Environment()
    env.globals["ref"] = lambda name: name
    con = duckdb.connect()
    try:
        tabellen = {
            "fct_indicator_publicatie": pd.DataFrame(publicatie),
            "dim_indicator": pd.DataFrame(list(indicatoren)),
            "fct_cbs_kerncijfers": pd.DataFrame(kerncijfers),
        }
        for tabel, rijen in tabellen.items():
            kolommen = INVOER[tabel]
            con.register("_invoer", rijen.reindex(columns=list(kolommen)))
            select = ", ".join(f"{k}::{t} as {k}" for k, t in kolommen.items())
            con.execute(f"create table {tabel} as select {select} from _invoer")
            con.unregister("_invoer")
        return con.execute(env.from_string(MODEL.read_text()).render()).df()
    finally:
        con.close()


def _ons(gemeente, periode_type, periode, waarde, noemer=20000, **extra):
    rij = {
        "indicator_id": "jeugdzorg",
        "gemeentecode": gemeente,
        "periode_type": periode_type,
        "periode": periode,
        "dimensie": "totaal",
        "waarde": waarde,
        "noemer": noemer,
        "onderdrukt": False,
        "vintage": "definitief",
    }
    return rij | extra


def _cbs(gemeente, jaar, waarde, geheim=False):
    return {
        "regiocode": gemeente,
        "variabele": "PercentageJongerenMetJeugdzorg",
        "periode_type": "jaar",
        "periode": date(jaar, 1, 1),
        "jaar": jaar,
        "waarde": waarde,
        "geheim": geheim,
    }


@pytest.fixture(scope="module")
def vergelijking():
    ons = [
        _ons("GM0153", "jaar", date(2023, 1, 1), 9.0),
        _ons("GM0153", "jaar", date(2024, 1, 1), 9.02),
        _ons("GM0153", "jaar", date(2025, 1, 1), 9.5, vintage="voorlopig"),
        _ons("GM0153", "maand", date(2024, 3, 1), 6.0),  # CBS publishes no months: not reconciled
        _ons("GM0153", "jaar", date(2024, 1, 1), 4.0) | {"dimensie": "verblijf"},  # a breakdown: neither
        _ons("REGIO", "jaar", date(2024, 1, 1), 8.0),  # CBS has no figure for our region
        _ons("GM0168", "jaar", date(2024, 1, 1), None, noemer=500, onderdrukt=True),
    ]
    cbs = [_cbs("GM0153", 2023, 10.0), _cbs("GM0153", 2024, 9.0), _cbs("GM0168", 2024, None, geheim=True)]
    return _vergelijk(ons, cbs).set_index(["gemeentecode", "periode_type", "periode"])


def test_only_the_total_of_a_grain_cbs_publishes_is_reconciled(vergelijking):
    assert sorted((g, p.year) for g, t, p in vergelijking.index) == [
        ("GM0153", 2023),
        ("GM0153", 2024),
        ("GM0153", 2025),
        ("GM0168", 2024),
    ]
    assert set(vergelijking.index.get_level_values("periode_type")) == {"jaar"}


def test_difference_absolute_and_relative_with_the_definition_first(vergelijking):
    rij = vergelijking.loc[("GM0153", "jaar", pd.Timestamp(2023, 1, 1))]
    assert (rij.waarde_stuurwiel, rij.waarde_cbs) == (9.0, 10.0)
    assert rij.verschil == pytest.approx(-1.0)
    assert rij.verschil_relatief == pytest.approx(-0.1)
    assert rij.reden == DEFINITIE  # 1 point on 20,000 young people is far beyond rounding


def test_a_difference_within_rounding_to_five_says_so(vergelijking):
    # 0.02 points of 20,000 is 4 persons: within the 2 x 2.5 persons that rounding both counts can move
    rij = vergelijking.loc[("GM0153", "jaar", pd.Timestamp(2024, 1, 1))]
    assert rij.reden == DEFINITIE + " Het verschil valt binnen de afronding op vijftallen."


def test_no_cbs_figure_yet_names_the_latest_year_and_our_provisional_figure(vergelijking):
    rij = vergelijking.loc[("GM0153", "jaar", pd.Timestamp(2025, 1, 1))]
    assert pd.isna(rij.waarde_cbs) and pd.isna(rij.verschil)
    assert rij.jaar_laatste_cbs == 2024
    assert rij.reden == (
        DEFINITIE + " CBS heeft over deze periode nog geen cijfer; het laatste is van 2024."
        " Ons cijfer is voorlopig: nog niet alle berichten over de periode zijn binnen."
    )


def test_secret_and_hidden_figures_are_named_not_compared(vergelijking):
    rij = vergelijking.loc[("GM0168", "jaar", pd.Timestamp(2024, 1, 1))]
    assert pd.isna(rij.waarde_stuurwiel) and pd.isna(rij.waarde_cbs)
    assert "CBS houdt dit cijfer geheim: 0 tot en met 7 personen." in rij.reden
    assert "Ons cijfer is verborgen om kleine aantallen te beschermen." in rij.reden


def test_a_half_year_figure_of_cbs_is_reconciled_with_our_half_year():
    halfjaar = _cbs("GM0153", 2024, 8.5) | {"periode_type": "halfjaar", "periode": date(2024, 7, 1)}
    uit = _vergelijk(
        [_ons("GM0153", "halfjaar", date(2024, 7, 1), 8.0), _ons("GM0153", "halfjaar", date(2024, 1, 1), 7.0)],
        [halfjaar],
    ).set_index("periode")
    assert uit.loc[pd.Timestamp(2024, 7, 1), "verschil"] == pytest.approx(-0.5)
    assert uit.loc[pd.Timestamp(2024, 1, 1), "reden"].endswith("CBS heeft over deze periode nog geen cijfer.")


def test_a_synthetic_cbs_figure_says_so_first():
    """The demo's CBS export is computed from the demo world: a council member must not take it for CBS's."""
    uit = _vergelijk(
        [_ons("GM0153", "jaar", date(2024, 1, 1), 9.0)], [_cbs("GM0153", 2024, 10.0) | {"synthetisch": True}]
    )
    assert uit.loc[0, "reden"] == (
        "Let op: het CBS-cijfer is synthetisch (demo), berekend uit de demowereld met de regels van CBS. " + DEFINITIE
    )


def test_a_cbs_count_is_divided_by_our_noemer_so_only_the_teller_differs():
    """CBS publishes persons with bijstand as a count: beside our rate per 10,000 it stands as 10,000 x the
    count / our noemer of the row, and the reason says so after the definition."""
    bijstand = {
        "indicator_id": "bijstand",
        "cbs_variabele": "PersonenPerSoortUitkeringBijstand",
        "cbs_maat": "aantal",
        "schaal": 10000,
        "verschil": "CBS telt naar woonadres.",
    }
    ons = [
        _ons("GM0153", "jaar", date(2024, 1, 1), 22.5) | {"indicator_id": "bijstand"},  # 45 of 20,000 adults
        _ons("GM0153", "jaar", date(2023, 1, 1), 20.0) | {"indicator_id": "bijstand"},  # 40 of 20,000 adults
    ]
    cbs = [
        _cbs("GM0153", 2024, 35.0) | {"variabele": "PersonenPerSoortUitkeringBijstand"},
        _cbs("GM0153", 2023, 40.0) | {"variabele": "PersonenPerSoortUitkeringBijstand"},
    ]
    uit = _vergelijk(ons, cbs, [JEUGDZORG, bijstand]).set_index("periode")
    rij = uit.loc[pd.Timestamp(2024, 1, 1)]
    assert rij.waarde_cbs == pytest.approx(17.5)  # 10,000 x 35 / 20,000, not the count 35
    assert rij.verschil == pytest.approx(5.0)  # 10 persons: beyond rounding both counts to five
    assert rij.reden == (
        "CBS telt naar woonadres. Het CBS-cijfer is het CBS-aantal gedeeld door onze noemer: het verschil zit"
        " alleen in de teller."
    )
    assert uit.loc[pd.Timestamp(2023, 1, 1), "verschil"] == pytest.approx(0.0)
