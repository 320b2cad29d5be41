"""A delivery as messages: a single .xml message, or a .zip with one message per entry.

Zip entries are decompressed straight from the memory-mapped file: ``zipfile`` costs more per
small entry than the decompression itself. Whatever this cannot verify to give the same bytes goes
to ``zipfile``, with its own errors.
"""

from __future__ import annotations

import mmap
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from pipelines.sources.base import FileRejected

ZIP_MAGIC = b"PK\x03\x04"

_LOCAL_HEADER = struct.Struct("<4s2xHH16xHH")  # signature, flags, method, name length, extra length
_UNSUPPORTED_FLAGS = 0x01 | 0x20 | 0x40  # encrypted, patched data, strong encryption: zipfile decides
_UTF8_NAME = 0x800


def is_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(ZIP_MAGIC)) == ZIP_MAGIC


def message_entries(archive: zipfile.ZipFile) -> Iterator[zipfile.ZipInfo]:
    # macOS archivers add resource forks under __MACOSX/; they are not messages.
    for info in archive.infolist():
        if not info.is_dir() and not info.filename.startswith("__MACOSX/"):
            yield info


def messages(path: Path) -> Iterator[tuple[str, int | None, bytes]]:
    """(bestand, message index in a zip or None, message bytes), one message in memory at a time."""
    if not is_zip(path):
        yield str(path), None, path.read_bytes()
        return
    try:
        with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            try:
                view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # not mappable: zipfile reads every entry
                view = None
            try:
                index = 0
                for index, info in enumerate(message_entries(archive), start=1):
                    bestand = f"{path}!{info.filename}"
                    try:
                        data = _entry_bytes(archive, view, info)
                    except (zipfile.BadZipFile, OSError) as error:
                        raise FileRejected(bestand, None, f"zip-entry onleesbaar: {error}") from None
                    yield bestand, index, data
            finally:
                if view is not None:
                    view.close()
    except zipfile.BadZipFile as error:
        raise FileRejected(str(path), None, f"geen geldig zip-bestand: {error}") from None
    if index == 0:
        raise FileRejected(str(path), None, "zip-bestand bevat geen berichten")


def _entry_bytes(archive: zipfile.ZipFile, view: mmap.mmap | None, info: zipfile.ZipInfo) -> bytes:
    """What ``archive.read(info)`` returns, decompressed straight from the mapped file.

    ``zipfile`` costs several times the decompression per small entry. Anything this
    does not verify to give the same bytes (other methods, encryption, a header or CRC
    that does not match) goes to ``archive.read``, with its own errors.
    """
    if view is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return archive.read(info)
    offset = info.header_offset
    header = view[offset : offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        return archive.read(info)
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
        return archive.read(info)
    start += name_length + extra_length
    raw = view[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        return archive.read(info)
    try:
        data = zlib.decompress(raw, -15) if method == zipfile.ZIP_DEFLATED else raw
    except zlib.error:
        return archive.read(info)
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return archive.read(info)
    return data
