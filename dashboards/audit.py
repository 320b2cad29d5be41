"""The audit log: who opened which page and downloaded what. Append-only for the application, tamper-evident.

One JSON object per line in ``STUURWIEL_AUDIT`` (default ``data/audit/toegang.jsonl`` beside the
snapshot). The app only ever opens it with O_APPEND and writes a whole line in one ``os.write``, so
concurrent sessions never interleave or rewrite earlier lines.

Each line carries ``vorige``: the SHA-256 of the line before it (``BEGIN`` for the first), so an edited or
deleted line breaks the chain at the next one. A chain alone cannot show that the newest lines were cut
off, so the app also keeps the head of the chain beside the log (``<log>.kop``: how many lines and the hash
of the last one, replaced atomically after each append) and chains a new line to that head, never to
whatever the file ends with now. ``controleer`` walks the chain and compares it with the head; the Logboek
page (beheer only) shows the verdict. Someone who can rewrite both files and recompute every hash is not
stopped by this: that needs a copy of the lines on a log host outside this machine.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from dashboards.toegang import Pagina, Toegang
from pipelines.config import Settings

KOLOMMEN = ["tijdstip", "gebruiker", "actie", "onderwerp"]
BEGIN = "0" * 64  # `vorige` of the first line
MODUS = 0o640  # owner writes, the group (beheer's account on the host) may read, nobody else


def pad() -> Path:
    return Settings.from_env().audit_path


def kop_pad(log: Path) -> Path:
    return log.with_name(log.name + ".kop")


def _hash(regel: bytes) -> str:
    return hashlib.sha256(regel.rstrip(b"\n")).hexdigest()


def schrijf(gebruiker: str, actie: str, onderwerp: str) -> None:
    """Append one event; never raises into the page (a full disk must not hide the figures)."""
    bestand = pad()
    try:
        bestand.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
        fd = os.open(bestand, os.O_WRONLY | os.O_APPEND | os.O_CREAT, MODUS)
        try:
            if os.fstat(fd).st_mode & 0o777 & ~MODUS:  # created wider by someone else: narrow it
                os.fchmod(fd, MODUS)
            # One writer at a time from reading the head to replacing it, or two sessions chain to the same line.
            fcntl.flock(fd, fcntl.LOCK_EX)
            aantal, vorige = _lees_kop(bestand)
            regel = _regel(gebruiker, actie, onderwerp, vorige)
            os.write(fd, regel)
            _schrijf_kop(bestand, aantal + 1, _hash(regel))
        finally:
            os.close(fd)  # releases the lock
    except OSError:
        pass


def _regel(gebruiker: str, actie: str, onderwerp: str, vorige: str) -> bytes:
    gebeurtenis = {
        "tijdstip": datetime.now().isoformat(timespec="seconds"),
        "gebruiker": gebruiker,
        "actie": actie,
        "onderwerp": onderwerp,
        "vorige": vorige,
    }
    return (json.dumps(gebeurtenis, ensure_ascii=False) + "\n").encode("utf-8")


def _lees_kop(log: Path) -> tuple[int, str]:
    """(lines, hash of the last line) as the app last wrote them; a log without a head starts one from its end."""
    try:
        kop = json.loads(kop_pad(log).read_text(encoding="utf-8"))
        return int(kop["regels"]), str(kop["laatste"])
    except FileNotFoundError:
        regels = log.read_bytes().splitlines() if log.exists() else []
        return len(regels), _hash(regels[-1]) if regels else BEGIN


def _schrijf_kop(log: Path, aantal: int, laatste: str) -> None:
    kop = kop_pad(log)
    tmp = kop.with_name(kop.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, MODUS)
    with os.fdopen(fd, "w", encoding="utf-8") as uit:
        json.dump({"regels": aantal, "laatste": laatste}, uit)
    os.replace(tmp, kop)


@dataclass(frozen=True)
class Keten:
    """The verdict on the log: intact, or the first line (1-based) where it was changed and why."""

    intact: bool
    regels: int
    regel: int | None = None
    reden: str = ""


def controleer(log: Path | None = None) -> Keten:
    """Walk the chain line by line and compare its end with the head the app kept."""
    log = log or pad()
    regels = log.read_bytes().splitlines() if log.exists() else []
    vorige = BEGIN
    for nummer, regel in enumerate(regels, start=1):
        try:
            gekoppeld = json.loads(regel).get("vorige")
        except (ValueError, AttributeError):
            return Keten(False, len(regels), nummer, "de regel is geen geldige logregel")
        if gekoppeld is None:
            return Keten(False, len(regels), nummer, "de regel draagt geen ketenwaarde")
        if gekoppeld != vorige:
            return Keten(False, len(regels), nummer, "de regel ervoor is gewijzigd of verwijderd")
        vorige = _hash(regel)
    try:
        kop = json.loads(kop_pad(log).read_text(encoding="utf-8"))
    except FileNotFoundError:
        if not regels:
            return Keten(True, 0)
        return Keten(False, len(regels), None, "het kopbestand van het logboek ontbreekt")
    if kop.get("regels") != len(regels) or kop.get("laatste") != vorige:
        reden = f"het logboek had {kop.get('regels')} regels en is ingekort of vervangen"
        return Keten(False, len(regels), None, reden)
    return Keten(True, len(regels))


def lees(toegang: Toegang, max_regels: int = 5000) -> pd.DataFrame:
    """The newest events first; only for a role that may open the Logboek page (beheer)."""
    toegang.eis(Pagina.LOGBOEK)
    bestand = pad()
    if not bestand.exists():
        return pd.DataFrame(columns=KOLOMMEN)
    regels = bestand.read_text(encoding="utf-8", errors="replace").splitlines()[-max_regels:]
    return pd.DataFrame([_gebeurtenis(r) for r in reversed(regels) if r.strip()], columns=KOLOMMEN)


def _gebeurtenis(regel: str) -> dict:
    """One line as a row; a line someone damaged is still listed, so beheer sees it beside the verdict."""
    try:
        gebeurtenis = json.loads(regel)
    except ValueError:
        gebeurtenis = None
    return gebeurtenis if isinstance(gebeurtenis, dict) else {"actie": "onleesbare regel", "onderwerp": regel[:200]}
