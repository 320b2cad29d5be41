"""Ingest delivered files into the raw schema: detect, read, record, archive. No Dagster in here.

Every file ends up either loaded (possibly with quarantined rows), skipped as a duplicate, or rejected
as a whole; every original is archived, encrypted (pipelines/archief.py); rows in == rows loaded + rows
quarantined, always.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

import duckdb
import pyarrow as pa

from pipelines import regio, warehouse
from pipelines.archief import Archief
from pipelines.gate.staten import GELADEN, Poort, Reden, Status
from pipelines.privacy import Pseudonymiser, SleutelGewijzigd, mask_elfproef
from pipelines.sources import aanbieders, begroting, berichten, brp, cbs_statline, enquete, grootboek, zaaksysteem
from pipelines.sources.base import FileRejected, ReadResult
from pipelines.sources.berichten.ziparchive import printable

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
    """Files named directly, plus every regular file below a named folder (hidden ones skipped), in a stable order.

    Below a folder (the inbox) a symbolic link is never a delivery: whoever may write the inbox could otherwise
    make a load read, archive and remove any file the pipeline can read. A pipe or device is no file either.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(
            sorted(f for f in p.rglob("*") if _regular(f) and not _hidden(f.relative_to(p))) if p.is_dir() else [p]
        )
    return files


def _regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _hidden(relative: Path) -> bool:
    # Markers and OS litter (.DS_Store, .compleet) are not deliveries.
    return any(part.startswith(".") for part in relative.parts)


def toonbaar(tekst: str | Path) -> str:
    """A file name (or a message naming one) as logs, Dagster's event log and the CLI show it. The sender chose
    the name: a line break in it would forge a log line ("Gepubliceerd ..."), an ANSI escape would be obeyed by a
    terminal, and a BSN in it does not belong in a log. So every unprintable character is shown escaped, and every
    number that could be a BSN masked. Idempotent: a message built from shown names can be shown again."""
    return mask_elfproef(printable(str(tekst)))


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


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    source: str,
    paths: list[Path],
    pseudonymiser: Pseudonymiser,
    run_id: str,
    archief: Archief,
) -> Iterator[FileOutcome]:
    """Archive every file, skip what was loaded before, read the rest and store them, each file all or nothing.

    Reading is CPU-bound Python (XML), so files are read in worker processes while this process stores what
    they read, because the warehouse has one writer. Files are stored in batches (``BATCH_ROWS``), one
    transaction and one insert per table each: a file's rows and its meta.loads row are committed together,
    so a crash leaves a file either wholly loaded or not recorded at all. A file's outcome is yielded once
    it is committed. A pseudonym key other than the one earlier loads used is refused before anything is read.

    A file rejected whole is recorded once per content and reason: rejected again (a rerun after a killed load,
    or the same file sent again), its earlier record becomes this run's, so a rerun leaves exactly the records of
    an uninterrupted load. It is read again all the same: a newer reader may read it now.
    """
    check_key(con, pseudonymiser.vingerafdruk)
    region = regio.gemeenten()  # a misconfigured region stops the load before anything is read
    shas = []
    for path in paths:
        shas.append(sha256_of(path))
        archief.bewaar(path, shas[-1])
    taken = _take_over_unjudged(con, source, run_id)
    rejected_before = _rejected_before(con, source, shas, run_id)
    seen = _already_loaded(con, shas)
    plan: list[tuple[Path, str, bool]] = []  # path, sha, duplicate
    for path, sha in zip(paths, shas, strict=True):
        plan.append((path, sha, sha in seen))
        seen.add(sha)
    results = _read_all(source, [path for path, _, duplicate in plan if not duplicate], pseudonymiser)
    batch = _Batch(con, run_id, pseudonymiser.vingerafdruk)
    try:
        for path, sha, duplicate in plan:  # in the order given, so reports list files as the user named them
            if duplicate and sha in taken:  # stored by a run that died before its gate: this run's now
                yield taken.pop(sha)
            elif duplicate:
                outcome = FileOutcome(str(path), source, Status.SKIPPED_DUPLICATE)
                batch.record(outcome, sha, Reden.AL_GELADEN, "al eerder geladen (zelfde inhoud)")
            else:
                result = next(results)
                if isinstance(result, _Rejected):
                    outcome = FileOutcome(
                        str(path),
                        source,
                        Status.REJECTED,
                        errors=[error(result.line, Reden.BESTAND_ONLEESBAAR, result.message)],
                    )
                    batch.record_rejection(outcome, sha, Reden.BESTAND_ONLEESBAAR, result.message, rejected_before)
                else:
                    result = regio.alleen_regio(result, region)  # rows about other gemeenten: quarantined
                    batch.store(_outcome(source, path, result), result, sha)
            if batch.full():
                yield from batch.commit()
        yield from batch.commit()
    finally:
        results.close()  # shuts the worker pool down


BATCH_ROWS = 250_000  # rows committed at once: small files share a transaction, a large one is one alone
_QUARANTAINE = pa.schema(
    [
        ("load_id", pa.string()),
        ("bestand", pa.string()),
        ("regelnummer", pa.int32()),
        ("inhoud", pa.string()),
        ("controle", pa.string()),
        ("melding", pa.string()),
        ("waarde", pa.string()),
    ]
)


class _Batch:
    """Files read but not yet committed: their tables, quarantine and meta.loads rows."""

    def __init__(self, con: duckdb.DuckDBPyConnection, run_id: str, sleutel: str | None) -> None:
        self.con = con
        self.run_id = run_id
        self.sleutel = sleutel  # the pseudonym key's fingerprint; None for files no source read
        self.outcomes: list[FileOutcome] = []
        self.tables: dict[str, list[pa.Table]] = {}
        self.quarantine: list[list] = []
        self.loads: list[list] = []
        self.moved: list[list] = []  # earlier records of a rejection that become this run's
        self.rows = 0
        self._load_ids: set[str] = set()

    def record(self, outcome: FileOutcome, sha: str, reden: Reden | None = None, melding: str | None = None) -> None:
        load_id = self._load_id(sha)
        outcome.load_id = load_id
        poort = Poort.GEBLOKKEERD if outcome.status == Status.REJECTED else Poort.WACHT
        self.loads.append(
            [load_id, self.run_id, outcome.source, outcome.path, sha]
            + [outcome.rows_in, outcome.rows_loaded, outcome.rows_quarantined, outcome.status, poort, reden, melding]
            + [self.sleutel]
        )
        self.outcomes.append(outcome)

    def record_rejection(
        self, outcome: FileOutcome, sha: str, reden: Reden, melding: str, before: dict[tuple[str, str], list[str]]
    ) -> None:
        """A file rejected whole: its earlier record for the same content and reason becomes this run's, or a new
        one is made."""
        earlier = before.get((sha, reden))
        if not earlier:
            self.record(outcome, sha, reden, melding)
            return
        outcome.load_id = earlier.pop()
        self.moved.append([self.run_id, outcome.path, melding, outcome.load_id])
        self.outcomes.append(outcome)

    def store(self, outcome: FileOutcome, result: ReadResult, sha: str) -> None:
        self.record(outcome, sha)
        load_id = outcome.load_id
        for table, rows in result.tables.items():
            if rows.num_rows:
                stamped = rows.append_column("_load_id", pa.repeat(pa.scalar(load_id, pa.string()), rows.num_rows))
                self.tables.setdefault(table, []).append(stamped)
        self.quarantine += [[load_id, q.file, q.line, q.content, q.rule, q.message, q.value] for q in result.quarantine]
        self.rows += result.rows_in

    def full(self) -> bool:
        return self.rows >= BATCH_ROWS

    def commit(self) -> Iterator[FileOutcome]:
        if not self.outcomes:
            return
        con = self.con
        con.execute("begin transaction")
        try:
            for table, parts in self.tables.items():
                warehouse.insert_arrow(con, table, pa.concat_tables(parts))
            if self.quarantine:  # as Arrow: a delivery with a bad header can quarantine a whole month
                columns = zip(*self.quarantine, strict=True)
                arrays = [pa.array(values, column.type) for values, column in zip(columns, _QUARANTAINE, strict=True)]
                warehouse.insert_arrow(con, "quarantaine", pa.Table.from_arrays(arrays, schema=_QUARANTAINE), "meta")
            if self.loads:
                con.executemany(
                    "insert into meta.loads (load_id, run_id, bron, bestand, sha256, geladen_op, rijen_in, "
                    "rijen_geladen, rijen_quarantaine, status, poort, reden, melding, sleutel) "
                    "values (?, ?, ?, ?, ?, now()::timestamp, ?, ?, ?, ?, ?, ?, ?, ?)",
                    self.loads,
                )
            if self.moved:
                con.executemany(
                    "update meta.loads set run_id = ?, bestand = ?, melding = ?, geladen_op = now()::timestamp "
                    "where load_id = ?",
                    self.moved,
                )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        outcomes = self.outcomes
        self.outcomes, self.tables, self.quarantine, self.loads, self.moved, self.rows = [], {}, [], [], [], 0
        yield from outcomes

    def _load_id(self, sha: str) -> str:
        # Unique within the batch too: two copies of one file can be planned within the same microsecond.
        load_id = _load_id(sha)
        while load_id in self._load_ids:
            load_id = _load_id(sha)
        self._load_ids.add(load_id)
        return load_id


def _outcome(source: str, path: Path, result: ReadResult) -> FileOutcome:
    loaded = sum(t.num_rows for t in result.tables.values())
    quarantined = len(result.quarantine)
    if loaded + quarantined != result.rows_in:
        raise AssertionError(f"{path}: {result.rows_in} rows in, {loaded} loaded + {quarantined} quarantined")
    return FileOutcome(
        str(path),
        source,
        Status.PARTIALLY_LOADED if quarantined else Status.LOADED,
        result.rows_in,
        loaded,
        quarantined,
        errors=[error(q.line, q.rule, q.message) for q in result.quarantine],
    )


@dataclass
class _Rejected:
    line: int | None
    message: str


def _read_one(source: str, path: Path, pseudonymiser: Pseudonymiser) -> ReadResult | _Rejected:
    try:
        return SOURCES[source].read(path, pseudonymiser)
    except FileRejected as exc:  # returned, not raised: it crosses a process boundary
        return _Rejected(exc.line, toonbaar(str(exc)))
    except Exception as exc:  # a reader's bug must not take the other files of the load down
        # Only the kind of error: its text may quote the file's content (a BSN, a name).
        return _Rejected(None, f"{toonbaar(path)}: bestand niet te lezen (onverwachte fout {type(exc).__name__})")


def _read_all(source: str, paths: list[Path], pseudonymiser: Pseudonymiser) -> Iterator[ReadResult | _Rejected]:
    """Each file read, in order: in worker processes when there are several, at most a few files ahead of
    the writer, so what was read but not yet stored stays small however many files there are."""
    workers = min(len(paths), os.cpu_count() or 1)
    if workers <= 1:
        yield from (_read_one(source, path, pseudonymiser) for path in paths)
        return
    # spawn, not fork: the Dagster run has threads of its own.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: deque[Future] = deque()
        for path in paths:
            pending.append(pool.submit(_read_one, source, path, pseudonymiser))
            if len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _load_id(sha: str) -> str:
    return f"{datetime.now():%Y%m%dT%H%M%S%f}-{sha[:8]}"


def record_unknown(con: duckdb.DuckDBPyConnection, path: Path, run_id: str, archief: Archief) -> FileOutcome:
    """A file no source recognises is rejected whole, recorded and archived like any other."""
    sha = sha256_of(path)
    archief.bewaar(path, sha)
    message = f"{toonbaar(path)}, regel 1: onbekend bestandsformaat (geen iJw/iWmo-bericht en geen bekende CSV-kop)"
    outcome = FileOutcome(str(path), UNKNOWN, Status.REJECTED, errors=[error(1, Reden.ONBEKEND_BESTAND, message)])
    batch = _Batch(con, run_id, None)
    batch.record_rejection(outcome, sha, Reden.ONBEKEND_BESTAND, message, _rejected_before(con, UNKNOWN, [sha], run_id))
    list(batch.commit())
    return outcome


def check_key(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    """Refuse a pseudonym key other than the one earlier loads used (by the fingerprints in meta.loads):
    its pseudonyms would not link to theirs, and every client would be counted twice."""
    earlier = con.execute(
        "select sleutel, min(geladen_op) from meta.loads where sleutel is not null and sleutel <> ? "
        "group by sleutel order by 2 limit 1",
        [fingerprint],
    ).fetchone()
    if earlier:
        raise SleutelGewijzigd(
            f"De sleutel voor pseudoniemen (vingerafdruk {fingerprint}) is een andere dan die van eerdere loads "
            f"(vingerafdruk {earlier[0]}, sinds {earlier[1]:%d-%m-%Y}): pseudoniemen zouden niet meer aansluiten. "
            "Wijs de oude sleutel aan (STUURWIEL_KEY_FILE), of wissel volgens docs/security.md "
            "(nieuw warehouse, alles opnieuw laden uit het archief)."
        )


def _take_over_unjudged(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> dict[str, FileOutcome]:
    """Deliveries of ``source`` that another run stored but never judged (poort wacht) become this run's.

    A source step stores and judges its deliveries within one connection, and the warehouse has one writer, so
    such a delivery's run died between the two (killed, power lost, the gate raised). Left alone its rows would
    never pass the gate, and a rerun would skip its file as already loaded: the rows would be lost. This run's
    gate judges them instead. Returns the stored files by content, so a re-sent one is reported as loaded.
    """
    rows = con.execute(
        "update meta.loads set run_id = ? where bron = ? and poort = ? and run_id is distinct from ? "
        "returning load_id, bestand, sha256, status, rijen_in, rijen_geladen, rijen_quarantaine",
        [run_id, source, Poort.WACHT, run_id],
    ).fetchall()
    taken = {}
    for load_id, path, sha, status, rows_in, loaded, quarantined in rows:
        if status in GELADEN:
            errors = con.execute(
                "select regelnummer, controle, melding from meta.quarantaine where load_id = ? order by regelnummer",
                [load_id],
            ).fetchall()
            errors = [error(*e) for e in errors]
            taken[sha] = FileOutcome(path, source, Status(status), rows_in, loaded, quarantined, errors, load_id)
    return taken


def _rejected_before(
    con: duckdb.DuckDBPyConnection, source: str, shas: list[str], run_id: str
) -> dict[tuple[str, str], list[str]]:
    """Records of other runs that rejected one of ``shas`` of ``source`` whole, by content and reason, the newest
    last (a warehouse from before this rule may hold several of one file)."""
    rows = con.execute(
        "select sha256, reden, list(load_id order by geladen_op, load_id) from meta.loads "
        "where bron = ? and status = ? and run_id is distinct from ? and sha256 in (select unnest(?)) group by all",
        [source, Status.REJECTED, run_id, shas],
    ).fetchall()
    return {(sha, reden): load_ids for sha, reden, load_ids in rows}


def _already_loaded(con: duckdb.DuckDBPyConnection, shas: list[str]) -> set[str]:
    """Which of ``shas`` were loaded before: one query, however many files (a national month is thousands)."""
    if not shas:
        return set()
    return {
        sha
        for (sha,) in con.execute(
            "select distinct sha256 from meta.loads "
            "where sha256 in (select unnest(?)) and status in (select unnest(?))",
            [shas, list(GELADEN)],
        ).fetchall()
    }


def error(line: int | None, rule: str, message: str) -> dict:
    """One entry of FileOutcome.errors, in the Dutch of `stuurwiel load --json` and meta.quarantaine."""
    return {"regelnummer": line, "controle": rule, "melding": message}
