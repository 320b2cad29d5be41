"""Row rules of the delimited exports as SQL: one expression per value, one condition per rule.

A source module maps its columns (SQL references to the stripped field values) to a ``Regels``: the typed
table columns, and the rules in the order the row is checked. ``csvreader`` turns that into one DuckDB
query over the whole file: the first rule a row breaks is its quarantine reason (rule, Dutch message,
offending value), every other row lands in the typed table. Nothing here runs per row in Python.

Value expressions yield NULL for an empty or invalid field: a rule that comes earlier in the order says
why, so a later expression never has to raise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from pipelines.privacy import BSN_MASK

MIN_JAAR = 2000
MAX_JAAR_AHEAD = 5  # budgets carry a meerjarenraming T+1..T+3; allow some slack
MAX_BEDRAG = "1e16"  # DECIMAL(18,2)
GEEN = "NULL"  # a rule that reports no value


def lit(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Regel:
    """One row rule: ``fout`` is an SQL condition that is true when the row breaks it."""

    fout: str
    rule: str
    message: str
    waarde: str = GEEN  # SQL: the value the quarantine reports


@dataclass(frozen=True)
class Kolom:
    """A typed table column: its SQL value and the rules that guard it, in checking order."""

    sql: str
    regels: tuple[Regel, ...] = ()
    bsn: bool = False  # holds a normalised BSN that the reader replaces by its pseudonym


@dataclass(frozen=True)
class Regels:
    """One source's row: its table columns in schema order, and all rules in checking order (by default
    the columns' own rules, column by column)."""

    kolommen: Sequence[Kolom]
    regels: Sequence[Regel] = field(default=())
    # One row per key: a later row whose key (SQL expressions) an earlier good row already had breaks
    # this rule, checked after all others.
    uniek: tuple[Sequence[str], Regel] | None = None

    def __post_init__(self) -> None:
        if not self.regels:
            object.__setattr__(self, "regels", tuple(r for k in self.kolommen for r in k.regels))


# --- SQL macros every rule query may use (created once in the reader's database) -------------------

MACROS = (
    # dd-mm-jjjj (day and month may lose their zero) or jjjj-mm-dd; NULL unless it is a real date.
    """create or replace macro stw_datum(v) as (
        case when regexp_full_match(v, '[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}') then try_strptime(v, '%d-%m-%Y')::date
             when regexp_full_match(v, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') then try_cast(v as date) end)""",
    "create or replace macro stw_echte_datum(d) as (case when d >= date '0001-01-01' then d end)",
    # Decimal comma, optional thousands dots: '1.234,56', '-12,5'. A dot is never a decimal point.
    """create or replace macro stw_bedrag(v) as (
        case when regexp_full_match(v, '[-+]?(?:[0-9]{1,3}(?:\\.[0-9]{3})+|[0-9]+)(?:,[0-9]{1,2})?')
             then try_cast(replace(replace(v, '.', ''), ',', '.') as decimal(38, 2)) end)""",
    # The digits of '153', '0153' or 'GM0153' ('' if it is no gemeentecode), and the code they make ('GM0153').
    "create or replace macro stw_gemeente_cijfers(v) as regexp_extract(v, '^(?:[gG][mM])?([0-9]{1,4})$', 1)",
    "create or replace macro stw_gemeente(d) as (case when ltrim(d, '0') <> '' then 'GM' || lpad(d, 4, '0') end)",
    "create or replace macro stw_geheel(v) as "
    "(case when regexp_full_match(v, '[-+]?[0-9]+') then try_cast(v as integer) end)",
    # A BSN as a number (8 digits: a leading zero lost in a spreadsheet), NULL if it cannot be one; the
    # elfproef on that number, by integer arithmetic rather than slicing a string per digit.
    """create or replace macro stw_bsn_getal(v) as (
        case when regexp_full_match(v, '[0-9]{8,9}') then v::bigint end)""",
    """create or replace macro stw_elfproef(x) as (x <> 0 and (
        9 * (x // 100000000) + 8 * (x // 10000000 % 10) + 7 * (x // 1000000 % 10) + 6 * (x // 100000 % 10)
        + 5 * (x // 10000 % 10) + 4 * (x // 1000 % 10) + 3 * (x // 100 % 10) + 2 * (x // 10 % 10)
        - x % 10) % 11 = 0)""",
)


# --- value rules ----------------------------------------------------------------------------------


def verplicht(v: str, veld: str) -> Regel:
    return Regel(f"{v} = ''", "verplicht_veld", f"{veld} ontbreekt")


def required(v: str, veld: str) -> Kolom:
    return Kolom(v, (verplicht(v, veld),))


def optional(v: str) -> Kolom:
    return Kolom(f"nullif({v}, '')")


def parse_int(v: str, veld: str) -> Kolom:
    value = f"stw_geheel({v})"
    return Kolom(
        value, (verplicht(v, veld), Regel(f"{value} is null", "getal_ongeldig", f"{veld} is geen geheel getal", v))
    )


def parse_jaar(v: str, veld: str) -> Kolom:
    getal = parse_int(v, veld)
    hoogste = date.today().year + MAX_JAAR_AHEAD
    plausibel = Regel(
        f"{getal.sql} not between {MIN_JAAR} and {hoogste}",
        "jaar_onwaarschijnlijk",
        f"{veld} is geen plausibel jaar",
        v,
    )
    return Kolom(getal.sql, (*getal.regels, plausibel))


def _datum(v: str) -> str:
    return f"stw_echte_datum(stw_datum({v}))"


def parse_date(v: str, veld: str) -> Kolom:
    value = _datum(v)
    ongeldig = Regel(f"{value} is null", "datum_ongeldig", f"{veld} is geen datum (dd-mm-jjjj)", v)
    return Kolom(value, (verplicht(v, veld), ongeldig))


def optional_date(v: str, veld: str) -> Kolom:
    """An empty field is no date; a filled one must be a real one."""
    value = _datum(v)
    ongeldig = Regel(f"{v} <> '' and {value} is null", "datum_ongeldig", f"{veld} is geen datum (dd-mm-jjjj)", v)
    return Kolom(value, (ongeldig,))


def parse_bedrag(v: str, veld: str) -> Kolom:
    """Decimal comma, optional thousands dots: '1.234,56', '-12,5'."""
    getal = f"stw_bedrag({v})"
    ongeldig = Regel(
        f"not regexp_full_match({v}, '[-+]?(?:[0-9]{{1,3}}(?:\\.[0-9]{{3}})+|[0-9]+)(?:,[0-9]{{1,2}})?')",
        "bedrag_ongeldig",
        f"{veld} is geen bedrag (1.234,56)",
        v,
    )
    te_groot = Regel(f"coalesce(abs({getal}) >= {MAX_BEDRAG}, true)", "bedrag_ongeldig", f"{veld} is te groot", v)
    value = f"case when abs({getal}) < {MAX_BEDRAG} then {getal}::decimal(18, 2) end"
    return Kolom(value, (verplicht(v, veld), ongeldig, te_groot))


def optional_bedrag(v: str, veld: str) -> Kolom:
    bedrag = parse_bedrag(v, veld)
    return Kolom(f"case when {v} <> '' then {bedrag.sql} end", tuple(_when_filled(v, bedrag.regels[1:])))


def parse_gemeentecode(v: str, veld: str = "Gemeentecode") -> Kolom:
    """'153', '0153' or 'GM0153' -> 'GM0153' (spreadsheets drop leading zeros)."""
    value = f"stw_gemeente(stw_gemeente_cijfers({v}))"
    ongeldig = Regel(f"{value} is null", "gemeentecode_ongeldig", f"{veld} is geen CBS-gemeentecode", v)
    return Kolom(value, (verplicht(v, veld), ongeldig))


def parse_taakveld(v: str, veld: str = "Taakveld") -> Kolom:
    ongeldig = Regel(
        f"not regexp_full_match(lower({v}), '[0-9]\\.[0-9]+[a-z]?')",
        "taakveld_ongeldig",
        f"{veld} is geen Iv3-taakveld",
        v,
    )
    return Kolom(f"lower({v})", (verplicht(v, veld), ongeldig))


def coded(v: str, codes: Mapping[str, object], veld: str, rule: str, message: str | None = None) -> Kolom:
    """A value from a fixed list, matched case-insensitively; ``codes`` maps each spelling to what is stored."""
    value = _case(f"lower({v})", codes)
    onbekend = Regel(f"{value} is null", rule, message or f"{veld} is geen bekende waarde", v)
    return Kolom(value, (verplicht(v, veld), onbekend))


def optional_coded(v: str, codes: Mapping[str, object], veld: str, rule: str, default: object = None) -> Kolom:
    """``coded`` for a field that may be empty (then ``default``)."""
    known = coded(v, codes, veld, rule)
    return Kolom(
        f"case when {v} = '' then {_sql(default)} else {known.sql} end", tuple(_when_filled(v, known.regels[1:]))
    )


def bsn(v: str, veld: str = "BSN") -> Kolom:
    """A BSN that passes the elfproef, as its 9-digit form; the reader swaps it for the pseudonym."""
    getal = f"stw_bsn_getal({v})"
    elfproef = Regel(
        f"not coalesce(stw_elfproef({getal}), false)",
        "bsn_elfproef",
        f"{veld} voldoet niet aan de elfproef",
        lit(BSN_MASK),
    )
    return Kolom(f"lpad({getal}::varchar, 9, '0')", (verplicht(v, veld), elfproef), bsn=True)


def optional_bsn(v: str, veld: str, when: str = "true") -> Kolom:
    """A BSN that may be absent, read only when ``when`` (SQL) holds: else it is never checked nor kept."""
    gelezen = f"({when}) and {v} <> ''"
    known = bsn(v, veld)
    return Kolom(f"case when {gelezen} then {known.sql} end", tuple(_when(gelezen, known.regels[1:])), bsn=True)


def two_digit_code(v: str) -> Kolom:
    """Productcategorie / eenheid codes: '5' -> '05' (spreadsheets drop leading zeros)."""
    return Kolom(f"case when regexp_full_match({v}, '[0-9]{{1,2}}') then lpad({v}, 2, '0') else nullif({v}, '') end")


def only_when(condition: str, kolom: Kolom) -> Kolom:
    """``kolom`` where ``condition`` (SQL) holds, else NULL and none of its rules apply."""
    return Kolom(f"case when {condition} then {kolom.sql} end", tuple(_when(condition, kolom.regels)), kolom.bsn)


def not_before(later: Kolom, earlier: Kolom, veld: str, eerder: str, v: str) -> Regel:
    """``later`` may not lie before ``earlier`` (either may be NULL: then there is nothing to compare)."""
    return Regel(f"{later.sql} < {earlier.sql}", "volgorde_datums", f"{veld} ligt voor {eerder}", v)


# --- helpers ----------------------------------------------------------------------------------------


def _sql(value: object) -> str:
    if value is None:
        return GEEN
    if isinstance(value, bool):
        return "true" if value else "false"
    return lit(str(value))


def _case(subject: str, codes: Mapping[str, object]) -> str:
    whens = " ".join(f"when {lit(k)} then {_sql(v)}" for k, v in codes.items())
    return f"(case {subject} {whens} end)"


def _when(condition: str, regels: Sequence[Regel]) -> list[Regel]:
    return [Regel(f"({condition}) and ({r.fout})", r.rule, r.message, r.waarde) for r in regels]


def _when_filled(v: str, regels: Sequence[Regel]) -> list[Regel]:
    return _when(f"{v} <> ''", regels)
