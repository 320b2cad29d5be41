"""A delivery as messages: a single .xml message, or a .zip with one message per entry.

Zip entries are decompressed straight from the memory-mapped file: ``zipfile`` costs more per
small entry than the decompression itself. Whatever this cannot verify to give the same bytes goes
to ``zipfile``, with its own errors.

Zip bombs are refused before anything is decompressed (``check``): the entry count, each entry's
declared size, the total and the compression ratio are read from the central directory first. A header
that understates an entry's size cannot make us inflate more either: decompression stops just past the
declared size, in the fast path and in ``zipfile`` (``_read``: its own ``read()`` would inflate the whole
stream first), and the result, cut short, fails its CRC. A zip inside a zip is refused, never opened.
"""

from __future__ import annotations

import mmap
import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from pipelines.sources.base import FileRejected

ZIP_MAGIC = b"PK\x03\x04"
# What zipfile raises on a damaged archive besides BadZipFile: a cut-off or inconsistent directory.
# zlib.error: a damaged deflate stream; RuntimeError: an encrypted entry.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    zlib.error,
)

_LOCAL_HEADER = struct.Struct("<4s2xHH16xHH")  # signature, flags, method, name length, extra length
_UNSUPPORTED_FLAGS = 0x01 | 0x20 | 0x40  # encrypted, patched data, strong encryption: zipfile decides
_UTF8_NAME = 0x800

# Limits far above any real delivery (a land-scale monthly zip: 30,640 entries, the largest message 13 MB,
# ratio 34, 66 MB in all), far below what would exhaust a 2-core, 8 GB machine.
MAX_ENTRIES = 65_535  # as many as a zip holds without the zip64 extension
MAX_ENTRY_BYTES = 256 << 20  # one message is parsed in memory
MAX_TOTAL_BYTES = 4 << 30
MAX_RATIO = 200  # deflated XML shrinks 10-40 times; a bomb of repeated bytes about 1,000
_RATIO_FROM_BYTES = 1 << 20  # a tiny entry's ratio says nothing and costs nothing


def is_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(ZIP_MAGIC)) == ZIP_MAGIC


def check(archive: zipfile.ZipFile, path: Path | str) -> None:
    """Refuses a zip bomb from its central directory alone, before any entry is decompressed."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise FileRejected(str(path), None, f"zip-bestand met {len(entries)} entries (meer dan {MAX_ENTRIES})")
    total = 0
    for info in entries:
        bestand = f"{path}!{printable(info.filename)}"
        if info.file_size > MAX_ENTRY_BYTES:
            raise FileRejected(bestand, None, f"zip-entry van {info.file_size} bytes (meer dan {MAX_ENTRY_BYTES})")
        if info.file_size > _RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileRejected(bestand, None, f"zip-entry {info.file_size // max(info.compress_size, 1)} keer ingepakt")
        if info.filename.lower().endswith(".zip"):
            raise FileRejected(bestand, None, "zip-bestand in een zip-bestand niet toegestaan")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise FileRejected(str(path), None, f"zip-bestand pakt uit tot {total} bytes (meer dan {MAX_TOTAL_BYTES})")
    # Many small entries, each below the ratio's threshold, still make a bomb together.
    if total > _RATIO_FROM_BYTES and total > MAX_RATIO * os.path.getsize(path):
        raise FileRejected(str(path), None, f"zip-bestand {total // os.path.getsize(path)} keer ingepakt")


def printable(name: str) -> str:
    """An entry name as it may be shown in a terminal, a log or the quarantine: control characters
    (ANSI escapes, line breaks) escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def message_entries(archive: zipfile.ZipFile) -> Iterator[zipfile.ZipInfo]:
    # macOS archivers add resource forks under __MACOSX/; they are not messages.
    for info in archive.infolist():
        if not info.is_dir() and not info.filename.startswith("__MACOSX/"):
            yield info


def messages(path: Path) -> Iterator[tuple[str, int | None, bytes]]:
    """(bestand, message index in a zip or None, message bytes), one message in memory at a time."""
    if not is_zip(path):
        if (size := path.stat().st_size) > MAX_ENTRY_BYTES:
            raise FileRejected(str(path), None, f"bericht van {size} bytes (meer dan {MAX_ENTRY_BYTES})")
        yield str(path), None, path.read_bytes()
        return
    try:
        with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            try:
                view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # not mappable: zipfile reads every entry
                view = None
            try:
                check(archive, path)
                index = 0
                for index, info in enumerate(message_entries(archive), start=1):
                    bestand = f"{path}!{printable(info.filename)}"
                    try:
                        data = _entry_bytes(archive, view, info)
                    except (*ZIP_ERRORS, OSError) as error:
                        raise FileRejected(bestand, None, f"zip-entry onleesbaar: {printable(str(error))}") from None
                    if data.startswith(ZIP_MAGIC):
                        raise FileRejected(bestand, None, "zip-bestand in een zip-bestand niet toegestaan")
                    yield bestand, index, data
            finally:
                if view is not None:
                    view.close()
    except ZIP_ERRORS as error:
        raise FileRejected(str(path), None, f"geen geldig zip-bestand: {printable(str(error))}") from None
    if index == 0:
        raise FileRejected(str(path), None, "zip-bestand bevat geen berichten")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """``archive.read(info)``, but never inflating past the declared size: ``read()`` without a size inflates
    a deflated entry's whole stream before it truncates, so a header that understates the size would
    still make us inflate a bomb. Cut short at the declared size, the CRC no longer matches."""
    with archive.open(info) as entry:
        return entry.read(info.file_size)


def _entry_bytes(archive: zipfile.ZipFile, view: mmap.mmap | None, info: zipfile.ZipInfo) -> bytes:
    """What ``archive.read(info)`` returns, decompressed straight from the mapped file.

    ``zipfile`` costs several times the decompression per small entry. Anything this
    does not verify to give the same bytes (other methods, encryption, a header or CRC
    that does not match) goes to ``zipfile`` (``_read``), with its own errors.
    """
    if view is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return _read(archive, info)
    offset = info.header_offset
    header = view[offset : offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        return _read(archive, info)
    magic, flags, method, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    start = offset + _LOCAL_HEADER.size
    name = view[start : start + name_length]
    encoding = "utf-8" if flags & _UTF8_NAME else archive.metadata_encoding or "cp437"  # as zipfile does
    if (
        magic != ZIP_MAGIC
        or method != info.compress_type
        or (flags | info.flag_bits) & _UNSUPPORTED_FLAGS
        or name.decode(encoding, "replace") != info.orig_filename
    ):
        return _read(archive, info)
    start += name_length + extra_length
    raw = view[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        return _read(archive, info)
    try:
        # Never more than one byte past the declared size: a forged header must not make us inflate a bomb.
        data = zlib.decompressobj(-15).decompress(raw, info.file_size + 1) if method == zipfile.ZIP_DEFLATED else raw
    except zlib.error:
        return _read(archive, info)
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return _read(archive, info)
    return data
