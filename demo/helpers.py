"""Helpers shared by the generator's modules: day arithmetic, stable hashes, numbered identifiers,
and the CSV dialect of the exported files.

Nothing here draws from the region's random generator. The hashes give the choices that must
not shift any draw (325 answers, requests, contract figures): a choice from a hash of a row's
own key leaves every other file byte-identical when it is added.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

NAT = np.datetime64("NaT", "D")


def days(values) -> np.ndarray:
    return np.asarray(values).astype(np.int64).astype("timedelta64[D]")


def workday(dates: np.ndarray) -> np.ndarray:
    """Next Monday-Friday: gemeenten decide and systems send on working days
    (public holidays are ignored). NaT stays NaT."""
    return np.busday_offset(dates, 0, roll="forward")


def workday_before(dates: np.ndarray) -> np.ndarray:
    """The last Monday-Friday on or before each date."""
    return np.busday_offset(dates, 0, roll="backward")


def workday_date(day: dt.date) -> dt.date:
    """``workday`` for one ``datetime.date``."""
    return workday(np.datetime64(day, "D")).item()


def mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a well-spread uint64 per uint64 (wrap-around intended)."""
    x = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def fraction(keys: np.ndarray, salt: int) -> np.ndarray:
    """A stable number in [0, 1) per integer key and salt (vectorised)."""
    h = mix(keys.astype(np.uint64) ^ np.uint64(salt * 0x9E3779B1))
    return (h >> np.uint64(11)).astype(np.float64) / 2.0**53


def key_fraction(*key: object) -> float:
    """A stable number in [0, 1) for any ``key`` of printable parts (one value, via SHA-256)."""
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def weighted(u: np.ndarray, choices) -> np.ndarray:
    """Per number ``u`` in [0, 1) a code from ``choices`` ((code, weight), ...)."""
    codes = np.array([c for c, _ in choices])
    bounds = np.cumsum([w for _, w in choices]) / sum(w for _, w in choices)
    return codes[np.minimum(np.searchsorted(bounds, u, side="right"), len(codes) - 1)]


def numbered(letter: str, n: int, after: int = 0) -> np.ndarray:
    """Identifiers of an entity: its letter and a running number, 'M1', 'M2', ... (from ``after`` + 1)."""
    return np.char.add(letter, (after + np.arange(1, n + 1)).astype("U8"))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence], encoding: str) -> None:
    """A delivered CSV as Dutch municipal systems export them: ';' separated, CRLF line ends."""
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
