"""Fuzzing every reader: mutated real deliveries (XML messages, zips, each CSV source) and bytes that are no
text at all. Whatever a file holds, a reader either reads it, with every row accounted (rows in = loaded +
quarantined, tables in their raw schema), or rejects the file with a reason (``FileRejected``); any other
exception is a failure, and so is a file that takes longer than ``FILE_SECONDS``. Detection and the quick
look at a delivery's period (the inbox sensor's) must not fail either.

Files are read in a worker process, not the test's own, so a hang is cut off and reported rather than stalling the
suite. `make test` runs a few examples per test, derandomised (the same ones every run); `make fuzz` many,
at random: ``STUURWIEL_FUZZ_EXAMPLES`` sets how many per test.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import tempfile
import traceback
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from pipelines import ingest
from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import RAW_SCHEMAS, FileRejected

# The demo region the mutations start from (tests/conftest.py: the ``out`` fixture).
GEMEENTEN = ["GM0153"]
SEED = 11
SAMPLE = 0.05

FILE_SECONDS = 20.0  # a reader that needs longer on a file of at most a few hundred KB hangs
EXAMPLES = int(os.environ.get("STUURWIEL_FUZZ_EXAMPLES", "0"))
SETTINGS = settings(
    max_examples=EXAMPLES or 12,
    derandomize=not EXAMPLES,  # `make test`: the same examples every run
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
PSEUDONYMISER = Pseudonymiser(b"f" * 32)
CSV_SOURCES = ("grootboek", "begroting", "aanbieders", "zaaksysteem", "enquete", "brp", "cbs_kwb")
FAILED = Path(tempfile.gettempdir()) / "stuurwiel-fuzz-fouten"  # every file that broke the contract, kept
_SEED_LINES = 12  # header and the first rows of each CSV file: small files, many mutations

# Bytes that mean something to one of the formats, or to whatever reads them later.
TOKENS = [
    b'"',
    b";",
    b",",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x1b[31m",
    b'=HYPERLINK("http://x","y")',
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"&onbekend;",
    b"]]>",
    b"<![CDATA[",
    b"<!--",
    b"-->",
    b'<?xml version="1.0"?>',
    b"<!DOCTYPE x>",
    b"\xc3",
    b"\x80",
    b"\xe2\x82\xac",
    b"999999999",
    b"123456782",
    b"123.456.782",
    b"0153",
    b"GM9999",
    b"31-02-2025",
    b"2025-13-01",
    b"-1",
    b"1e999",
    b"99999999999999999999999",
    b"NaN",
    b"   ",
    b"\\",
    b"'",
    b"PK\x03\x04",
]


# --- the worker: reads one file and judges the outcome ------------------------------------------------


def _judge(source: str, path: str) -> list[str]:
    """Problems with how the readers treat ``path`` as a delivery of ``source`` (and as detected): empty
    when the contract holds. Runs in the worker process."""
    try:
        problems = _read_as(source, Path(path))
        detected = ingest.detect_source(Path(path))
        if detected != ingest.UNKNOWN:
            if detected != source:
                problems += _read_as(detected, Path(path))
            if detected in ingest.PERIODIC:
                problems += _periode(detected, Path(path))
    except Exception:  # detection itself failed
        return [traceback.format_exc()]
    return problems


def _read_as(source: str, path: Path) -> list[str]:
    try:
        result = ingest.SOURCES[source].read(path, PSEUDONYMISER)
    except FileRejected as rejected:
        return [] if rejected.problem.strip() else [f"{source}: afgewezen zonder reden"]
    except Exception:
        return [f"{source}: {traceback.format_exc()}"]
    problems = []
    loaded = sum(table.num_rows for table in result.tables.values())
    if result.rows_in != loaded + len(result.quarantine):
        problems.append(f"{source}: {result.rows_in} in, {loaded} geladen + {len(result.quarantine)} quarantaine")
    for name, table in result.tables.items():
        if not table.schema.equals(RAW_SCHEMAS[name]):
            problems.append(f"{source}: {name} not in its raw schema")
    for row in result.quarantine:
        if not (row.rule and row.message and isinstance(row.content, str) and isinstance(row.line, int)):
            problems.append(f"{source}: quarantined row without rule, message, content or line: {row!r:.200}")
    return problems


def _periode(source: str, path: Path) -> list[str]:
    try:
        found = ingest.periode(source, path)
    except Exception:
        return [f"periode {source}: {traceback.format_exc()}"]
    ok = found is None or (isinstance(found[0], date) and isinstance(found[1], date) and found[0] <= found[1])
    return [] if ok else [f"periode {source}: {found!r}"]


class _Worker:
    """One spawned process that reads the files, replaced when a file made it hang."""

    def __init__(self) -> None:
        self.pool = None

    def judge(self, source: str, data: bytes, name: str) -> list[str]:
        if self.pool is None:
            self.pool = multiprocessing.get_context("spawn").Pool(1)
        with tempfile.TemporaryDirectory(prefix="stuurwiel-fuzz-") as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            pending = self.pool.apply_async(_judge, (source, str(path)))
            try:
                problems = pending.get(FILE_SECONDS)
            except multiprocessing.TimeoutError:
                self.close()
                problems = [f"{source}: langer dan {FILE_SECONDS} s bezig met {len(data)} bytes"]
        if problems:  # kept, so that a failure can be reproduced outside hypothesis
            FAILED.mkdir(exist_ok=True)
            kept = FAILED / f"{source}-{hashlib.sha256(data).hexdigest()[:12]}-{name}"
            kept.write_bytes(data)
            problems.append(f"the file: {kept}")
        return problems

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


@pytest.fixture(scope="module")
def worker():
    judge = _Worker()
    yield judge
    judge.close()


# --- seeds: small real files of every source -----------------------------------------------------------


class _Seeds(dict):
    """Per source, its seed files; shown by its sources only when hypothesis reports a failing example."""

    def __repr__(self) -> str:
        return f"<seeds of {', '.join(self)}>"


@pytest.fixture(scope="module")
def seeds(out: Path) -> _Seeds:
    """Per source, (file name, bytes) of real deliveries: CSVs cut to their first lines, one message per
    message type, and a zip of a few messages."""
    found = _Seeds()
    for path in sorted(out.rglob("*.csv")):
        source = ingest.detect_source(path)
        assert source in CSV_SOURCES, path
        lines = path.read_bytes().split(b"\n")[:_SEED_LINES]
        found.setdefault(source, []).append((path.name, b"\n".join(lines) + b"\n"))
    for path in sorted(out.glob("berichten/2024-0[1-3]/*.zip")):
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()[:3]
            messages = [archive.read(name) for name in names]
        found.setdefault("xml", []).append((path.stem + ".xml", messages[0]))
        found.setdefault("zip", []).append((path.name, _zip(dict(zip(names, messages, strict=True)))))
    assert set(found) == {*CSV_SOURCES, "xml", "zip"}
    return found


def _zip(entries: dict[str, bytes]) -> bytes:
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries.items():
                archive.writestr(name, data)
        handle.seek(0)
        return handle.read()


# --- mutations -------------------------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after one to four edits: a byte changed, a token or random bytes inserted, a range deleted,
    repeated or replaced, the file cut short, or one field made very long."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        end = draw(st.integers(at, min(len(data), at + 64)))
        edit = draw(st.sampled_from(("byte", "token", "random", "delete", "repeat", "cut", "long")))
        if edit == "byte" and at < len(data):
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif edit == "token":
            data = data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]
        elif edit == "random":
            data = data[:at] + draw(st.binary(max_size=32)) + data[end:]
        elif edit == "delete":
            data = data[:at] + data[end:]
        elif edit == "repeat":
            data = data[:end] + data[at:end] * draw(st.integers(1, 200)) + data[end:]
        elif edit == "cut":
            data = data[:at]
        elif edit == "long":  # also just around the readers' limits (csv's field limit, the CSV line limit)
            size = draw(st.one_of(st.integers(1, 300_000), st.sampled_from((131_071, 131_073, 200_000))))
            data = data[:at] + draw(st.sampled_from((b"a", b"9", b" ", b'"'))) * size + data[at:]
    return data


def _check(worker: _Worker, source: str, name: str, data: bytes) -> None:
    note(f"{source} {name}, {len(data)} bytes: {data[:300]!r}")
    problems = worker.judge(source, data, name)
    assert not problems, "\n".join(problems)


@SETTINGS
@given(st.data())
def test_mutated_csv_files_keep_the_reader_contract(worker, seeds, data):
    source = data.draw(st.sampled_from(CSV_SOURCES))
    name, original = data.draw(st.sampled_from(seeds[source]))
    _check(worker, source, name, data.draw(mutated(original)))


@SETTINGS
@given(st.data())
def test_mutated_xml_messages_keep_the_reader_contract(worker, seeds, data):
    name, original = data.draw(st.sampled_from(seeds["xml"]))
    _check(worker, "berichten", name, data.draw(mutated(original)))


@SETTINGS
@given(st.data())
def test_mutated_zips_keep_the_reader_contract(worker, seeds, data):
    """Either the messages inside are mutated and zipped again (a well-formed zip of broken XML), or the zip's
    own bytes are (a broken archive)."""
    name, original = data.draw(st.sampled_from(seeds["zip"]))
    if data.draw(st.booleans()):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(original)
            with zipfile.ZipFile(path) as archive:
                entries = {n: archive.read(n) for n in archive.namelist()}
        entries = {n: data.draw(mutated(m)) if data.draw(st.booleans()) else m for n, m in entries.items()}
        archive_bytes = _zip(entries)
    else:
        archive_bytes = data.draw(mutated(original))
    _check(worker, "berichten", name, archive_bytes)


@SETTINGS
@given(
    source=st.sampled_from(sorted(ingest.SOURCES)),
    name=st.sampled_from(("levering.csv", "kwb_2024.csv", "bericht.xml", "berichten.zip", "bestand")),
    data=st.one_of(
        st.binary(max_size=8192),
        st.binary(min_size=1, max_size=64).map(lambda b: b * 4096),
        st.sampled_from([b"PK\x03\x04", b"PK\x05\x06" + b"\x00" * 18, b"\xef\xbb\xbf", b"\x00" * 100_000]),
    ),
)
def test_bytes_that_are_no_text_are_read_or_rejected(worker, source, name, data):
    _check(worker, source, name, data)
