"""Bring a warehouse file to the current schema version: what an earlier release stored, under today's privacy rules.

Version 1 (issue 15, "Personal data"). An earlier release left in the warehouse what a load no longer writes:
quarantined lines and message elements unmasked (BSNs in other columns or written 123.456.782, names, addresses,
birth dates), the ledger's free-text omschrijving (in raw.grootboek and in the dbt table that copied every ledger
column), and full birth dates (geboortedatum in the raw message tables and in the dbt tables built on them).
A DROP or UPDATE would not be enough: DuckDB leaves the old values in the file's free blocks until they happen
to be overwritten. So the migration writes a new file that never held them, and swaps it in:

- the old file is checkpointed (its write-ahead log merged in, so none is left beside the new file), then
  attached read-only: it is never changed, and a migration killed at any point leaves it as it was;
- the new file gets the old one's schemas, tables, constraints and views, then each table's rows, transformed on
  the way in: columns no longer kept are left out, a geboortedatum becomes the first day of its month
  (geboortemaand, as the message reader now stores it), quarantined rows are masked as a load now masks them;
- the new file is flushed to disk and renamed over the old one (`vervang_atomair`, as a snapshot is published),
  under the load slot, so no load runs meanwhile. The version goes into meta.schemaversie.

Every run calls `bijwerken()` first, under the load slot (pipelines/resources.py for every Dagster run,
pipelines/run.py before a load is planned and before `stuurwiel accept`): a current warehouse costs one query.
`stuurwiel migreer` runs it on purpose.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
from duckdb.sqltypes import VARCHAR
from lxml import etree

from pipelines.privacy import WEGGELATEN, mask_elfproef

# The message reader's own serialisation of a quarantined element, so old rows are masked exactly as new ones.
from pipelines.sources.berichten.collector import _serialise
from pipelines.sources.berichten.xmltree import parser
from pipelines.sources.csvreader import mask_bsn_like
from pipelines.warehouse import SCHEMAVERSIE, Warehouse, duckdb_config, laadslot, noteer_versie, versie, vervang_atomair

# Columns an earlier release stored and the current one does not, per (schema, table): the ledger's omschrijving
# (free text that may name a client or quote a BSN), in raw.grootboek and in the dbt table that copied every column
# of the ledger's staging model.
_VERVALLEN = {
    ("raw", "grootboek"): ("omschrijving",),
    ("intermediate", "int_boekingen__actueel"): ("omschrijving",),
}
# Sources whose CSV holds a BSN column: a load masks every run of 8 or 9 digits in their quarantined values.
_BSN_BRONNEN = ("brp", "enquete", "zaaksysteem")
_BERICHTEN = "berichten"
log = logging.getLogger("stuurwiel")  # the CLI shows this logger's lines (pipelines/run.py)


@dataclass(frozen=True)
class Migratie:
    van: int  # the schema version the warehouse had
    rijen: int  # rows copied into the new file


def bijwerken(path: Path, meld: Callable[[str], None] | None = None) -> Migratie | None:
    """Bring the warehouse at `path` to SCHEMAVERSIE; None when it already was.

    A warehouse that does not exist yet is made here, holding only its version: what a load then writes into it
    is current by construction.
    """
    path = Path(path)
    meld = meld or log.info
    store = Warehouse(path)
    if not path.exists():
        with store.connect() as con:
            noteer_versie(con)
        return None
    with store.connect() as con:
        if versie(con) >= SCHEMAVERSIE:
            return None
    with laadslot(path.parent, "stuurwiel migreer", meld):
        with store.connect() as con:  # again under the slot: a load that held it may have migrated meanwhile
            van = versie(con)
            if van >= SCHEMAVERSIE:
                return None
            con.execute("checkpoint")  # the write-ahead log into the file: no log of the old file outlives it
        wal = path.with_name(path.name + ".wal")
        if wal.exists() and wal.stat().st_size:
            raise RuntimeError(f"{wal} is not empty after a checkpoint; the warehouse is left as it was")
        meld(
            f"Warehouse {path} is van een eerdere versie (schemaversie {van}): wordt bijgewerkt naar de huidige "
            "privacyregels en herschreven (eenmalig; tijdelijk is er schijfruimte voor een tweede exemplaar nodig)"
        )
        rijen: list[int] = []
        vervang_atomair(path, lambda nieuw: rijen.append(_herschrijf(path, nieuw)))
    return Migratie(van, rijen[0])


def _herschrijf(oud: Path, nieuw: Path) -> int:
    """Write the warehouse at `oud` into the empty file `nieuw` under the current rules; returns the rows copied."""
    con = duckdb.connect(config=duckdb_config(oud.parent))
    try:
        # Attached under the name it has when opened (dbt's views name that catalog).
        con.execute(f"attach {_tekst(str(oud))} as {_naam(oud.stem)} (read_only)")
        con.execute(f"attach {_tekst(str(nieuw))} as _nieuw")
        con.execute(f"copy from database {_naam(oud.stem)} to _nieuw (schema)")  # schemas, tables, constraints, views
        _maskeerfuncties(con)
        tabellen = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = ? order by all", [oud.stem]
        ).fetchall()
        rijen = sum(_kopieer(con, oud.stem, schema, tabel) for schema, tabel in tabellen)
        con.execute("use _nieuw")
        noteer_versie(con)
        con.execute("use memory")
        con.execute("detach _nieuw")
        return rijen
    finally:
        con.close()


def _kopieer(con: duckdb.DuckDBPyConnection, catalogus: str, schema: str, tabel: str) -> int:
    """One table's rows into the new file, as the current release would have stored them."""
    kolommen = [
        r[0]
        for r in con.execute(
            "select column_name from duckdb_columns() where database_name = ? and schema_name = ? "
            "and table_name = ? order by column_index",
            [catalogus, schema, tabel],
        ).fetchall()
    ]
    doel = f"_nieuw.{_naam(schema)}.{_naam(tabel)}"
    selectie: dict[str, str] = {}
    for kolom in kolommen:
        if kolom in _VERVALLEN.get((schema, tabel), ()):
            con.execute(f"alter table {doel} drop column {_naam(kolom)}")
        elif kolom == "geboortedatum":
            # Only the birth month is kept, its first day (pipelines/sources/berichten/mapping.py _client).
            maand = "date_trunc('month', t.geboortedatum::date)::date"
            if "geboortemaand" in kolommen:  # an earlier release's migration stopped halfway: the month may be there
                con.execute(f"alter table {doel} drop column geboortedatum")
                selectie["geboortemaand"] = f"coalesce(t.geboortemaand, {maand})"
            else:
                con.execute(f"alter table {doel} rename column geboortedatum to geboortemaand")
                selectie["geboortemaand"] = maand
        else:
            selectie.setdefault(kolom, f"t.{_naam(kolom)}")
    van = f"{_naam(catalogus)}.{_naam(schema)}.{_naam(tabel)} as t"
    if (schema, tabel) == ("meta", "quarantaine"):
        selectie.update(_gemaskeerd(kolommen))
        loads = f"{_naam(catalogus)}.meta.loads"
        van += f" left join (select load_id, any_value(bron) as bron from {loads} group by all) as l using (load_id)"
    lijst = ", ".join(f"{sql} as {_naam(kolom)}" for kolom, sql in selectie.items())
    return con.execute(f"insert into {doel} by name select {lijst} from {van}").fetchone()[0]


def _gemaskeerd(kolommen: list[str]) -> dict[str, str]:
    """meta.quarantaine's content, value and message as a load now stores them (`l.bron`: the row's source).

    A message element is re-serialised as the message reader now does it: no name, address, contact details or
    birth date, no elfproef-valid number. A CSV line is left out whole: a load now shows only the source's own
    columns, and which field is which column is known from the file's header only, which is not stored (the line
    stays findable by bestand and regelnummer, the original in the archive). A value is masked as the source's
    reader masks one; an unreadable Geboortedatum's value is left out, as it may be the full birth date.
    """
    weggelaten = _tekst(WEGGELATEN)
    sql = {
        "waarde": (
            "case when t.waarde is null then null "
            f"when l.bron = '{_BERICHTEN}' and t.melding like 'Geboortedatum%' then {weggelaten} "
            f"when l.bron in ({', '.join(map(_tekst, _BSN_BRONNEN))}) then stw_bsn_achtig(t.waarde) "
            "else stw_elfproef(t.waarde) end"
        ),
        "melding": "stw_elfproef(t.melding)",
    }
    for inhoud in ("inhoud", "regel_inhoud"):  # regel_inhoud: its name before 639ba7b (ensure_schema renames it)
        sql[inhoud] = (
            f"case when t.{inhoud} is null then null when l.bron = '{_BERICHTEN}' then stw_bericht(t.{inhoud}) "
            f"else {weggelaten} end"
        )
    return {kolom: expressie for kolom, expressie in sql.items() if kolom in kolommen}


def _maskeerfuncties(con: duckdb.DuckDBPyConnection) -> None:
    """The masking functions of the readers as SQL functions, called per batch of rows (Arrow)."""
    for naam, maskeer in (
        ("stw_elfproef", mask_elfproef),
        ("stw_bsn_achtig", mask_bsn_like),
        ("stw_bericht", _bericht),
    ):
        con.create_function(naam, _per_batch(maskeer), [VARCHAR], VARCHAR, type="arrow")


def _per_batch(maskeer: Callable[[str], str]) -> Callable[[pa.Array], pa.Array]:
    def functie(waarden: pa.Array) -> pa.Array:
        return pa.array([None if w is None else maskeer(w) for w in waarden.to_pylist()], pa.string())

    return functie


def _bericht(inhoud: str) -> str:
    """A quarantined message element as the message reader now shows it; one that does not parse as an element
    (cut off, or only a tag name) is left out whole."""
    try:
        element = etree.fromstring(inhoud.encode(), parser(keep_blank_text=True))
    except (etree.XMLSyntaxError, ValueError):
        return WEGGELATEN
    return _serialise(element, None)


def _naam(naam: str) -> str:
    return '"' + naam.replace('"', '""') + '"'


def _tekst(tekst: str) -> str:
    return "'" + tekst.replace("'", "''") + "'"
