"""Runs the fct_indicator_publicatie model on hand-made input tables in an in-memory DuckDB.

The model is rendered with plain Jinja (its macros prepended, ref() mapped to table names), so the tests
execute exactly the SQL dbt builds, without a dbt run.
"""

from pathlib import Path

import duckdb
import jinja2
import pandas as pd

DBT = Path(__file__).resolve().parents[2] / "dbt_project"
MODEL = DBT / "models" / "serving" / "fct_indicator_publicatie.sql"
MACROS = DBT / "macros" / "kleine_aantallen"  # one macro per file

SLEUTEL = ["indicator_id", "gemeentecode", "wijkcode", "periode_type", "periode", "dimensie", "dimensie_waarde"]


def render() -> str:
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    env.globals["ref"] = lambda name: name
    return env.from_string("".join(p.read_text() for p in sorted(MACROS.glob("*.sql"))) + MODEL.read_text()).render()


def vijftal(x: float) -> float:
    """Round half away from zero to a multiple of 5, independently of SQL."""
    return float(int(x / 5 + 0.5) * 5)


def publiceer(
    waarden: pd.DataFrame,
    indicatoren: pd.DataFrame,
    gemeenten: pd.DataFrame | None = None,
    taakvelden: pd.DataFrame | None = None,
    volledigheid: pd.DataFrame | None = None,
    kerncijfers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """fct_indicator_publicatie for the given fct_indicator_values and dimension rows."""
    con = duckdb.connect()
    try:
        waarden = waarden.reindex(columns=SLEUTEL + ["waarde", "teller", "noemer", "norm"])
        con.execute(
            "create table fct_indicator_values as select indicator_id::varchar as indicator_id,"
            " gemeentecode::varchar as gemeentecode, wijkcode::varchar as wijkcode,"
            " periode_type::varchar as periode_type, periode::date as periode, dimensie::varchar as dimensie,"
            " dimensie_waarde::varchar as dimensie_waarde, waarde::double as waarde, teller::double as teller,"
            " noemer::double as noemer, norm::double as norm from waarden"
        )
        indicatoren = indicatoren.reindex(
            columns=[
                "indicator_id",
                "laag",
                "eenheid",
                "richting",
                "schaal",
                "kleine_aantallen",
                "cbs_variabele",
                "min_noemer",
                "min_noemer_aanbieder",
                "bronnen",
            ]
        )
        con.execute(
            "create table dim_indicator as select indicator_id::varchar as indicator_id, laag::varchar as laag,"
            " eenheid::varchar as eenheid, richting::varchar as richting, schaal::double as schaal,"
            " kleine_aantallen::varchar as kleine_aantallen, cbs_variabele::varchar as cbs_variabele,"
            " min_noemer::integer as min_noemer, min_noemer_aanbieder::integer as min_noemer_aanbieder,"
            " bronnen::varchar as bronnen from indicatoren"
        )
        kerncijfers = (
            kerncijfers
            if kerncijfers is not None
            else pd.DataFrame(
                {
                    "regiocode": pd.Series(dtype=str),
                    "variabele": pd.Series(dtype=str),
                    "jaar": pd.Series(dtype=int),
                    "waarde": pd.Series(dtype=float),
                    "geheim": pd.Series(dtype=bool),
                }
            )
        )
        con.execute(
            "create table fct_cbs_kerncijfers as select regiocode::varchar as regiocode,"
            " variabele::varchar as variabele, jaar::integer as jaar, waarde::double as waarde,"
            " geheim::boolean as geheim from kerncijfers"
        )
        gemeenten = (
            gemeenten
            if gemeenten is not None
            else pd.DataFrame({"gemeentecode": pd.Series(dtype=str), "vergelijkingsgroep": pd.Series(dtype=str)})
        )
        con.execute(
            "create table dim_gemeente as select gemeentecode::varchar as gemeentecode,"
            " vergelijkingsgroep::varchar as vergelijkingsgroep from gemeenten"
        )
        taakvelden = (
            taakvelden
            if taakvelden is not None
            else pd.DataFrame({"boekjaar": pd.Series(dtype=int), "taakveld": pd.Series(dtype=str)})
        )
        con.execute(
            "create table dim_taakveld as select boekjaar::integer as boekjaar,"
            " taakveld::varchar as taakveld from taakvelden"
        )
        volledigheid = (
            volledigheid
            if volledigheid is not None
            else pd.DataFrame(
                {
                    "bron": pd.Series(dtype=str),
                    "peildatum": pd.Series(dtype="datetime64[ns]"),
                    "maanden_na": pd.Series(dtype=int),
                    "volledigheid": pd.Series(dtype=float),
                }
            )
        )
        con.execute(
            "create table fct_volledigheid as select bron::varchar as bron, peildatum::date as peildatum,"
            " maanden_na::integer as maanden_na, volledigheid::double as volledigheid from volledigheid"
        )
        return con.execute(render()).df()
    finally:
        con.close()
