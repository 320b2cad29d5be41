"""Ingest delivered files into the raw schema: detect, read, record, archive. No Dagster in here.

Every file ends up either loaded (possibly with quarantined rows), skipped as a duplicate, or rejected
as a whole; every original is archived; rows in == rows loaded + rows quarantined, always.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import repeat
from pathlib import Path
from types import ModuleType

import duckdb

from pipelines import warehouse
from pipelines.gate.staten import GELADEN, Poort, Reden, Status
from pipelines.privacy import Pseudonymiser
from pipelines.sources import aanbieders, begroting, berichten, brp, cbs_statline, enquete, grootboek, zaaksysteem
from pipelines.sources.base import FileRejected, ReadResult

SOURCES: dict[str, ModuleType] = {
    m.NAME: m for m in (berichten, grootboek, begroting, aanbieders, cbs_statline, zaaksysteem, enquete, brp)
}
# The raw tables each source fills: a message source fills one per message type.
SOURCE_TABLES: dict[str, tuple[str, ...]] = {name: getattr(m, "TABLES", (name,)) for name, m in SOURCES.items()}
# Periodic sources say which months a delivery covers; they are Dagster's monthly partitions.
PERIODIC: tuple[str, ...] = tuple(name for name, m in SOURCES.items() if hasattr(m, "periode"))
# Per raw table of a periodic source, the date column that places a row in a month (see pipelines/sources).
MAAND_KOLOM: dict[str, str] = {
    table: column for name in PERIODIC for table, column in SOURCES[name].MAAND_KOLOM.items()
}
UNKNOWN = "onbekend"
_HEAD_BYTES = 4096


@dataclass
class FileOutcome:
    path: str
    source: str
    status: Status
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    errors: list[dict] = field(default_factory=list)
    load_id: str | None = None
    poort: Poort | None = None  # the quality gate's verdict on the delivery

    def as_json(self) -> dict:
        """The file as `stuurwiel load --json` prints it: Dutch keys, as the steward reads them in meta.loads."""
        return {
            "bestand": self.path,
            "bron": self.source,
            "rijen_in": self.rows_in,
            "rijen_geladen": self.rows_loaded,
            "rijen_quarantaine": self.rows_quarantined,
            "status": self.status,
            "poort": self.poort,
            "fouten": self.errors,
        }


def summarise(outcomes: list[FileOutcome]) -> dict[str, int]:
    """Totals over files: the CLI's summary line per source and a source asset's Dagster metadata."""
    return {
        "bestanden": len(outcomes),
        "rijen_in": sum(o.rows_in for o in outcomes),
        "rijen_geladen": sum(o.rows_loaded for o in outcomes),
        "rijen_quarantaine": sum(o.rows_quarantined for o in outcomes),
        "afgewezen": sum(o.status == Status.REJECTED for o in outcomes),
    }


def expand(paths: list[str | Path]) -> list[Path]:
    """Files named directly, plus every file below a named folder (hidden ones skipped), in a stable order."""
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(
            sorted(f for f in p.rglob("*") if f.is_file() and not _hidden(f.relative_to(p))) if p.is_dir() else [p]
        )
    return files


def _hidden(relative: Path) -> bool:
    # Markers and OS litter (.DS_Store, .compleet) are not deliveries.
    return any(part.startswith(".") for part in relative.parts)


def detect_source(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
    for name, module in SOURCES.items():
        if module.detect(path, head):
            return name
    return UNKNOWN


def periode(source: str, path: Path) -> tuple[date, date] | None:
    """First and last day a delivery of a periodic source is about, from a quick look at its content."""
    return SOURCES[source].periode(path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def archive(path: Path, sha: str, archive_dir: Path) -> Path:
    target = archive_dir / date.today().isoformat() / f"{sha[:12]}_{path.name}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        shutil.copy2(path, target)
    return target


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    source: str,
    paths: list[Path],
    pseudonymiser: Pseudonymiser,
    run_id: str,
    archive_dir: Path,
) -> Iterator[FileOutcome]:
    """Archive every file, skip what was loaded before, read the rest and store each in one transaction.

    Reading is CPU-bound Python (XML), so files are read in worker processes; storing stays here,
    because the warehouse has one writer.
    """
    plan: list[tuple[Path, str, bool]] = []  # path, sha, duplicate
    seen: set[str] = set()
    for path in paths:
        sha = sha256_of(path)
        archive(path, sha, archive_dir)
        plan.append((path, sha, sha in seen or _already_loaded(con, sha)))
        seen.add(sha)
    results = _read_all(source, [path for path, _, duplicate in plan if not duplicate], pseudonymiser)
    try:
        for path, sha, duplicate in plan:  # in the order given, so reports list files as the user named them
            load_id = _load_id(sha)
            if duplicate:
                outcome = FileOutcome(str(path), source, Status.SKIPPED_DUPLICATE)
                _record(con, outcome, load_id, sha, run_id, Reden.AL_GELADEN, "al eerder geladen (zelfde inhoud)")
                yield outcome
                continue
            result = next(results)
            if isinstance(result, _Rejected):
                outcome = FileOutcome(
                    str(path),
                    source,
                    Status.REJECTED,
                    errors=[error(result.line, Reden.BESTAND_ONLEESBAAR, result.message)],
                )
                _record(con, outcome, load_id, sha, run_id, Reden.BESTAND_ONLEESBAAR, result.message)
                yield outcome
            else:
                yield _store(con, source, path, result, load_id, sha, run_id)
    finally:
        results.close()  # shuts the worker pool down


@dataclass
class _Rejected:
    line: int | None
    message: str


def _read_one(source: str, path: Path, pseudonymiser: Pseudonymiser) -> ReadResult | _Rejected:
    try:
        return SOURCES[source].read(path, pseudonymiser)
    except FileRejected as exc:  # returned, not raised: it crosses a process boundary
        return _Rejected(exc.line, str(exc))


def _read_all(source: str, paths: list[Path], pseudonymiser: Pseudonymiser) -> Iterator[ReadResult | _Rejected]:
    workers = min(len(paths), os.cpu_count() or 1)
    if workers <= 1:
        yield from (_read_one(source, path, pseudonymiser) for path in paths)
        return
    # spawn, not fork: the Dagster run has threads of its own.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_read_one, repeat(source), paths, repeat(pseudonymiser))


def _load_id(sha: str) -> str:
    return f"{datetime.now():%Y%m%dT%H%M%S%f}-{sha[:8]}"


def record_unknown(con: duckdb.DuckDBPyConnection, path: Path, run_id: str, archive_dir: Path) -> FileOutcome:
    """A file no source recognises is rejected whole, recorded and archived like any other."""
    sha = sha256_of(path)
    archive(path, sha, archive_dir)
    message = f"{path}, regel 1: onbekend bestandsformaat (geen iJw/iWmo-bericht en geen bekende CSV-kop)"
    outcome = FileOutcome(str(path), UNKNOWN, Status.REJECTED, errors=[error(1, Reden.ONBEKEND_BESTAND, message)])
    _record(con, outcome, _load_id(sha), sha, run_id, Reden.ONBEKEND_BESTAND, message)
    return outcome


def _store(con, source, path, result: ReadResult, load_id, sha, run_id) -> FileOutcome:
    loaded = sum(t.num_rows for t in result.tables.values())
    quarantined = len(result.quarantine)
    if loaded + quarantined != result.rows_in:
        raise AssertionError(f"{path}: {result.rows_in} rows in, {loaded} loaded + {quarantined} quarantined")
    status = Status.PARTIALLY_LOADED if quarantined else Status.LOADED
    outcome = FileOutcome(
        str(path),
        source,
        status,
        result.rows_in,
        loaded,
        quarantined,
        errors=[error(q.line, q.rule, q.message) for q in result.quarantine],
        load_id=load_id,
    )
    con.execute("begin transaction")
    try:
        for table, rows in result.tables.items():
            warehouse.insert_arrow(con, table, rows, load_id)
        if result.quarantine:
            con.executemany(
                "insert into meta.quarantaine (load_id, bestand, regelnummer, inhoud, controle, melding, waarde) "
                "values (?, ?, ?, ?, ?, ?, ?)",
                [[load_id, q.file, q.line, q.content, q.rule, q.message, q.value] for q in result.quarantine],
            )
        _record(con, outcome, load_id, sha, run_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return outcome


def _record(
    con,
    outcome: FileOutcome,
    load_id: str,
    sha: str,
    run_id: str,
    reden: Reden | None = None,
    melding: str | None = None,
) -> None:
    poort = Poort.GEBLOKKEERD if outcome.status == Status.REJECTED else Poort.WACHT
    con.execute(
        "insert into meta.loads (load_id, run_id, bron, bestand, sha256, geladen_op, rijen_in, rijen_geladen, "
        "rijen_quarantaine, status, poort, reden, melding) "
        "values (?, ?, ?, ?, ?, now()::timestamp, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            run_id,
            outcome.source,
            outcome.path,
            sha,
            outcome.rows_in,
            outcome.rows_loaded,
            outcome.rows_quarantined,
            outcome.status,
            poort,
            reden,
            melding,
        ],
    )
    outcome.load_id = load_id


def _already_loaded(con: duckdb.DuckDBPyConnection, sha: str) -> bool:
    return (
        con.execute(
            "select count(*) from meta.loads where sha256 = ? and status in (select unnest(?))", [sha, list(GELADEN)]
        ).fetchone()[0]
        > 0
    )


def error(line: int | None, rule: str, message: str) -> dict:
    """One entry of FileOutcome.errors, in the Dutch of `stuurwiel load --json` and meta.quarantaine."""
    return {"regelnummer": line, "controle": rule, "melding": message}
