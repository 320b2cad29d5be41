"""BSN checks and keyed pseudonyms.

The BSN never leaves the reading step: sources replace it by a keyed HMAC so the
warehouse can join a client's messages without being able to reverse them. The
key lives outside the warehouse (``Settings.key_path``); whoever holds only the
warehouse cannot recompute pseudonyms from a list of BSNs. Keys are made by an explicit command only, and
every load records its key's fingerprint, so a load with another key is refused (docs/security.md).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

BSN_MASK = "*********"
WEGGELATEN = "[weggelaten]"  # in place of a name, address or free text the quarantine does not show
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


class SleutelOntbreekt(FileNotFoundError):
    """A key file is not where the settings say: the load stops rather than make a new key (see maak_sleutel)."""


class SleutelGewijzigd(RuntimeError):
    """The pseudonym key differs from the one earlier loads used: its pseudonyms would not link to theirs."""


def maak_sleutel(path: str | os.PathLike[str]) -> bytes:
    """Create a new random key at ``path`` (mode 0600, its folder 0700); an existing key is never replaced.

    Only an explicit command calls this (`stuurwiel sleutel maak`, the demo and the test set-up): a key that
    is silently re-created when its path is wrong would give every client a new pseudonym, and every client
    would be counted twice.
    """
    key_path = Path(path)
    key_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_bytes(_KEY_BYTES)
    # O_EXCL: an existing key (or one a second process makes at the same moment) raises FileExistsError.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(key_path, 0o600)  # os.open filtered the mode through the umask; make it exact
    return key


def lees_sleutel(
    path: str | os.PathLike[str], wat: str = "pseudoniemen", omgeving: str = "STUURWIEL_KEY_FILE"
) -> bytes:
    """The key at ``path``; a missing one raises SleutelOntbreekt with what to do, in Dutch (users read it).

    ``wat`` names the key in the message, ``omgeving`` the environment setting that points at it.
    """
    key_path = Path(path)
    try:
        key = key_path.read_bytes()
    except FileNotFoundError:
        raise SleutelOntbreekt(
            f"De sleutel voor {wat} ontbreekt: {key_path}. Staat hij op een andere plek, wijs die dan aan met "
            f"{omgeving}. Alleen bij een nieuwe installatie maak je een nieuwe met `stuurwiel sleutel maak`: "
            "met een nieuwe sleutel sluiten eerdere loads niet meer aan."
        ) from None
    if len(key) != _KEY_BYTES:
        raise ValueError(f"{key_path}: expected {_KEY_BYTES} bytes, found {len(key)}")
    return key


_FINGERPRINT_LABEL = b"stuurwiel sleutel-vingerafdruk v1"


def vingerafdruk(key: bytes) -> str:
    """Names a key without revealing it (an HMAC of a fixed label): recorded with every load in meta.loads."""
    return hmac.new(key, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]


class Pseudonymiser:
    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("pseudonym key too short")
        self._key = key
        self.vingerafdruk = vingerafdruk(key)

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
    key = (pseudonymiser.vingerafdruk, reader)
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


# Groups of digits joined by single dots or spaces (123.456.782, 1234 56 782) or none (123456782): the ways a
# BSN is written in free text and spreadsheets.
_DIGIT_GROUPS = re.compile(r"\d+(?:[. ]\d+)*", re.ASCII)


def mask_elfproef(text: str) -> str:
    """``text`` with every number that could be a BSN masked: 8 or 9 digits passing the elfproef, also written in
    groups with dots or spaces, also inside a longer run of groups (``BSN 123.456.782 2025``)."""
    return _DIGIT_GROUPS.sub(_mask_groups, text)


def _mask_groups(match: re.Match) -> str:
    run = match.group(0)
    groups = [digits.span() for digits in re.finditer(r"\d+", run, re.ASCII)]
    spans = []  # every consecutive series of groups that together make an elfproef-valid number
    for first, (start, _) in enumerate(groups):
        digits = ""
        for group_start, group_end in groups[first:]:
            digits += run[group_start:group_end]
            if len(digits) > 9:
                break
            if len(digits) >= 8 and elfproef(digits):
                spans.append((start, group_end))
    out, position = [], 0
    for start, end in sorted(spans):  # overlapping spans become one mask
        if start >= position:
            out += [run[position:start], BSN_MASK]
        position = max(position, end)
    return "".join(out) + run[position:]
