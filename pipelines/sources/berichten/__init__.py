"""iJw / iWmo 3.2 messages: a single .xml message or a .zip with one message per entry.

The reader in five parts, each a module of this package:

    ziparchive.py  the delivery as messages: one .xml, or the entries of a .zip
    xmltree.py     the safe parser (no entities, no network) and reading elements by local name
    fields.py      row rules on an element's fields: required, date, time, integer, gemeentecode, cents
    mapping.py     the eight supported message types as data: which element becomes a row of which table
    collector.py   the loop: every row element becomes a row or a quarantined row

This module composes them into the reader interface every source has: ``NAME``, ``TABLES``,
``detect``, ``periode`` and ``MAAND_KOLOM`` (the Dagster partitions a delivery covers) and ``read``.

Speed (``benchmarks/berichten_reader.py``): each message is parsed once, and each element read is
visited once in one walk (a record's whole subtree; of Client and Declaratie only the first
children needed), with local names cached per tag.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import FileRejected, ReadResult
from pipelines.sources.berichten.collector import Collector
from pipelines.sources.berichten.mapping import NAMESPACE, TABLES
from pipelines.sources.berichten.ziparchive import ZIP_ERRORS, ZIP_MAGIC, check, is_zip, message_entries, messages

__all__ = ["MAAND_KOLOM", "NAME", "TABLES", "detect", "periode", "read"]

NAME = "berichten"
# The date that places a message's row in a month: the message's Dagtekening, whatever its type.
MAAND_KOLOM = {table: "dagtekening" for table in TABLES}

_NAMESPACE_BYTES = re.compile(NAMESPACE.pattern.encode())
_DETECT_BYTES = 4096
_DAGTEKENING = re.compile(rb"Dagtekening>\s*(\d{4})-(\d{2})-(\d{2})\s*<")


def detect(path: str | Path, head: bytes) -> bool:
    if not head.startswith(ZIP_MAGIC):
        return _looks_like_message(head)
    try:
        with zipfile.ZipFile(path) as archive:
            first = next(message_entries(archive), None)
            if first is None:
                return False
            with archive.open(first) as entry:  # at most a few KB decompressed, whatever the entry claims
                return _looks_like_message(entry.read(_DETECT_BYTES))
    except (*ZIP_ERRORS, OSError):
        return False


def _looks_like_message(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and bool(_NAMESPACE_BYTES.search(head))


def periode(path: str | Path) -> tuple[date, date] | None:
    """First and last Dagtekening of a delivery, or None when the file does not show one.

    Only the first and the last message of a zip are read: a zip is one batch of one sender, and a
    pass over every header would cost a second read of the largest source. The asset checks the
    months of the rows it really loaded against this estimate.
    """
    path = Path(path)
    try:
        if not is_zip(path):
            found = [_dagtekening(path.read_bytes()[:_DETECT_BYTES])]
        else:
            with zipfile.ZipFile(path) as archive:
                check(archive, path)  # the inbox sensor looks here first: nothing of a bomb is inflated
                entries = list(message_entries(archive))
                found = [_head(archive, info) for info in entries[:1] + entries[-1:]]
    except (*ZIP_ERRORS, OSError, FileRejected):  # the reader gives the reason when it loads
        return None
    dates = [d for d in found if d is not None]
    return (min(dates), max(dates)) if dates else None


def _head(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> date | None:
    with archive.open(info) as entry:
        return _dagtekening(entry.read(_DETECT_BYTES))


def _dagtekening(head: bytes) -> date | None:
    match = _DAGTEKENING.search(head)
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:  # 2025-02-30: the reader quarantines it; it says nothing about the period
        return None


def read(path: str | Path, pseudonymiser: Pseudonymiser) -> ReadResult:
    collector = Collector(pseudonymiser)
    for bestand, index, data in messages(Path(path)):
        collector.message(bestand, index, data)
    return collector.result()
