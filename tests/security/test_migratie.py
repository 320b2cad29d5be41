"""A warehouse an earlier release filled is brought to the current privacy rules, and the old values leave the file.

Each test builds such a warehouse as the old code wrote it: raw tables with the ledger's omschrijving and the
clients' full geboortedatum, the dbt tables that copied them, quarantined CSV lines and message elements unmasked
(a dotted BSN, a BSN in a date column, a name, an address, a birth date), and a value of an unreadable
Geboortedatum. The migration must leave none of them in any table, nor anywhere in the bytes of the file (DuckDB
keeps dropped and updated values in free blocks), keep every row, change nothing a second time, and leave the old
file whole when it dies before the swap. Every scan first finds what it looks for where it must be.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow as pa
import pytest

from pipelines import migratie, warehouse
from pipelines.cli import main as stuurwiel
from pipelines.privacy import WEGGELATEN
from pipelines.resources import StuurwielResource
from pipelines.sources.base import RAW_SCHEMAS
from pipelines.warehouse import LAADSLOT, LoadBezig, Warehouse

NAAM, ADRES = "Hostiela Qwizelbrink", "Qwizelstraat 7"
BSN, ANDER = "123456782", "111222333"  # both pass the elfproef
GEBOORTEDATUM, ANDERE_DATUM = date(2011, 7, 23), date(1937, 5, 19)
# Planted where they do not belong as text; none may survive the migration, in a table or in the file's bytes.
GEHEIM = (BSN, "123.456.782", ANDER, "Hostiela", "Qwizelbrink", "Qwizelstraat", "2011-07-23", "23-07-2011")
# Full birth dates are also stored as dates, not as text in the file: looked for in the tables only.
GEHEIM_IN_TABELLEN = (*GEHEIM, ANDERE_DATUM.isoformat())
# Planted beside them in the same tables, and kept: the byte scan must find these in the new file, or a value could
# hide from it (compressed, say) and the scan would prove nothing.
BEWAARD = ("Zorgmarker Qwerty B.V.", "TWMARKER0001", "45A03", "levering-zaak-markering.csv")

NS = "http://www.istandaarden.nl/ijw/3_2/jw315/schema"
# A quarantined 315 record as the old reader stored it: only the client's own BSN masked.
ELEMENT_315 = (
    f'<jw315:AangevraagdProduct xmlns:jw315="{NS}"><jw315:Product><jw315:Categorie>45</jw315:Categorie>'
    "<jw315:Code>45A03</jw315:Code></jw315:Product><jw315:Verwijzer><jw315:Type>01</jw315:Type>"
    f"<jw315:Naam>{NAAM}</jw315:Naam></jw315:Verwijzer><jw315:BeschikkingNummer>{ANDER}</jw315:BeschikkingNummer>"
    "<jw315:Relatie><jw315:Geboortedatum><jw315:Datum>2011-07-23</jw315:Datum></jw315:Geboortedatum>"
    f"<jw315:Adres>{ADRES}</jw315:Adres></jw315:Relatie>"
    "<jw315:ToewijzingIngangsdatum>2026-02-30</jw315:ToewijzingIngangsdatum></jw315:AangevraagdProduct>"
)
CLIENT_301 = '<jw301:Client xmlns:jw301="urn:x"><jw301:Bsn>*********</jw301:Bsn></jw301:Client>'
# (load_id, bron, bestand, regelnummer, inhoud, controle, melding, waarde) as the old readers wrote them.
QUARANTAINE = [
    ("L1", "grootboek", "grootboek.csv", 3, f"2024;31-02-2024;0153;6.71a;Declaratie {NAAM}, BSN {ANDER};12,00",
     "datum_ongeldig", "Boekdatum is geen datum", "31-02-2024"),
    ("L2", "zaaksysteem", "levering-zaak-markering.csv", 4, f"M2;0153;123.456.782;Wmo;04-01-2024;{NAAM};{ADRES}",
     "bsn_elfproef", "BSN voldoet niet aan de elfproef", "123.456.782"),
    ("L2", "zaaksysteem", "levering-zaak-markering.csv", 5, f"M3;0153;{NAAM};Wmo;*********",
     "datum_ongeldig", "Datum is geen datum", BSN),
    ("L3", "berichten", "jw315.xml", 12, ELEMENT_315, "datum_ongeldig",
     "ToewijzingIngangsdatum is geen datum", "2026-02-30"),
    ("L3", "berichten", "jw301.xml", 30, CLIENT_301, "datum_ongeldig", "Geboortedatum/Datum is geen datum",
     "23-07-2011"),
]  # fmt: skip
LEDGER_ROWS, START_ROWS = 300, 40


def _oud_schema(name: str, schema: pa.Schema) -> pa.Schema:
    """The raw table as the release before issue 15's privacy fixes defined it."""
    if "geboortemaand" in schema.names:
        i = schema.get_field_index("geboortemaand")
        schema = schema.set(i, pa.field("geboortedatum", pa.date32()))
    if name == "grootboek":
        schema = schema.insert(schema.get_field_index("bedrag"), pa.field("omschrijving", pa.string()))
    return schema


def maak_oud_warehouse(path: Path) -> None:
    """A warehouse as an earlier release loaded and built it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(warehouse._META_DDL)
        for name, schema in RAW_SCHEMAS.items():
            con.register("_empty", _oud_schema(name, schema).empty_table())
            con.execute(f"create table raw.{name} as select *, ''::varchar as _load_id from _empty limit 0")
            con.unregister("_empty")
        con.executemany(
            "insert into meta.loads (load_id, run_id, bron, bestand, sha256, geladen_op, rijen_in, rijen_geladen, "
            "rijen_quarantaine, status, poort) values (?, 'R1', ?, ?, 'abc', now(), 10, 8, 2, 'loaded', 'doorgelaten')",
            [(load_id, bron, bestand) for load_id, bron, bestand, *_ in QUARANTAINE[::2]],
        )
        con.executemany(
            "insert into meta.quarantaine values (?, ?, ?, ?, ?, ?, ?)", [q[:1] + q[2:] for q in QUARANTAINE]
        )
        con.execute(
            "insert into raw.grootboek by name select 2024 as boekjaar, date '2024-03-01' as boekdatum, "
            "'GM0153' as gemeentecode, '6.71a' as taakveld, 'Zorgmarker Qwerty B.V.' as crediteurnaam, "
            f"'Declaratie {NAAM}, BSN 123.456.782, regel ' || i as omschrijving, 12.5 as bedrag, 'L1' as _load_id "
            f"from range({LEDGER_ROWS}) t(i)"
        )
        con.execute(
            "insert into raw.berichten_start by name select 'jeugd' as wet, 'c' || i as client_id, "
            "case when i % 2 = 0 then ?::date else ?::date end as geboortedatum, "
            "'TWMARKER0001' as toewijzingnummer, 'L3' as _load_id from range(?) t(i)",
            [GEBOORTEDATUM, ANDERE_DATUM, START_ROWS],
        )
        # dbt's tables copied the columns (int_boekingen__actueel: every ledger column), its views named them.
        con.execute("create schema intermediate; create schema staging")
        con.execute("create table intermediate.int_boekingen__actueel as select * from raw.grootboek")
        con.execute(
            "create table intermediate.int_trajecten as "
            "select client_id, any_value(geboortedatum) as geboortedatum from raw.berichten_start group by all"
        )
        con.execute(
            "create view staging.stg_grootboek__boekingen as select boekjaar, crediteurnaam, omschrijving, bedrag "
            'from "warehouse".raw.grootboek'
        )


@pytest.fixture
def oud(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "warehouse.duckdb"
    maak_oud_warehouse(path)
    return path


def bytes_gevonden(path: Path, teksten: tuple[str, ...]) -> set[str]:
    """Which of `teksten` occur in the raw bytes of the warehouse file or of anything DuckDB keeps beside it."""
    gevonden = set()
    for bestand in path.parent.iterdir():
        if bestand.name.startswith(path.name) and bestand.is_file():
            inhoud = bestand.read_bytes()
            gevonden |= {t for t in teksten if t.encode() in inhoud}
    return gevonden


def tabellen(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        f"{s}.{t}"
        for s, t in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = current_database() order by all"
        ).fetchall()
    ]


def in_tabellen(path: Path, teksten: tuple[str, ...]) -> dict[str, set[str]]:
    """Per table, which of `teksten` a value of any column holds, cast to text."""
    gevonden = {}
    with duckdb.connect(str(path), read_only=True) as con:
        for tabel in tabellen(con):
            kolommen = ", ".join(f'cast("{r[0]}" as varchar)' for r in con.execute(f"describe {tabel}").fetchall())
            waarden = " ".join(str(v) for rij in con.execute(f"select {kolommen} from {tabel}").fetchall() for v in rij)
            if hier := {t for t in teksten if t in waarden}:
                gevonden[tabel] = hier
    return gevonden


def rijen_per_tabel(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tabellen(con)}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_no_personal_data_is_left_in_any_table_or_byte_and_every_row_stays(oud):
    assert bytes_gevonden(oud, GEHEIM) == set(GEHEIM), "the scan finds what the old release wrote"
    assert set(in_tabellen(oud, GEHEIM_IN_TABELLEN)) >= {"raw.grootboek", "raw.berichten_start", "meta.quarantaine"}
    voor = rijen_per_tabel(oud)

    gedaan = migratie.bijwerken(oud)

    assert gedaan == migratie.Migratie(van=0, rijen=sum(voor.values()))
    assert in_tabellen(oud, GEHEIM_IN_TABELLEN) == {}
    assert bytes_gevonden(oud, GEHEIM) == set()
    assert bytes_gevonden(oud, BEWAARD) == set(BEWAARD), "what is kept is found: the scan would see a leak"
    na = rijen_per_tabel(oud)
    assert na.pop("meta.schemaversie") == 1
    assert na == voor
    with duckdb.connect(str(oud), read_only=True) as con:
        assert migratie.versie(con) == migratie.SCHEMAVERSIE
        kolommen = con.execute(
            "select distinct column_name from duckdb_columns() join duckdb_tables() using (database_name, "
            "schema_name, table_name) where database_name = current_database()"
        ).fetchall()
        assert not {("omschrijving",), ("geboortedatum",)} & set(kolommen)
        for tabel in ("raw.berichten_start", "intermediate.int_trajecten"):
            maanden = con.execute(f"select distinct geboortemaand from {tabel} order by 1").fetchall()
            assert maanden == [(date(1937, 5, 1),), (date(2011, 7, 1),)], tabel


def test_the_quarantine_still_says_where_and_why(oud):
    migratie.bijwerken(oud)
    with duckdb.connect(str(oud), read_only=True) as con:
        rijen = con.execute(
            "select bestand, regelnummer, inhoud, controle, waarde from meta.quarantaine order by bestand, regelnummer"
        ).fetchall()
    assert [(b, r, c) for b, r, _, c, _ in rijen] == sorted((q[2], q[3], q[5]) for q in QUARANTAINE)
    inhoud = {(b, r): i for b, r, i, _, _ in rijen}
    waarde = {(b, r): w for b, r, _, _, w in rijen}
    assert inhoud[("grootboek.csv", 3)] == WEGGELATEN and waarde[("grootboek.csv", 3)] == "31-02-2024"
    assert inhoud[("levering-zaak-markering.csv", 4)] == WEGGELATEN
    assert waarde[("levering-zaak-markering.csv", 4)] == waarde[("levering-zaak-markering.csv", 5)] == "*********"
    element = inhoud[("jw315.xml", 12)]
    assert "45A03" in element and "2026-02-30" in element, "the record is still findable"
    assert f"Naam>{WEGGELATEN}<" in element and f"Geboortedatum>{WEGGELATEN}<" in element
    assert waarde[("jw301.xml", 30)] == WEGGELATEN, "an unreadable Geboortedatum's value may be the birth date"


def test_dropping_in_place_leaves_the_bytes_which_the_rewrite_removes(oud):
    """What the release before this one did at a load's start (warehouse.ensure_schema, in place): the values are
    gone from every table, but not from the file."""
    with duckdb.connect(str(oud)) as con:
        con.execute("alter table raw.grootboek drop column omschrijving")
        con.execute("drop table intermediate.int_boekingen__actueel")
        con.execute("update meta.quarantaine set inhoud = null, waarde = null, melding = ''")
        con.execute("checkpoint")
    assert {"Qwizelbrink", "123.456.782", "23-07-2011"} <= bytes_gevonden(oud, GEHEIM)

    migratie.bijwerken(oud)

    assert bytes_gevonden(oud, GEHEIM) == set()


def test_a_second_run_changes_nothing(oud):
    assert migratie.bijwerken(oud) is not None
    voor = sha256(oud), oud.stat().st_mtime_ns

    assert migratie.bijwerken(oud) is None
    assert (sha256(oud), oud.stat().st_mtime_ns) == voor
    assert sorted(p.name for p in oud.parent.iterdir()) == [LAADSLOT, oud.name]


def test_a_migration_failing_before_the_swap_leaves_the_old_file(oud, monkeypatch):
    voor = sha256(oud)

    def schijf_weigert(path, map_=False):
        raise OSError(5, "Input/output error", str(path))

    monkeypatch.setattr(warehouse, "_fsync", schijf_weigert)
    with pytest.raises(OSError):
        migratie.bijwerken(oud)

    assert sha256(oud) == voor
    assert sorted(p.name for p in oud.parent.iterdir()) == [LAADSLOT, oud.name], "no new file left half"
    monkeypatch.undo()
    assert migratie.bijwerken(oud).van == 0, "the next start migrates"
    assert bytes_gevonden(oud, GEHEIM) == set()


_GEDOOD = """
import os, signal, sys
from pathlib import Path
from pipelines import migratie, warehouse

def sterf(path, map_=False):  # the new file is written whole; the process dies before the rename
    os.kill(os.getpid(), signal.SIGKILL)

warehouse._fsync = sterf
migratie.bijwerken(Path(sys.argv[1]))
"""


def test_a_migration_killed_before_the_swap_leaves_the_old_file(oud):
    voor = sha256(oud)
    proces = subprocess.run([sys.executable, "-c", _GEDOOD, str(oud)], capture_output=True, timeout=120)

    assert proces.returncode == -signal.SIGKILL, proces.stderr.decode()
    assert sha256(oud) == voor
    achtergelaten = [p for p in oud.parent.iterdir() if p.name.endswith(".tmp")]
    assert achtergelaten, "the killed process had written its new file"
    assert migratie.bijwerken(oud).van == 0
    assert sorted(p.name for p in oud.parent.iterdir()) == [LAADSLOT, oud.name], "the dead one's file is removed"
    assert bytes_gevonden(oud, GEHEIM) == set()


_NA_EEN_KILL = """
import duckdb, os, signal, sys
con = duckdb.connect(sys.argv[1])
con.execute("insert into raw.grootboek (boekjaar, omschrijving, _load_id) values (2025, ?, 'L9')", [sys.argv[2]])
os.kill(os.getpid(), signal.SIGKILL)  # a load killed mid-write: its rows are in the write-ahead log only
"""


def test_rows_a_killed_load_left_in_the_write_ahead_log_are_kept_and_masked(oud):
    nagekomen = f"Nagekomen {NAAM} 123.456.782"
    subprocess.run([sys.executable, "-c", _NA_EEN_KILL, str(oud), nagekomen], timeout=120)
    wal = oud.with_name(oud.name + ".wal")
    assert "Qwizelbrink" in bytes_gevonden(wal, GEHEIM)
    voor = rijen_per_tabel(oud)  # read-only: the log is read, not merged

    migratie.bijwerken(oud)

    assert not wal.exists()
    assert rijen_per_tabel(oud)["raw.grootboek"] == voor["raw.grootboek"] == LEDGER_ROWS + 1
    assert bytes_gevonden(oud, GEHEIM) == set()


def test_a_migration_waits_for_a_running_load(oud, monkeypatch):
    monkeypatch.setenv(warehouse.LAADSLOT_WACHT_ENV, "0.5")
    voor = sha256(oud)
    slot = os.open(oud.parent / LAADSLOT, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(slot, fcntl.LOCK_EX)  # another load holds the slot
        with pytest.raises(LoadBezig):
            migratie.bijwerken(oud)
    finally:
        os.close(slot)
    assert sha256(oud) == voor


def test_a_run_migrates_first_and_a_new_warehouse_is_current(oud, tmp_path, monkeypatch):
    monkeypatch.setenv("STUURWIEL_HOME", str(oud.parent.parent))
    with StuurwielResource().yield_for_execution(dg.build_init_resource_context()):  # every Dagster run, first
        pass
    assert in_tabellen(oud, GEHEIM_IN_TABELLEN) == {} and bytes_gevonden(oud, GEHEIM) == set()

    nieuw = tmp_path / "nieuw" / "warehouse.duckdb"
    Warehouse(nieuw).ensure_schema()
    with duckdb.connect(str(nieuw), read_only=True) as con:
        assert migratie.versie(con) == migratie.SCHEMAVERSIE
    assert migratie.bijwerken(nieuw) is None


def test_stuurwiel_migreer(oud, monkeypatch, capsys):
    monkeypatch.setenv("STUURWIEL_HOME", str(oud.parent.parent))
    assert stuurwiel(["migreer"]) == 0
    assert "bijgewerkt van schemaversie 0" in capsys.readouterr().err
    assert bytes_gevonden(oud, GEHEIM) == set()
    assert stuurwiel(["migreer"]) == 0
    assert "al bij" in capsys.readouterr().err
