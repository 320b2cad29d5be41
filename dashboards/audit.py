"""The audit log: who opened which page and downloaded what. Append-only for the application.

One JSON object per line in ``STUURWIEL_AUDIT`` (default ``data/audit/toegang.jsonl`` beside the
snapshot). The app only ever opens it with O_APPEND and writes a whole line in one ``os.write``, so
concurrent sessions never interleave or rewrite earlier lines; beheer reads it on the Logboek page.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipelines.config import Settings

KOLOMMEN = ["tijdstip", "gebruiker", "actie", "onderwerp"]


def pad() -> Path:
    return Settings.from_env().audit_path


def schrijf(gebruiker: str, actie: str, onderwerp: str) -> None:
    """Append one event; never raises into the page (a full disk must not hide the figures)."""
    regel = (
        json.dumps(
            {
                "tijdstip": datetime.now().isoformat(timespec="seconds"),
                "gebruiker": gebruiker,
                "actie": actie,
                "onderwerp": onderwerp,
            },
            ensure_ascii=False,
        )
        + "\n"
    )
    bestand = pad()
    try:
        bestand.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(bestand, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, regel.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError:
        pass


def lees(max_regels: int = 5000) -> pd.DataFrame:
    """The newest events first (beheer only: the Logboek page checks the role)."""
    bestand = pad()
    if not bestand.exists():
        return pd.DataFrame(columns=KOLOMMEN)
    regels = bestand.read_text(encoding="utf-8").splitlines()[-max_regels:]
    rijen = [json.loads(r) for r in reversed(regels) if r.strip()]
    return pd.DataFrame(rijen, columns=KOLOMMEN)
