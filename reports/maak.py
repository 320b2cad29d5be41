"""Make a report: content from the snapshot (inhoud.py), rendered (opmaak.py), optionally stored (opslag.py)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from pipelines.config import Settings
from reports import inhoud, opmaak, opslag
from reports.model import Rapport
from reports.opslag import FORMATEN
from reports.periode import Periode

_RENDER = {"html": lambda rapport: opmaak.html(rapport).encode("utf-8"), "pdf": opmaak.pdf}


def maak_bestanden(rapport: Rapport, formaten: tuple[str, ...] = FORMATEN) -> dict[str, bytes]:
    onbekend = set(formaten) - set(_RENDER)
    if onbekend:
        raise ValueError(f"onbekend formaat {', '.join(sorted(onbekend))}: kies pdf of html")
    return {formaat: _RENDER[formaat](rapport) for formaat in formaten}


def meta(rapport: Rapport, aanleiding: str) -> dict:
    """What rapport.json records: which data, when, why, and how final."""
    return {
        "gebiedsnaam": rapport.gebiedsnaam,
        "label": rapport.periode.label,
        "snapshot_versie": rapport.snapshot_versie,
        "gegevens_van": rapport.gegevens_van,
        "gemaakt_op": rapport.gemaakt_op.isoformat(),
        "status": rapport.status,
        "aanleiding": aanleiding,  # schema (after the gate) or handmatig
        "signalen": [asdict(s) for s in rapport.signalen],
        "toelichting": bool(rapport.conclusies or any(r.toelichting for rs in rapport.lagen.values() for r in rs)),
    }


def maak_en_bewaar(
    gebied: str, periode: Periode, settings: Settings | None = None, aanleiding: str = "handmatig"
) -> Path:
    """Make the PDF and HTML report of `gebied` over `periode` and store them under data/reports/; the folder."""
    settings = settings or Settings.from_env()
    rapport = inhoud.bouw(gebied, periode, settings)
    return opslag.bewaar(settings.reports_dir, gebied, periode, maak_bestanden(rapport), meta(rapport, aanleiding))
