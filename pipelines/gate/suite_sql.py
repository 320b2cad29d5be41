"""A Great Expectations suite evaluated as set-based SQL in DuckDB: every expectation over every row of a run.

The suites in expectations/ stay the one statement of what a delivery must satisfy. Validating them in GX
means fetching pandas batches (GX 1.x has no DuckDB source): about 7.5 µs a row, 11 minutes and more memory
than the machine has for a national first load. Every expectation the suites use is a plain predicate or a
group-by, so here they run where the rows are: one aggregate pass per table for the row-wise ones, one
group-by per uniqueness rule, the catalogue for the column set. GX itself still validates a bounded sample
(steekproef.py) for its Data Docs and as a second opinion.

The SQL follows GX 1.x's pandas engine, so a rule means the same in both:
- map expectations ignore missing values, except not_be_null; a pair is skipped per its `ignore_row_if`;
- match_regex is a search (pandas `str.contains`), as DuckDB's regexp_matches is; RE2 is, if anything,
  stricter than Python's re (`\\d` is ASCII only, `$` is the end of the text, not before a final newline);
- a date pandas cannot hold in nanoseconds counts as missing (steekproef.nanoseconde_datums), so a date in
  the year 9999 fails not_be_null in both; be_between flags it too, where GX saw a missing value;
- uniqueness counts every row whose value occurs more than once, over the whole run (GX saw one batch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import duckdb

from pipelines.gate.kwaliteit import CIJFERREEKS

# The nanosecond range of pandas datetime64[ns] (bounds excluded), as steekproef.nanoseconde_datums cuts it.
NS_VAN, NS_TOT = "1678-01-01", "2261-12-31"
# Expectations on a code: a value from a code list or in a code's format. Codes have few distinct values, so
# they are judged per distinct value (a group-by, several times faster than a predicate on every row), and
# a finding names example codes: a wrong code is what the steward must fix. Every other finding gives counts
# only: dates, amounts, identifiers and pseudonyms may be personal data.
OP_CODES = {"expect_column_values_to_be_in_set", "expect_column_values_to_match_regex"}
VOORBEELDEN = 3
_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")
_VANDAAG = {"$PARAMETER": "vandaag"}


@dataclass(frozen=True)
class Verwachting:
    """One expectation of a suite, as SQL on the rows of one raw table."""

    naam: str  # gx:<type>[:<column>], the check name the gate reports
    type: str
    kolom: str | None
    soort: Literal["rij", "uniek", "kolommen"]
    fout: str = ""  # soort 'rij': true for a row that breaks the expectation
    kolommen: tuple[str, ...] = ()  # soort 'uniek': the key; soort 'kolommen': the expected set
    zonder_leeg: bool = False  # soort 'uniek': rows with a missing key value are not judged

    @property
    def op_code(self) -> bool:
        return self.type in OP_CODES and not (self.kolom or "").endswith("client_id")


@dataclass
class Uitkomst:
    naam: str
    geslaagd: bool
    afwijkend: float
    melding: str


def verwachtingen(suite: dict, kolomtypes: dict[str, str]) -> list[Verwachting]:
    """The suite's expectations as SQL; `kolomtypes` is the table's column name -> DuckDB type."""
    return [_verwachting(e["type"], e["kwargs"], kolomtypes) for e in suite["expectations"]]


def kolomtypes(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return {naam: type_ for naam, type_, *_ in con.execute(f"describe raw.{table}").fetchall()}


# The arguments each translated expectation may carry. Any other (`mostly`, `exact_match`, ...) would change
# the rule's meaning unseen, so a suite that uses one fails loudly until its translation is written.
ARGUMENTEN = {
    "expect_table_columns_to_match_set": {"column_set"},
    "expect_column_values_to_be_unique": {"column"},
    "expect_compound_columns_to_be_unique": {"column_list", "ignore_row_if"},
    "expect_column_values_to_not_be_null": {"column"},
    "expect_column_values_to_be_in_set": {"column", "value_set"},
    "expect_column_values_to_match_regex": {"column", "regex"},
    "expect_column_values_to_be_between": {"column", "min_value", "max_value", "strict_min", "strict_max"},
    "expect_column_pair_values_a_to_be_greater_than_b": {"column_A", "column_B", "or_equal", "ignore_row_if"},
}


def naam_van(type_: str, kw: dict) -> str:
    """The finding's name, as meta.poortcontroles and the Datakwaliteit page show it: type and column(s)."""
    kolom = kw.get("column") or kw.get("column_A") or "+".join(kw.get("column_list", ()))
    return f"gx:{type_}" + (f":{kolom}" if kolom else "")


def _verwachting(type_: str, kw: dict, types: dict[str, str]) -> Verwachting:
    kolom = kw.get("column") or kw.get("column_A")
    naam = naam_van(type_, kw)
    onbekend = set(kw) - ARGUMENTEN.get(type_, set())
    if type_ not in ARGUMENTEN or onbekend:
        raise ValueError(f"{naam} {sorted(onbekend)}: geen SQL-vertaling in pipelines/gate/suite_sql.py")
    c = _id(kolom) if kolom else ""
    if type_ == "expect_table_columns_to_match_set":
        return Verwachting(naam, type_, None, "kolommen", kolommen=tuple(kw["column_set"]))
    if type_ == "expect_column_values_to_be_unique":
        return Verwachting(naam, type_, kolom, "uniek", kolommen=(kolom,), zonder_leeg=True)
    if type_ == "expect_compound_columns_to_be_unique":
        if kw.get("ignore_row_if", "all_values_are_missing") != "never":
            raise ValueError(f"{naam}: alleen ignore_row_if 'never' is vertaald naar SQL")
        return Verwachting(naam, type_, None, "uniek", kolommen=tuple(kw["column_list"]))
    if type_ == "expect_column_values_to_not_be_null":
        buiten = f" or {c} <= date '{NS_VAN}' or {c} >= date '{NS_TOT}'" if types.get(kolom) == "DATE" else ""
        return Verwachting(naam, type_, kolom, "rij", f"{c} is null{buiten}")
    if type_ == "expect_column_values_to_be_in_set":
        waarden = ", ".join(_literal(v) for v in kw["value_set"])
        return Verwachting(naam, type_, kolom, "rij", f"{c} is not null and {c} not in ({waarden})")
    if type_ == "expect_column_values_to_match_regex":
        patroon = _literal(kw["regex"])
        return Verwachting(naam, type_, kolom, "rij", f"{c} is not null and not regexp_matches({c}, {patroon})")
    if type_ == "expect_column_values_to_be_between":
        return Verwachting(naam, type_, kolom, "rij", _tussen(c, kw))
    return Verwachting(naam, type_, kolom, "rij", _paar(kw))


def _tussen(c: str, kw: dict) -> str:
    onder = "<=" if kw.get("strict_min") else "<"
    boven = ">=" if kw.get("strict_max") else ">"
    grenzen = [f"{c} {onder} {_grens(kw['min_value'])}"] if kw.get("min_value") is not None else []
    grenzen += [f"{c} {boven} {_grens(kw['max_value'])}"] if kw.get("max_value") is not None else []
    return f"{c} is not null and ({' or '.join(grenzen)})"


def _paar(kw: dict) -> str:
    a, b = _id(kw["column_A"]), _id(kw["column_B"])
    slaat_over = {
        "both_values_are_missing": f"{a} is null and {b} is null",
        "either_value_is_missing": f"{a} is null or {b} is null",
        "neither": "false",
    }[kw.get("ignore_row_if", "both_values_are_missing")]
    groter = ">=" if kw.get("or_equal") else ">"
    # pandas compares a missing value as false: a row with one value missing and not skipped is at fault
    return f"not ({slaat_over}) and not coalesce({a} {groter} {b}, false)"


def _grens(waarde) -> str:
    if waarde == _VANDAAG:
        return "current_date"
    if isinstance(waarde, str) and _DATUM.fullmatch(waarde):
        return f"date '{waarde}'"
    if isinstance(waarde, bool) or not isinstance(waarde, int | float):
        raise ValueError(f"grens {waarde!r} heeft geen SQL-vertaling")
    return repr(waarde)


def _literal(waarde) -> str:
    if isinstance(waarde, str):
        return "'" + waarde.replace("'", "''") + "'"
    return repr(waarde)


def _id(kolom: str) -> str:
    return '"' + kolom.replace('"', '""') + '"'


# -- evaluation --------------------------------------------------------------------------------------------


def evalueer(
    con: duckdb.DuckDBPyConnection, table: str, rijen: str, params: dict, lijst: list[Verwachting]
) -> list[Uitkomst]:
    """Every expectation over the rows `rijen` selects (a `where` condition on raw.<table>)."""
    rij = [v for v in lijst if v.soort == "rij" and not v.op_code]
    tellingen = dict(zip((v.naam for v in rij), _tel_rijen(con, table, rijen, params, rij), strict=True))
    for kolom in dict.fromkeys(v.kolom for v in lijst if v.op_code):
        codes = [v for v in lijst if v.op_code and v.kolom == kolom]
        tellingen.update(zip((v.naam for v in codes), _tel_codes(con, table, rijen, params, kolom, codes), strict=True))
    uit = []
    for v in lijst:
        if v.soort == "kolommen":
            uit.append(_kolommen(con, table, v))
            continue
        afwijkend = tellingen[v.naam] if v.soort == "rij" else _tel_dubbel(con, table, rijen, params, v)
        melding = "geslaagd" if not afwijkend else _melding(con, table, rijen, params, v, afwijkend)
        uit.append(Uitkomst(v.naam, afwijkend == 0, float(afwijkend), melding))
    return uit


def _tel_rijen(con, table: str, rijen: str, params: dict, lijst: list[Verwachting]) -> list[int]:
    """All row-wise expectations of a table in one pass: a count per expectation."""
    if not lijst:
        return []
    tellers = ", ".join(f"count_if({v.fout})" for v in lijst)
    return list(con.execute(f"select {tellers} from raw.{table} where {rijen}", params).fetchone())


def _tel_codes(con, table: str, rijen: str, params: dict, kolom: str, lijst: list[Verwachting]) -> list[int]:
    """The code expectations of one column, judged once per distinct value and weighed by its rows."""
    tellers = ", ".join(f"coalesce(sum(n) filter (where {v.fout}), 0)" for v in lijst)
    c = _id(kolom)
    return list(
        con.execute(
            f"select {tellers} from (select {c}, count(*) as n from raw.{table} where {rijen} group by {c})", params
        ).fetchone()
    )


def _tel_dubbel(con, table: str, rijen: str, params: dict, v: Verwachting) -> int:
    """Rows whose key occurs more than once (GX counts every copy, not the surplus)."""
    sleutel = ", ".join(map(_id, v.kolommen))
    leeg = "".join(f" and {_id(k)} is not null" for k in v.kolommen) if v.zonder_leeg else ""
    return con.execute(
        f"select coalesce(sum(n), 0) from (select count(*) as n from raw.{table} where ({rijen}){leeg} "
        f"group by {sleutel} having count(*) > 1)",
        params,
    ).fetchone()[0]


def _kolommen(con, table: str, v: Verwachting) -> Uitkomst:
    echt = [d[0] for d in con.execute(f"select * from raw.{table} limit 0").description]
    ontbreekt, over = sorted(set(v.kolommen) - set(echt)), sorted(set(echt) - set(v.kolommen))
    if not (ontbreekt or over):
        return Uitkomst(v.naam, True, 0.0, "geslaagd")
    melding = f"{v.type}: kolommen ontbreken {ontbreekt or '-'}, onverwacht {over or '-'}"
    return Uitkomst(v.naam, False, float(len(ontbreekt) + len(over)), melding)


def _melding(con, table: str, rijen: str, params: dict, v: Verwachting, afwijkend: int) -> str:
    waar = f" op {v.kolom}" if v.kolom else (f" op {', '.join(v.kolommen)}" if v.kolommen else "")
    tekst = f"{v.type}{waar}: {afwijkend} afwijkende waarde(n)"
    if not v.op_code:
        return tekst
    # digit runs that could be a BSN are masked, as in quarantine messages
    voorbeelden = con.execute(
        f"select distinct regexp_replace({_id(v.kolom)}::varchar, '{CIJFERREEKS}', '***', 'g') as w "
        f"from (select {_id(v.kolom)} from raw.{table} where ({rijen}) and ({v.fout}) limit 1000) order by w "
        f"limit {VOORBEELDEN}",
        params,
    ).fetchall()
    return f"{tekst}, bijvoorbeeld {', '.join(w for (w,) in voorbeelden)}"


def fout_rijen(table: str, rijen: str, v: Verwachting) -> str:
    """A query for the rowids of rows that break the expectation, duplicates side by side (for the sample)."""
    if v.soort == "rij":
        return f"select rowid as _rij from raw.{table} where ({rijen}) and ({v.fout})"
    sleutel = ", ".join(map(_id, v.kolommen))
    leeg = "".join(f" and {_id(k)} is not null" for k in v.kolommen) if v.zonder_leeg else ""
    return (
        f"select _rij from (select rowid as _rij, {sleutel}, count(*) over (partition by {sleutel}) as n "
        f"from raw.{table} where ({rijen}){leeg}) where n > 1 order by {sleutel}"
    )
