"""The only module that opens the published snapshots, and the place where access is enforced.

Every read names a ``Toegang`` (role and gemeente of the logged-in user). Each published file and version is
attached read-only, once, to an in-memory DuckDB database; in it each user's rights are a schema of views that
hold only the rows that user may see: their own gemeente (or every member for a region user) and REGIO (for a
gemeente's user only when it sums at least two other gemeenten: toegang.ANDEREN_IN_REGIO), wijk
rows and aanbieder breakdowns from beleid up, money detail from controller up. Page SQL runs in that schema
and reads those views, never the snapshot's tables, so a query that forgets a filter still returns nothing it
should not. The database's configuration is locked with external access off, so page SQL cannot open another
file either.

Results are cached with ``st.cache_data`` keyed on the snapshot (path, mtime_ns, size and the version its
tables carry) and the user's rights. A file is opened when its version is first read, and each table's version
is checked then: reads under that key go to the file as it was, even after a publish replaced it with
``os.replace`` (a new inode; the pipeline never waits for the dashboard). The next rerun sees the new file and
its version, and the old one is let go. A key whose version is no longer the file's when first opened raises
``SnapshotVervangen`` (the app then draws the page again), so a page never shows figures of two versions side
by side or caches new figures under an old version.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd
import streamlit as st

from dashboards.toegang import AANBIEDER_DIMENSIES, REGIO, GeenToegang, Pagina, Toegang
from pipelines.config import Settings

GEEN_SNAPSHOT = "Nog geen gepubliceerde gegevens — draai eerst `stuurwiel load` of `make demo`."
_BRON = "bron_snapshot"  # alias of the attached file; page SQL may not name it


class Snapshot(NamedTuple):
    """A published file at one version; the cache key of every query."""

    path: str
    mtime_ns: int
    size: int
    versie: str  # the version every table carries as its comment ('' in a snapshot from before versions)


class SnapshotVervangen(RuntimeError):
    """A newer snapshot was published between the reads of one page: read them all again."""


def _snapshot(path: Path, info: str) -> Snapshot | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return Snapshot(str(path), stat.st_mtime_ns, stat.st_size, _versie(str(path), stat.st_ino, stat.st_mtime_ns, info))


@functools.lru_cache(maxsize=16)
def _versie(path: str, _inode: int, _mtime_ns: int, info: str) -> str:
    """The version the info table carries, read once per file (a publish makes a new inode). Should the file be
    replaced between the stat and this read, the key pairs the old stat with the new version, which is
    harmless: every read checks the version, not the stat."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{path}' as {_BRON} (read_only)")
        rij = con.execute(
            "select coalesce(comment, '') from duckdb_tables() where database_name = ? and table_name = ?",
            [_BRON, info],
        ).fetchone()
        return rij[0] if rij else ""
    finally:
        con.close()


def serving_path() -> Path:
    """The published snapshot, where pipelines/config.py says it is (STUURWIEL_SERVING or STUURWIEL_HOME)."""
    return Settings.from_env().serving_path


def current_snapshot() -> Snapshot | None:
    """The serving snapshot as it is on disk now, or None when nothing has been published."""
    return _snapshot(serving_path(), "snapshot_info")


def current_kwaliteit() -> Snapshot | None:
    """The quality snapshot beside the serving snapshot (pipelines/gate/kwaliteit.py), or None."""
    return _snapshot(Settings.from_env().kwaliteit_path, "kwaliteit_info")


# --- The gate ------------------------------------------------------------------------------------------

# view name -> (snapshot table, row filter). {scope} is the user's gemeenten, {wijk}/{aanbieder}/... are
# true or false for the user's role. A table missing from an older snapshot gets no view.
_SERVING_VIEWS = {
    "publicatie": (
        "fct_indicator_publicatie",
        "gemeentecode in (select gemeentecode from {scope}) and ({wijk} or wijkcode is null)"
        " and ({aanbieder} or dimensie not in ({aanbieder_dimensies}))",
    ),
    "indicator": ("dim_indicator", "true"),
    "gemeente": ("dim_gemeente", "gemeentecode in (select gemeentecode from {scope})"),
    "geometrie": ("dim_gemeente_geometrie", "gemeentecode in (select gemeentecode from {scope})"),
    "taakveld": ("dim_taakveld", "true"),
    "aanbieder": ("dim_aanbieder", "{aanbieder}"),
    "volledigheid": ("fct_volledigheid", "true"),
    "cbs_kerncijfers": ("fct_cbs_kerncijfers", "true"),  # CBS's own published (and protected) open data
    "cbs_vergelijking": (
        "fct_cbs_vergelijking",
        "gemeentecode in (select gemeentecode from {scope}) and ({wijk} or wijkcode is null)",
    ),
    "geld_detail": ("fct_geld_detail", "{geld_detail} and gemeentecode in (select gemeentecode from {scope})"),
    "info": ("snapshot_info", "true"),
}
# The quality snapshot: beheer reads deliveries, checks and quarantine positions (never file content); every
# other role only when each source last delivered and whether the gate let it through, for the banner and
# the Definities page. A gemeente's user sees the deliveries about that gemeente.
_LEVERINGEN_VOOR_IEDEREEN = "bron, geladen_op, poort, status, gemeenten"
_KWALITEIT_VIEWS = {
    "leveringen": ("leveringen", "{regio_gebruiker} or list_contains(string_split(gemeenten, ','), {gemeente})"),
    "controles": ("controles", "{beheer}"),
    "quarantaine": ("quarantaine", "{beheer}"),
}
# Columns each view exposes; the rest of the table stays in the file.
_KOLOMMEN = {
    "leveringen": ("*", _LEVERINGEN_VOOR_IEDEREEN),
    "quarantaine": (
        "load_id, bron, bestand, regelnummer, controle, melding",
        "load_id, bron, bestand, regelnummer, controle, melding",
    ),
}

# A gemeente user may see the average of comparable gemeenten, but not when it averages a single other
# gemeente: that would be that gemeente's own figure.
_ZONDER_ENKELE_VERGELIJKER = (
    "case when leden_vergelijkingsgroep >= 2 then waarde_vergelijkingsgroep end as waarde_vergelijkingsgroep"
)
# Nor the region's value beside the own figure when the region's rows are hidden from the user (Toegang.ziet_regio).
_ZONDER_REGIO = "case when false then waarde_regio end as waarde_regio"


def _scope(con: duckdb.DuckDBPyConnection, schema: str, toegang: Toegang) -> str:
    """A table in `schema` of the gemeenten `toegang` may see; returns its qualified name."""
    leden = [
        r[0]
        for r in con.execute(
            f"select gemeentecode from {_BRON}.dim_gemeente where gemeentecode <> ?", [REGIO]
        ).fetchall()
    ]
    tabel = f"memory.{schema}._scope"
    con.execute(f"create table {tabel} (gemeentecode varchar)")
    con.executemany(f"insert into {tabel} values (?)", [[g] for g in toegang.gemeenten(leden)])
    return tabel


def _tabellen(con: duckdb.DuckDBPyConnection, snapshot: Snapshot) -> set[str]:
    """The tables of the attached file, after checking that each carries the version the key names."""
    versies = dict(
        con.execute(
            "select table_name, coalesce(comment, '') from duckdb_tables() where database_name = ?", [_BRON]
        ).fetchall()
    )
    anders = sorted(t for t, v in versies.items() if v != snapshot.versie)
    if anders:
        raise SnapshotVervangen(
            f"{snapshot.path} is tijdens het lezen vervangen door een nieuwere publicatie: gevraagd versie "
            f"{snapshot.versie!r}, {', '.join(anders)} van een andere; lees opnieuw"
        )
    return set(versies)


def _views(con: duckdb.DuckDBPyConnection, schema: str, views: dict, toegang: Toegang, tabellen: set[str]) -> None:
    """Create `schema` with the filtered views `toegang` may read (a table missing from an older snapshot gets
    none)."""
    con.execute(f"create schema memory.{schema}")
    waarden = {
        "scope": _scope(con, schema, toegang) if "dim_gemeente" in tabellen else "",  # quality: no scope
        "wijk": str(toegang.wijken).lower(),
        "aanbieder": str(toegang.aanbieders).lower(),
        "geld_detail": str(toegang.geld_detail).lower(),
        "regio_gebruiker": str(toegang.regio_gebruiker).lower(),
        "beheer": str(toegang.mag(Pagina.DATAKWALITEIT)).lower(),
        "gemeente": "'" + toegang.gemeentecode + "'",  # validated: GM + four digits or REGIO
        "aanbieder_dimensies": ", ".join(f"'{d}'" for d in AANBIEDER_DIMENSIES),
    }
    for view, (tabel, filter_) in views.items():
        if tabel in tabellen:
            beheer, anderen = _KOLOMMEN.get(view, ("*", "*"))
            kolommen = beheer if toegang.mag(Pagina.DATAKWALITEIT) else anderen
            if view == "publicatie" and not toegang.regio_gebruiker:
                kolommen = _gemeente_kolommen(con, waarden["scope"])
            con.execute(
                f"create view memory.{schema}.{view} as select {kolommen} from {_BRON}.main.{tabel} "
                f"where {filter_.format(**waarden)}"
            )


def _gemeente_kolommen(con: duckdb.DuckDBPyConnection, scope: str) -> str:
    """The columns of publicatie for a gemeente's user: no comparison with a single other gemeente, and no
    region value beside the own figures when the user's scope has no REGIO."""
    regio = con.execute(f"select count(*) from {scope} where gemeentecode = ?", [REGIO]).fetchone()[0]
    return f"* replace ({_ZONDER_ENKELE_VERGELIJKER}{'' if regio else ', ' + _ZONDER_REGIO})"


@st.cache_data(show_spinner=False, max_entries=1024)
def _lees(snapshot: Snapshot, kwaliteit: bool, toegang: Toegang, sql: str, params: tuple) -> pd.DataFrame:
    cursor = _cursor(snapshot, kwaliteit, toegang)
    try:
        return cursor.execute(sql, dict(params)).df()
    finally:
        cursor.close()


# One in-memory database per published file and version, and in it one schema of views per user's rights.
_VERBINDINGEN: dict[tuple[Snapshot, bool], tuple[duckdb.DuckDBPyConnection, set[str], dict[Toegang, str]]] = {}
_HOOGSTENS = 8  # open snapshot versions at most (tests make many files; a server has two)
_SLOT = threading.Lock()
_SCHEMA = "_rechten_"  # prefix of the per-user schemas; page SQL may not name them


def _cursor(snapshot: Snapshot, kwaliteit: bool, toegang: Toegang) -> duckdb.DuckDBPyConnection:
    """A cursor on the connection of this snapshot version, in the schema of the views `toegang` may read.

    Connecting, attaching and reading the catalog cost more than most page queries, so they happen once per
    version: the file is attached when its version is first read and checked then (``_tabellen``). The
    attached file stays open as that version, so every read through it is of the version its key names, even
    after a publish has replaced the file on disk. An older version of the same file is let go; DuckDB closes
    it when its last cursor is done.
    """
    sleutel = (snapshot, kwaliteit)
    with _SLOT:
        if sleutel not in _VERBINDINGEN:
            for oud in [k for k in _VERBINDINGEN if k[0].path == snapshot.path]:
                del _VERBINDINGEN[oud]
            while len(_VERBINDINGEN) >= _HOOGSTENS:
                del _VERBINDINGEN[next(iter(_VERBINDINGEN))]
            _VERBINDINGEN[sleutel] = (*_open(snapshot), {})
        con, tabellen, schemas = _VERBINDINGEN[sleutel]
        if toegang not in schemas:
            schema = f"{_SCHEMA}{len(schemas)}"
            _views(con, schema, _KWALITEIT_VIEWS if kwaliteit else _SERVING_VIEWS, toegang, tabellen)
            schemas[toegang] = schema
        cursor = con.cursor()
    cursor.execute(f"use memory.{schemas[toegang]}")
    return cursor


def _open(snapshot: Snapshot) -> tuple[duckdb.DuckDBPyConnection, set[str]]:
    """The snapshot attached read-only to a new in-memory database, its version checked, its configuration
    locked with external access off, so page SQL cannot open another file."""
    con = duckdb.connect(config={"python_enable_replacements": False})
    try:
        con.execute(f"attach '{snapshot.path}' as {_BRON} (read_only)")
        tabellen = _tabellen(con, snapshot)
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con, tabellen


def lees(toegang: Toegang, snapshot: Snapshot, sql: str, **params) -> pd.DataFrame:
    """Run page SQL against the views of the serving snapshot that `toegang` may see."""
    _controleer(toegang, sql)
    return _lees(snapshot, False, toegang, sql, tuple(sorted(params.items())))


def lees_kwaliteit(toegang: Toegang, kwaliteit: Snapshot, sql: str, **params) -> pd.DataFrame:
    """Run SQL against the views of the quality snapshot that `toegang` may see."""
    _controleer(toegang, sql)
    return _lees(kwaliteit, True, toegang, sql, tuple(sorted(params.items())))


_GEMEENTECODE = re.compile(r"^(GM\d{4}|REGIO)$")


def _controleer(toegang: Toegang, sql: str) -> None:
    if not isinstance(toegang, Toegang) or not _GEMEENTECODE.match(toegang.gemeentecode):
        raise GeenToegang("geen geldige gebruiker")
    if _BRON in sql or _SCHEMA in sql:
        raise GeenToegang("paginavragen lezen de gefilterde views van de gebruiker, niet het bestand zelf")


# --- Shared questions --------------------------------------------------------------------------------


def snapshot_info(toegang: Toegang, snapshot: Snapshot) -> dict:
    """versie and gepubliceerd_op of the snapshot."""
    return lees(toegang, snapshot, "select versie, gepubliceerd_op from info limit 1").iloc[0].to_dict()


def gemeenten(toegang: Toegang, snapshot: Snapshot) -> pd.DataFrame:
    """gemeentecode, gemeentenaam, regio of the member gemeenten this user may see, by name."""
    return lees(
        toegang,
        snapshot,
        "select gemeentecode, gemeentenaam, regio from gemeente where gemeentecode <> $regio order by gemeentenaam",
        regio=REGIO,
    )


def ziet_regio(toegang: Toegang, snapshot: Snapshot) -> bool:
    """Whether the region's figures are among the user's (a gemeente's user of a region with fewer than two
    other gemeenten sees none: toegang.ANDEREN_IN_REGIO)."""
    return not lees(toegang, snapshot, "select 1 from gemeente where gemeentecode = $regio", regio=REGIO).empty


def eis_gemeente(toegang: Toegang, snapshot: Snapshot, gemeentecode: str) -> None:
    """Refuse a gemeente outside the user's scope (a tampered URL, say) before any figure is read."""
    # REGIO passes: pages ask for it beside the gemeente, and the views return nothing of it to a user whose scope
    # lacks it (a region of two), so such a page shows the gemeente alone.
    zichtbaar = set(gemeenten(toegang, snapshot)["gemeentecode"]) | {REGIO}
    if gemeentecode not in zichtbaar:
        raise GeenToegang(f"{toegang.gebruiker} mag de cijfers van {gemeentecode} niet zien")


def lees_periode(
    toegang: Toegang, snapshot: Snapshot, sql: str, gemeentecode: str, periode: date, periode_type: str, **params
) -> pd.DataFrame:
    """`lees` of one gemeente's figures in one period: refuses a gemeente outside the user's scope first,
    then binds $gemeente, $periode and $periode_type beside `params`."""
    eis_gemeente(toegang, snapshot, gemeentecode)
    return lees(toegang, snapshot, sql, gemeente=gemeentecode, periode=periode, periode_type=periode_type, **params)


def periodevraag(sql: str, pagina: str | None = None, **vast) -> Callable[..., pd.DataFrame]:
    """A question about one gemeente in one period, written as its SQL.

    Returns the function (toegang, snapshot, gemeentecode, periode, periode_type="maand") -> rows: it requires
    `pagina` when one is named, then runs `lees_periode` with the fixed parameters `vast`.
    """

    def vraag(
        toegang: Toegang, snapshot: Snapshot, gemeentecode: str, periode: date, periode_type: str = "maand"
    ) -> pd.DataFrame:
        if pagina is not None:
            toegang.eis(pagina)
        return lees_periode(toegang, snapshot, sql, gemeentecode, periode, periode_type, **vast)

    return vraag


def perioden(toegang: Toegang, snapshot: Snapshot, periode_type: str) -> pd.DataFrame:
    """Periods of `periode_type` with published totals, newest first, with how final they are.

    aandeel_definitief is the share of the region's indicator totals of the period whose vintage is
    definitief (the own gemeente's, for a user who does not see the region's): a period can only be judged
    when nearly all of them are.
    """
    return lees(
        toegang,
        snapshot,
        """
        select periode::date as periode, avg((vintage = 'definitief')::int) as aandeel_definitief
        from publicatie
        where dimensie = 'totaal' and periode_type = $periode_type and wijkcode is null and gemeentecode = $gebied
        group by periode order by periode desc
        """,
        periode_type=periode_type,
        gebied=REGIO if ziet_regio(toegang, snapshot) else toegang.gemeentecode,
    )


# One row per indicator: its definition and the period's protected value with comparisons, trend, vintage.
stand = periodevraag(
    """
    with nu as (
        select * from publicatie
        where gemeentecode = $gemeente and dimensie = 'totaal'
          and periode_type = $periode_type and wijkcode is null and periode = $periode
    )
    select i.indicator_id, i.naam, i.laag, i.definitie, i.eenheid, i.richting, i.norm_bron, i.volgorde,
           $gemeente as gemeentecode, nu.waarde, coalesce(nu.norm, i.norm) as norm, nu.status,
           coalesce(nu.onderdrukt, false) as onderdrukt, nu.reden_onderdrukt,
           nu.waarde_jaar_eerder as waarde_vorig_jaar, nu.waarde_vorige_periode,
           nu.waarde_regio, nu.vergelijkingsgroep, nu.waarde_vergelijkingsgroep, nu.waarde_cbs, nu.jaar_cbs,
           nu.vintage, nu.volledigheid, coalesce(nu.noemer_geschat, false) as noemer_geschat
    from indicator i
    left join nu on nu.indicator_id = i.indicator_id
    order by i.laag, i.volgorde, i.indicator_id
    """,
)


def trends(
    toegang: Toegang,
    snapshot: Snapshot,
    gemeentecode: str,
    periode: date,
    maanden: int = 24,
    periode_type: str = "maand",
) -> pd.DataFrame:
    """indicator_id, periode, waarde, norm for the periods in the `maanden` months up to `periode`."""
    return lees_periode(
        toegang,
        snapshot,
        """
        select indicator_id, periode, waarde, norm, vintage
        from publicatie
        where gemeentecode = $gemeente and dimensie = 'totaal' and periode_type = $periode_type
          and wijkcode is null and periode > $periode - to_months($maanden) and periode <= $periode
        order by indicator_id, periode
        """,
        gemeentecode,
        periode,
        periode_type,
        maanden=maanden,
    )


# Input-layer rows per taakveld for the period: teller = lasten, noemer = begroting (year to date).
taakvelden = periodevraag(
    """
    select f.indicator_id, i.naam, f.dimensie_waarde as taakveld_code,
           f.dimensie_waarde || coalesce(' ' || t.omschrijving, '') as taakveld,
           f.waarde, f.teller as lasten, f.noemer as begroting, f.reeksbreuk_reden
    from publicatie f
    join indicator i using (indicator_id)
    left join taakveld t on t.taakveld = f.dimensie_waarde and t.boekjaar = year(f.periode)
    where i.laag = 'input' and f.dimensie = 'taakveld' and not f.onderdrukt
      and f.gemeentecode = $gemeente and f.periode = $periode
      and f.periode_type = $periode_type and f.wijkcode is null
    order by i.volgorde, f.dimensie_waarde
    """,
)


def heeft(toegang: Toegang, snapshot: Snapshot, view: str) -> bool:
    """Whether the snapshot offers this view to the user (an older snapshot may lack a newer table)."""
    if view not in _SERVING_VIEWS:
        raise ValueError(f"unknown view {view}")
    return bool(
        lees(
            toegang,
            snapshot,
            "select count(*) as n from duckdb_views() where schema_name = current_schema() and view_name = $view",
            view=view,
        )["n"].iloc[0]
    )


def indicatoren(toegang: Toegang, snapshot: Snapshot) -> pd.DataFrame:
    """The indicator catalogue (dim_indicator), by layer and order."""
    return lees(toegang, snapshot, "select * from indicator order by laag, volgorde, indicator_id")
