"""No BSN, name, address or phone number anywhere it does not belong, after a real load with hostile input.

A small demo gemeente is generated and then made hostile the way real deliveries are: a case-system export with
extra columns (Naam, Adres, Telefoon), a BSN written with dots, a BSN in the wrong column; ledger lines whose
omschrijving names a client and quotes a BSN; a 315 whose Verwijzer has a name; 301s and 315s with client names,
addresses and a phone number (some of these rows break a rule, so they reach the quarantine). The whole pipeline
loads it (`stuurwiel load`, in its own process, as a user runs it), then the scan reads every place the data can
land: every table and view of every DuckDB file of the home (warehouse, snapshot, quality snapshot) with every
column cast to text, every other file of the home (logs, Data Docs, dbt's files, the archive), Dagster's storage
(its sqlite event logs and compute logs), the load's stdout and stderr, the CSV and Excel exports of every
snapshot table (dashboards/export.py) and a council report (reports/maak.py). It looks for every input BSN that
passes the elfproef, also with dots or spaces between its digits, and for the names, addresses and phone numbers
put in. None may be found; the self-check at the end plants one of each and sees the scan find them.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

import demo
from dashboards import export
from pipelines.privacy import elfproef

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GEMEENTE, SEED, SAMPLE = "GM0168", 11, 0.05
# Planted personal details: made-up words that no code list, provider or place name contains, so a hit is a leak.
VOORNAAM, ACHTERNAAM = "Hostiela", "Qwizelbrink"
STRAAT, VERWIJZER = "Qwizelstraat", "Plompzuil"
TELEFOON = "0687654321"
WOORDEN = (VOORNAAM, ACHTERNAAM, STRAAT, VERWIJZER, TELEFOON, "06-87654321", "Zwartewaalsteeg")


# Runs of digits with single dots or spaces between their groups.
_REEKS = re.compile(r"\d+(?:[. ]\d+)*")


@dataclass
class Zoeker:
    """Finds input BSNs (elfproef-valid, in any grouping of digits) and planted words (any case) in text."""

    bsns: set[str]
    woorden: tuple[str, ...]

    def vondsten(self, tekst: str) -> set[str]:
        lower = tekst.lower()
        found = {woord for woord in self.woorden if woord.lower() in lower}
        for reeks in _REEKS.finditer(tekst):
            found |= {kandidaat for kandidaat in _gegroepeerd(reeks.group(0)) if self._is_bsn(kandidaat)}
        return found

    def _is_bsn(self, kandidaat: str) -> bool:
        digits = re.sub(r"\D", "", kandidaat)
        return digits.zfill(9) in self.bsns and elfproef(digits)


def _gegroepeerd(run: str) -> list[str]:
    """Every stretch of whole consecutive digit groups of a run that holds 8 or 9 digits: `123456782`,
    `123.456.782`, `1234 56 782`, also when more numbers follow in the run. A window that cuts a group in two is
    no way to write a BSN; it would find BSNs inside timestamps such as 1796593698.7452812."""
    groepen = [(m.start(), m.end()) for m in re.finditer(r"\d+", run)]
    uit = []
    for i, (begin, _) in enumerate(groepen):
        cijfers = 0
        for van, tot in groepen[i:]:
            cijfers += tot - van
            if cijfers > 9:
                break
            if cijfers >= 8:
                uit.append(run[begin:tot])
    return uit


@dataclass
class Geladen:
    home: Path
    dagster: Path
    zoeker: Zoeker
    uitvoer: dict[str, str]  # stdout and stderr of the load and the report command
    exports: dict[str, bytes]
    rapport: str
    geboren_na_de_eerste: int  # clients of the input born on another day than the 1st: their full date was sent


# --- the hostile deliveries ----------------------------------------------------------------------------------


def _dotted(bsn: str) -> str:
    return f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}"


def _rewrite_csv(path: Path, encoding: str, change) -> None:
    with open(path, encoding=encoding, newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    rows = change(rows)
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(rows)


def _zaaksysteem(rows: list[list[str]]) -> list[list[str]]:
    """Naam, Adres and Telefoon beside the contract's columns; a dotted BSN; a BSN in the date column."""
    header, body = rows[0], rows[1:]
    bsn, datum = header.index("BSN"), header.index("DatumMelding")
    body[0][bsn] = _dotted(body[0][bsn])
    body[1][datum], body[1][bsn] = body[1][bsn], f"{VOORNAAM} {ACHTERNAAM}"
    extra = [
        [f"{VOORNAAM} {ACHTERNAAM}", f"{STRAAT} {i}", "06-87654321"] if i < 6 else ["", "", ""]
        for i in range(len(body))
    ]
    return [[*header, "Naam", "Adres", "Telefoon"]] + [row + more for row, more in zip(body, extra, strict=True)]


def _grootboek(bsn: str):
    def change(rows: list[list[str]]) -> list[list[str]]:
        header, body = rows[0], rows[1:]
        tekst, bedrag = header.index("Omschrijving"), header.index("Bedrag")
        for row in body[:4]:
            row[tekst] = f"Declaratie {VOORNAAM} {ACHTERNAAM}, BSN {_dotted(bsn)}, Zwartewaalsteeg 3"
        body[3][bedrag] = "12.34"  # a decimal point: quarantined, omschrijving and all
        return [header, *body]

    return change


def _rewrite_zip(path: Path, change) -> None:
    with zipfile.ZipFile(path) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    first = members[0][1].decode("utf-8")
    changed = change(first)
    assert changed != first, f"{path}: nothing planted"
    members[0] = (members[0][0], changed.encode("utf-8"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            zf.writestr(info, data)


def _bericht_315(xml: str) -> str:
    """The client's own name, a Verwijzer with a name, and one product that breaks a rule (quarantined)."""
    xml = re.sub(r"(<ijw:Achternaam>)[^<]*", rf"\g<1>{ACHTERNAAM}", xml)
    xml = re.sub(r"(<ijw:Voornamen>)[^<]*", rf"\g<1>{VOORNAAM}", xml)
    xml = re.sub(r"(</ijw:Type>)", rf"\g<1><ijw:Naam>Dokter {VERWIJZER}</ijw:Naam>", xml)
    return re.sub(r"(<(\w+):ToewijzingIngangsdatum>)[^<]*", r"\g<1>2024-02-30", xml, count=1)


def _bericht_301(xml: str) -> str:
    """The client's name, street and a phone number, and one product that breaks a rule (quarantined)."""
    xml = re.sub(r"(<ijw:Achternaam>)[^<]*", rf"\g<1>{ACHTERNAAM}", xml)
    xml = re.sub(r"(<ijw:Straatnaam>)[^<]*", rf"\g<1>{STRAAT}", xml)
    xml = re.sub(
        r"(</(\w+):Adres>)",
        rf"\g<1><\2:Telefoon><ijw:Telefoonnummer>{TELEFOON}</ijw:Telefoonnummer></\2:Telefoon>",
        xml,
    )
    return re.sub(r"(<(\w+):Ingangsdatum>)[^<]*", r"\g<1>2024-02-30", xml, count=1)


def _plant(bronnen: Path, bsn: str) -> None:
    _rewrite_csv(bronnen / "zaaksysteem" / "wmo_meldingen.csv", "cp1252", _zaaksysteem)
    [ledger] = sorted((bronnen / "grootboek").glob("*.csv"))[-1:]
    _rewrite_csv(ledger, "cp1252", _grootboek(bsn))
    for soort, change in (("jw315", _bericht_315), ("jw301", _bericht_301)):
        biggest = max((bronnen / "berichten").rglob(f"{soort}.zip"), key=lambda p: p.stat().st_size)
        _rewrite_zip(biggest, change)


# --- the load and what it produces -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def geladen(tmp_path_factory: pytest.TempPathFactory) -> Geladen:
    root = tmp_path_factory.mktemp("persoonsgegevens")
    home, bronnen, dagster = root / "home", root / "bronnen", root / "dagster"
    region = demo.generate([GEMEENTE], seed=SEED, sample=SAMPLE)
    demo.write_sources(region, bronnen)
    bsns = {str(b).zfill(9) for b in region.persons.bsn.tolist()}
    _plant(bronnen, sorted(bsns)[0])
    dagster.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", dagster / "dagster.yaml")
    env = {**os.environ, "STUURWIEL_HOME": str(home), "DAGSTER_HOME": str(dagster)}
    load = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "load", str(bronnen)], cwd=PROJECT_ROOT, env=env, capture_output=True
    )
    uitvoer = {"load stdout": load.stdout.decode(), "load stderr": load.stderr.decode()}
    assert "Gepubliceerd" in uitvoer["load stderr"], uitvoer["load stderr"][-3000:]
    rapport = root / "rapport.html"
    report = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "report", "--gemeente", GEMEENTE, "--period", "2025"]
        + ["--format", "html", "--out", str(rapport)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
    )
    assert report.returncode == 0, report.stderr.decode()[-3000:]
    uitvoer |= {"report stdout": report.stdout.decode(), "report stderr": report.stderr.decode()}
    geboren = region.persons.geboortedatum.astype("datetime64[D]")
    na_de_eerste = int((geboren != geboren.astype("datetime64[M]").astype("datetime64[D]")).sum())
    return Geladen(
        home,
        dagster,
        Zoeker(bsns, WOORDEN),
        uitvoer,
        _exports(home / "data" / "serving.duckdb"),
        rapport.read_text(),
        na_de_eerste,
    )


EXCEL_ROWS = 5_000  # an Excel file holds what its CSV holds; a sample keeps the writer's time small


def _exports(snapshot: Path) -> dict[str, bytes]:
    """Every snapshot table as the dashboard's CSV and Excel downloads write it."""
    files = {}
    with duckdb.connect(str(snapshot), read_only=True) as con:
        for table in _tables(con):
            df = con.sql(f"select * from {table}").df()
            files[f"{table}.csv"] = export.als_csv(df)
            files[f"{table}.xlsx"] = export.als_excel(df.head(EXCEL_ROWS))
    return files


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        f'"{catalog}"."{schema}"."{name}"'
        for catalog, schema, name in con.execute(
            "select table_catalog, table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database()"
        ).fetchall()
    ]


# --- the scan ----------------------------------------------------------------------------------------------------


def _scan_duckdb(path: Path, zoeker: Zoeker) -> dict[str, set[str]]:
    """Every table and view, every column cast to text."""
    found = {}
    with duckdb.connect(str(path), read_only=True) as con:
        for table in _tables(con):
            columns = [c for c, *_ in con.execute(f"describe {table}").fetchall()]
            text = ", ".join(f"coalesce(\"{c}\"::varchar, '')" for c in columns)
            # One text per table, a line per row, fields apart: a value never runs into the next one.
            (rows,) = con.execute(f"select string_agg(concat_ws(chr(31), {text}), chr(10)) from {table}").fetchone()
            if hits := zoeker.vondsten(rows or ""):
                found[f"{path.name}: {table}"] = hits
    return found


def _text(data: bytes) -> str:
    """Bytes as text; a zip container (Excel) as the text of its members."""
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "\n".join(zf.read(name).decode("utf-8", "replace") for name in zf.namelist())
        except zipfile.BadZipFile:
            pass
    return data.decode("utf-8", "replace")


def _scan_files(folder: Path, zoeker: Zoeker) -> dict[str, set[str]]:
    """Every file below ``folder``: DuckDB files table by table, every other file as text (sqlite included)."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".duckdb":
            found |= _scan_duckdb(path, zoeker)
            continue
        hits = zoeker.vondsten(_text(path.read_bytes()))
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found


def scan(geladen: Geladen) -> dict[str, set[str]]:
    zoeker = geladen.zoeker
    found = _scan_files(geladen.home, zoeker) | _scan_files(geladen.dagster, zoeker)
    for name, text in geladen.uitvoer.items():
        if hits := zoeker.vondsten(text):
            found[name] = hits
    for name, data in geladen.exports.items():
        if hits := zoeker.vondsten(_text(data)):
            found[f"export {name}"] = hits
    if hits := zoeker.vondsten(geladen.rapport):
        found["rapport"] = hits
    return found


# --- the tests -----------------------------------------------------------------------------------------------------


def test_the_hostile_input_reached_the_places_scanned(geladen):
    """Else the scan below would pass for want of anything to find."""
    with duckdb.connect(str(geladen.home / "data" / "warehouse.duckdb"), read_only=True) as con:
        quarantined = dict(
            con.execute(
                "select l.bron, count(*) from meta.quarantaine q join meta.loads l using (load_id) group by all"
            ).fetchall()
        )
        stored = con.execute("select count(*) from raw.grootboek where _regel between 2 and 4").fetchone()[0]
    assert quarantined.get("zaaksysteem", 0) >= 2, quarantined  # the dotted BSN and the BSN in the date column
    assert quarantined.get("grootboek", 0) >= 1 and quarantined.get("berichten", 0) >= 2, quarantined
    assert stored >= 3, "ledger lines whose omschrijving names a client were loaded"
    archived = list((geladen.home / "data" / "archive").rglob("*.versleuteld"))
    assert archived, "the originals, names and all, are in the archive (encrypted)"
    assert list((geladen.home / "data" / "quality").rglob("*.html")), "the gate wrote its Data Docs"
    assert list(geladen.dagster.rglob("runs.db")) and list(geladen.dagster.rglob("compute_logs/*")), "Dagster's"


def test_no_bsn_name_address_or_phone_anywhere(geladen):
    found = scan(geladen)
    assert not found, "\n".join(f"{place}: {sorted(hits)}" for place, hits in sorted(found.items()))


def test_the_scan_finds_what_is_planted(geladen):
    """The scan can fail: a dotted input BSN in a log file and a name in a DuckDB table are both found."""
    bsn = sorted(geladen.zoeker.bsns)[1]
    log = geladen.home / "data" / "logs" / "geplant.log"
    table = geladen.home / "data" / "geplant.duckdb"
    try:
        log.write_text(f"regel 12: bsn {_dotted(bsn)} onbekend\n", encoding="utf-8")
        with duckdb.connect(str(table)) as con:
            con.execute("create table t (nummer integer, tekst varchar)")
            con.execute("insert into t values (1, ?)", [f"mw. {VOORNAAM.lower()} de {ACHTERNAAM}"])
        found = scan(geladen)
    finally:
        log.unlink(missing_ok=True)
        table.unlink(missing_ok=True)
    assert found.get("data/logs/geplant.log") == {_dotted(bsn)}
    assert found.get('geplant.duckdb: "geplant"."main"."t"') == {VOORNAAM, ACHTERNAAM}


def _birth_columns(path: Path) -> dict[str, tuple[str, int, int]]:
    """Every column of every table and view whose name speaks of birth: (column, values, values not on a 1st)."""
    found = {}
    with duckdb.connect(str(path), read_only=True) as con:
        for table in _tables(con):
            for column, *_ in con.execute(f"describe {table}").fetchall():
                if "geboorte" in column.lower() or "geboren" in column.lower():
                    found[f"{path.name}: {table}.{column}"] = (
                        column,
                        *con.execute(
                            f'select count("{column}"), count(*) filter (where day("{column}"::date) <> 1) from {table}'
                        ).fetchone(),
                    )
    return found


def test_no_full_birth_date_stored_only_the_birth_month(geladen):
    """The messages carry each client's full Geboortedatum; every DuckDB file of the home (warehouse with raw,
    staging and intermediate tables, snapshot, quality snapshot) holds only geboortemaand, the first of a month."""
    assert geladen.geboren_na_de_eerste > 0, "the input has full birth dates to leak"
    columns = {}
    for path in sorted(geladen.home.rglob("*.duckdb")):
        columns |= _birth_columns(path)
    assert {column for column, *_ in columns.values()} == {"geboortemaand"}, columns
    assert all(not buiten_de_eerste for _, _, buiten_de_eerste in columns.values()), columns
    stored = {place: waarden for place, (_, waarden, _) in columns.items() if waarden}
    raw = {place for place in stored if '"raw"."berichten_' in place}
    assert len(raw) == 4, f"301, 305, 307 and 315 stored their birth months: {sorted(stored)}"
    assert any('"int_trajecten"' in place for place in stored), sorted(stored)
