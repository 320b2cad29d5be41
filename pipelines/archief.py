"""The archive of original files: every delivery exactly as it came, encrypted, kept for a retention period.

The originals hold what providers and systems sent, BSNs, names and addresses included, so they are
encrypted with their own key (``Settings.archive_key_path``), never the pseudonym key: whoever holds one key
cannot open the other's data. AES-256-GCM in chunks of 1 MiB, streaming (a delivery of hundreds of MB never
sits in memory whole), in the STREAM construction: each nonce is a random prefix of the file, the chunk's
number and a last-chunk flag, and the file's header is authenticated with every chunk, so a chunk that is
changed, dropped, moved or cut off makes decryption fail rather than return other data.

Folders are 0700 and files 0600. A file is archived under the day it arrived (``<map>/<jjjj-mm-dd>/``);
``opruimen`` removes the days older than the retention period (`stuurwiel archief opruimen`).

A file is written whole or not at all: encrypted into ``<map>/.onderweg/`` (named by the writing process), flushed,
renamed into its day, and the day's folder flushed, so a crash or power cut leaves the archived file complete or
absent. What a killed writer left in ``.onderweg`` is removed by the next archive write; one folder for all
temporaries keeps that check small however many days the archive holds.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pipelines.config import ARCHIVE_KEY_ENV, Settings
from pipelines.privacy import lees_sleutel
from pipelines.warehouse import fsync_map, leeft

MAGIC = b"STWARCH1"  # format version 1
SUFFIX = ".versleuteld"
CHUNK = 1 << 20
_PREFIX_BYTES = 7  # + 4 bytes chunk number + 1 byte last-chunk flag = the 12-byte GCM nonce
_TAG_BYTES = 16
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ONDERWEG = ".onderweg"  # the temporaries being written; hidden, and no day, so retention and readers skip it
_TIJDELIJK = re.compile(r".+\.(\d+)\.tmp")  # <archive file name>.<pid of its writer>.tmp


class ArchiefOnleesbaar(ValueError):
    """Not an archive file, the wrong key, or a file that was changed or cut off."""


@dataclass(frozen=True)
class Archief:
    map: Path
    sleutel: bytes  # 32 bytes: AES-256

    @classmethod
    def van(cls, settings: Settings) -> Archief:
        """The home's archive with its key; raises privacy.SleutelOntbreekt when the key is not there."""
        return cls(settings.archive_dir, lees_sleutel(settings.archive_key_path, "het archief", ARCHIVE_KEY_ENV))

    def bewaar(self, path: Path, sha: str) -> Path:
        """Encrypt ``path`` into today's folder, once per content (``sha``) and day; returns the archive file."""
        target = self.map / date.today().isoformat() / f"{sha[:12]}_{path.name}{SUFFIX}"
        _ruim_achtergelaten_op(self.map / ONDERWEG)
        if not target.exists():
            _versleutel_naar(path, target, self.sleutel, self.map / ONDERWEG)
        return target

    def versleutel_oude(self) -> list[Path]:
        """Encrypt the originals an earlier release archived unencrypted, each in place; returns the new files."""
        _ruim_achtergelaten_op(self.map / ONDERWEG)
        oude = [p for p in sorted(self.map.rglob("*")) if p.is_file() and not p.name.endswith((SUFFIX, ".tmp"))]
        for path in oude:
            _versleutel_naar(path, path.with_name(path.name + SUFFIX), self.sleutel, self.map / ONDERWEG)
            path.unlink()
        return [path.with_name(path.name + SUFFIX) for path in oude]


def opruimen(archiefmap: Path, bewaarjaren: int, vandaag: date | None = None) -> list[Path]:
    """Remove the days archived more than ``bewaarjaren`` years before ``vandaag``; returns their folders.

    Needs no key: the day a file arrived is its folder's name.
    """
    grens = _years_before(vandaag or date.today(), bewaarjaren)
    if not archiefmap.exists():
        return []
    weg = sorted(d for d in archiefmap.iterdir() if d.is_dir() and _DAY.fullmatch(d.name) and _day(d) < grens)
    for folder in weg:
        shutil.rmtree(folder)
    return weg


def _versleutel_naar(path: Path, target: Path, sleutel: bytes, onderweg: Path) -> None:
    """Encrypt ``path`` into ``target``, written in ``onderweg`` and renamed into place: a crash never leaves a
    half file that a later run would take for the archived original. The rename is flushed too (the folders'
    entries), so after a power cut the archived file is there, whole, before the inbox copy is removed."""
    nieuwe_dag = not target.parent.exists()
    _private_dir(target.parent)
    _private_dir(onderweg)
    tmp = onderweg / f"{target.name}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    try:
        with open(path, "rb") as src, _private_file(tmp) as dst:
            versleutel(src, dst, sleutel)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_map(target.parent)
    if nieuwe_dag:  # the day's folder itself is an entry of the archive folder
        fsync_map(target.parent.parent)


def _ruim_achtergelaten_op(onderweg: Path) -> None:
    """Remove the temporaries of writers that died mid-write (SIGKILL, power lost). A live process's file is left
    alone: loads are serialised by the load slot, but `stuurwiel archief versleutel-oude` runs beside them."""
    if not onderweg.is_dir():
        return
    for pad in onderweg.iterdir():
        treffer = _TIJDELIJK.fullmatch(pad.name)
        if treffer and not leeft(int(treffer.group(1))):
            pad.unlink(missing_ok=True)


def versleutel(src: BinaryIO, dst: BinaryIO, sleutel: bytes) -> None:
    prefix = os.urandom(_PREFIX_BYTES)
    header = MAGIC + prefix
    dst.write(header)
    aead = AESGCM(sleutel)
    for number, (chunk, last) in enumerate(_chunks(src, CHUNK)):
        dst.write(aead.encrypt(_nonce(prefix, number, last), chunk, header))


def ontsleutel(src: BinaryIO, dst: BinaryIO, sleutel: bytes) -> None:
    """Decrypt an archive file; raises ArchiefOnleesbaar when any part of it does not authenticate."""
    header = src.read(len(MAGIC) + _PREFIX_BYTES)
    if len(header) != len(MAGIC) + _PREFIX_BYTES or not header.startswith(MAGIC):
        raise ArchiefOnleesbaar("geen versleuteld archiefbestand van Stuurwiel")
    prefix = header[len(MAGIC) :]
    aead = AESGCM(sleutel)
    for number, (chunk, last) in enumerate(_chunks(src, CHUNK + _TAG_BYTES)):
        try:
            dst.write(aead.decrypt(_nonce(prefix, number, last), chunk, header))
        except InvalidTag:
            raise ArchiefOnleesbaar(
                f"blok {number + 1} is niet te ontsleutelen: verkeerde archiefsleutel, of het bestand is "
                "gewijzigd of afgekapt"
            ) from None


def ontsleutel_bestand(archiefbestand: Path, doel: Path, sleutel: bytes) -> None:
    """``archiefbestand`` decrypted into ``doel`` (mode 0600); nothing is left at ``doel`` when it fails."""
    try:
        with open(archiefbestand, "rb") as src, _private_file(doel) as dst:
            ontsleutel(src, dst, sleutel)
    except BaseException:
        doel.unlink(missing_ok=True)
        raise


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", number, last)


def _chunks(src: BinaryIO, size: int) -> Iterator[tuple[bytes, bool]]:
    """Blocks of ``size`` bytes and whether each is the last; an empty file is one empty last block."""
    current = src.read(size)
    while True:
        following = src.read(size)
        yield current, not following
        if not following:
            return
        current = following


def _private_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for level in (folder, folder.parent):  # the day's folder and the archive folder itself
        os.chmod(level, 0o700)


def _private_file(path: Path) -> BinaryIO:
    # O_EXCL: never write through a file (or link) that is already there.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)  # os.open filtered the mode through the umask; make it exact
    return os.fdopen(fd, "wb")


def _day(folder: Path) -> date:
    return date.fromisoformat(folder.name)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)
