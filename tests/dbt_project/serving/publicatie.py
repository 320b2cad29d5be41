"""Runs the fct_indicator_publicatie model on hand-made input tables in an in-memory DuckDB.

The model is rendered with plain Jinja (its macros prepended, ref() mapped to table names), so the tests
execute exactly the SQL dbt builds, without a dbt run.
"""

import re
from pathlib import Path

import duckdb
import jinja2
import pandas as pd

DBT = Path(__file__).resolve().parents[3] / "dbt_project"
MODEL = DBT / "models" / "serving" / "fct_indicator_publicatie.sql"
MACROS = DBT / "macros" / "kleine_aantallen"  # one macro per file

SLEUTEL = ["indicator_id", "gemeentecode", "wijkcode", "periode_type", "periode", "dimensie", "dimensie_waarde"]
# One person-count indicator, counted in the numerator: the definition most tests and the benchmark use.
TELLING = pd.DataFrame(
    [
        {
            "indicator_id": "telling",
            "laag": "output",
            "eenheid": "aantal",
            "richting": "neutraal",
            "schaal": None,
            "kleine_aantallen": "teller",
        }
    ]
)


def bevolking_leeftijden() -> list[str]:
    """The age columns of int_bevolking, as macros/bevolking_leeftijden.sql lists them."""
    return re.findall(r"'(inwoners_[a-z0-9_]+)'", (DBT / "macros" / "bevolking_leeftijden.sql").read_text())


def render(noemers: dict[str, str] | None = None) -> str:
    """The model's SQL; ``noemers`` maps an indicator to its meta.indicator.noemer_bevolking."""
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    env.globals["ref"] = lambda name: name
    env.globals["config"] = lambda **_: ""
    env.globals["per_indicator_filter"] = lambda kolom="indicator_id": "true"  # as in a full build: every indicator
    env.globals["bevolking_leeftijden"] = bevolking_leeftijden
    env.globals["indicator_nodes"] = lambda: [
        {"config": {"meta": {"indicator": {"id": i, "noemer_bevolking": kolom}}}}
        for i, kolom in (noemers or {}).items()
    ]
    return env.from_string("".join(p.read_text() for p in sorted(MACROS.glob("*.sql"))) + MODEL.read_text()).render()


def vijftal(x: float) -> float:
    """Round half away from zero to a multiple of 5, independently of SQL."""
    return float(int(x / 5 + 0.5) * 5)


# The model's inputs as dbt's upstream models type them: table -> column -> type.
INVOER: dict[str, dict[str, str]] = {
    "fct_indicator_values": {
        **dict.fromkeys(["indicator_id", "gemeentecode", "wijkcode", "periode_type"], "varchar"),
        "periode": "date",
        **dict.fromkeys(["dimensie", "dimensie_waarde"], "varchar"),
        **dict.fromkeys(["waarde", "teller", "noemer", "norm"], "double"),
    },
    "dim_indicator": {
        **dict.fromkeys(["indicator_id", "laag", "eenheid", "richting"], "varchar"),
        "schaal": "double",
        **dict.fromkeys(["kleine_aantallen", "cbs_variabele", "cbs_maat"], "varchar"),
        **dict.fromkeys(["min_noemer", "min_noemer_aanbieder"], "integer"),
        "bronnen": "varchar",
    },
    "fct_cbs_kerncijfers": {
        "regiocode": "varchar",
        "variabele": "varchar",
        "periode_type": "varchar",
        "periode": "date",
        "jaar": "integer",
        "waarde": "double",
        "geheim": "boolean",
    },
    "dim_gemeente": {"gemeentecode": "varchar", "vergelijkingsgroep": "varchar"},
    "dim_taakveld": {"boekjaar": "integer", "taakveld": "varchar"},
    "fct_volledigheid": {"bron": "varchar", "peildatum": "date", "maanden_na": "integer", "volledigheid": "double"},
    "int_bevolking": {
        "gemeentecode": "varchar",
        "jaar": "integer",
        **{f"{kolom}_geschat": "boolean" for kolom in bevolking_leeftijden()},
    },
}


def _maak(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame | None) -> None:
    """``table`` with its typed columns from ``rows`` (missing columns NULL); no rows: empty."""
    columns = INVOER[table]
    rows = pd.DataFrame(columns=list(columns)) if rows is None else rows.reindex(columns=list(columns))
    con.register("_invoer", rows)
    try:
        select = ", ".join(f"{column}::{type_} as {column}" for column, type_ in columns.items())
        con.execute(f"create table {table} as select {select} from _invoer")
    finally:
        con.unregister("_invoer")


def publiceer(
    waarden: pd.DataFrame,
    indicatoren: pd.DataFrame,
    gemeenten: pd.DataFrame | None = None,
    taakvelden: pd.DataFrame | None = None,
    volledigheid: pd.DataFrame | None = None,
    kerncijfers: pd.DataFrame | None = None,
    bevolking: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """fct_indicator_publicatie for the given fct_indicator_values and dimension rows; an indicator's
    noemer_bevolking comes from that column of ``indicatoren`` where it has one."""
    con = duckdb.connect()
    try:
        for table, rows in {
            "fct_indicator_values": waarden,
            "dim_indicator": indicatoren,
            "fct_cbs_kerncijfers": kerncijfers,
            "dim_gemeente": gemeenten,
            "dim_taakveld": taakvelden,
            "fct_volledigheid": volledigheid,
            "int_bevolking": bevolking,
        }.items():
            _maak(con, table, rows)
        noemers = indicatoren.set_index("indicator_id").get("noemer_bevolking", pd.Series(dtype=str)).dropna()
        return con.execute(render(noemers.to_dict())).df()
    finally:
        con.close()
