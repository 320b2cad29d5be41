"""BSN checks and keyed pseudonyms.

The BSN never leaves the reading step: sources replace it by a keyed HMAC so the
warehouse can join a client's messages without being able to reverse them. The
key lives outside the warehouse (``Settings.key_path``); whoever holds only the
warehouse cannot recompute pseudonyms from a list of BSNs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

BSN_MASK = "*********"
_KEY_BYTES = 32
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def normalise_bsn(bsn: str) -> str | None:
    """The 9-digit form of ``bsn``, or None if it cannot be a BSN.

    8-digit input is left-padded: old BSNs (sofinummers) are often stored as
    numbers and lose their leading zero in spreadsheets.
    """
    digits = bsn.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 9):
        return None
    return digits.zfill(9)


def elfproef(bsn: str) -> bool:
    normalised = normalise_bsn(bsn)
    if normalised is None or normalised == "000000000":
        return False
    total = sum(int(digit) * weight for digit, weight in zip(normalised, _WEIGHTS, strict=False))
    return total % 11 == 0


def load_or_create_key(path: str | os.PathLike[str]) -> bytes:
    """Read the pseudonym key, creating it on first use.

    Reusing the key is what keeps pseudonyms stable between loads, so an
    existing key is never overwritten.
    """
    key_path = Path(path)
    if key_path.exists():
        key = key_path.read_bytes()
        if len(key) != _KEY_BYTES:
            raise ValueError(f"{key_path}: expected {_KEY_BYTES} bytes, found {len(key)}")
        return key
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(_KEY_BYTES)
    # O_EXCL: two processes starting at once must not both write a key.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    os.chmod(key_path, 0o600)  # os.open filtered the mode through the umask; make it exact
    return key


class Pseudonymiser:
    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("pseudonym key too short")
        self._key = key

    def pseudonym(self, bsn: str) -> str:
        normalised = normalise_bsn(bsn)
        if normalised is None:
            raise ValueError("not a BSN")
        digest = hmac.new(self._key, normalised.encode("ascii"), hashlib.sha256)
        return digest.hexdigest()[:32]


# What a reader derived from a BSN (its pseudonym, or why it has none), per pseudonym key and reader, kept across
# the files one (worker) process reads: a client comes back every month, in a 323 and its 325 and in every entity
# file of the case system, and the elfproef and HMAC cost more than the rest of a row.
_PROCESS_CACHES: dict[tuple[str, str], dict] = {}
PROCESS_CACHE_MAX = 500_000  # entries per reader, about 125 MB; then it starts again


def process_cache(pseudonymiser: Pseudonymiser, reader: str) -> dict:
    """The reader's cache for this pseudonymiser's key in this process (a new key starts it afresh)."""
    key = (pseudonymiser.pseudonym("000000000"), reader)  # names the key without reading it
    cache = _PROCESS_CACHES.get(key)
    if cache is None or len(cache) >= PROCESS_CACHE_MAX:
        for stale in [k for k in _PROCESS_CACHES if k[1] == reader]:
            del _PROCESS_CACHES[stale]
        cache = _PROCESS_CACHES[key] = {}
    return cache


def mask_bsn(text: str, bsn: str) -> str:
    """``text`` with every spelling of ``bsn`` (as given, 9-digit, 8-digit) masked."""
    spellings = {bsn.strip()}
    normalised = normalise_bsn(bsn)
    if normalised is not None:
        spellings |= {normalised, normalised.lstrip("0").zfill(8)}
    for spelling in sorted(filter(None, spellings), key=len, reverse=True):
        text = text.replace(spelling, BSN_MASK)
    return text
