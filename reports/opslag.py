"""Stored reports and the civil servant's toelichting, one folder per gebied and period under data/reports/.

    data/reports/GM0153/2025-Q3/rapport.pdf, rapport.html   the report as it went out
    data/reports/GM0153/2025-Q3/rapport.json                 gebied, periode, snapshot version, made when, by what
    data/reports/GM0153/2025-Q3/toelichting.yaml              per indicator, conclusies, maatregelen; author, when

The toelichting is written before the report goes out and stays with it; the next report of the same kind
shows it as history. Files are replaced atomically, so the dashboard never offers half a report. Free text
is refused when it holds a number that passes the BSN elfproef: no BSN may reach a report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from pipelines.privacy import elfproef
from pipelines.warehouse import vervang_atomair
from reports.periode import Periode, parse

FORMATEN = ("pdf", "html")
_GEBIED = re.compile(r"^(GM\d{4}|REGIO)$")
_NEGEN_CIJFERS = re.compile(r"(?<!\d)\d(?:[ .]?\d){7,8}(?!\d)")
HISTORIE = 4  # earlier toelichtingen shown per indicator


class OngeldigeToelichting(ValueError):
    """A toelichting that may not be stored (it would carry a BSN into a report)."""


@dataclass
class Toelichtingen:
    """What a civil servant wrote for one report: per indicator, and the conclusions and measures."""

    indicatoren: dict[str, str] = field(default_factory=dict)
    conclusies: str = ""
    maatregelen: str = ""
    auteur: str = ""
    bijgewerkt_op: str = ""  # ISO timestamp


def map_voor(root: Path, gebied: str, periode: Periode) -> Path:
    if not _GEBIED.match(gebied):
        raise ValueError(f"onbekend gebied {gebied!r}: gebruik een gemeentecode (GM0153) of REGIO")
    return root / gebied / periode.code


def lees_toelichting(root: Path, gebied: str, periode: Periode) -> Toelichtingen:
    pad = map_voor(root, gebied, periode) / "toelichting.yaml"
    if not pad.exists():
        return Toelichtingen()
    ruw = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
    return Toelichtingen(
        indicatoren={str(k): str(v) for k, v in (ruw.get("indicatoren") or {}).items() if str(v).strip()},
        conclusies=str(ruw.get("conclusies") or ""),
        maatregelen=str(ruw.get("maatregelen") or ""),
        auteur=str(ruw.get("auteur") or ""),
        bijgewerkt_op=str(ruw.get("bijgewerkt_op") or ""),
    )


def schrijf_toelichting(root: Path, gebied: str, periode: Periode, toelichting: Toelichtingen) -> Path:
    """Store the toelichting for the report of `periode`; refuses text that holds a BSN."""
    teksten = {"conclusies": toelichting.conclusies, "maatregelen": toelichting.maatregelen}
    teksten.update({f"toelichting bij {k}": v for k, v in toelichting.indicatoren.items()})
    for waar, tekst in teksten.items():
        if any(elfproef(re.sub(r"[ .]", "", m)) for m in _NEGEN_CIJFERS.findall(tekst or "")):
            raise OngeldigeToelichting(
                f"{waar}: de tekst bevat een nummer dat een BSN kan zijn; een rapport mag geen BSN bevatten"
            )
    inhoud = {
        "indicatoren": {k: v.strip() for k, v in sorted(toelichting.indicatoren.items()) if v and v.strip()},
        "conclusies": toelichting.conclusies.strip(),
        "maatregelen": toelichting.maatregelen.strip(),
        "auteur": toelichting.auteur,
        "bijgewerkt_op": datetime.now().isoformat(timespec="seconds"),
    }
    pad = map_voor(root, gebied, periode) / "toelichting.yaml"
    tekst = yaml.safe_dump(inhoud, allow_unicode=True, sort_keys=False)
    vervang_atomair(pad, lambda tmp: tmp.write_text(tekst, encoding="utf-8"))
    return pad


def eerdere_toelichtingen(
    root: Path, gebied: str, periode: Periode, aantal: int = HISTORIE
) -> list[tuple[Periode, Toelichtingen]]:
    """The toelichtingen of the `aantal` periods of the same kind before `periode`, newest first (empty skipped)."""
    uit = []
    for stap in range(1, aantal + 1):
        eerder = periode.terug(stap)
        toelichting = lees_toelichting(root, gebied, eerder)
        if toelichting.indicatoren or toelichting.conclusies or toelichting.maatregelen:
            uit.append((eerder, toelichting))
    return uit


def bewaar(root: Path, gebied: str, periode: Periode, bestanden: dict[str, bytes], meta: dict) -> Path:
    """Store a made report: each format's bytes, then rapport.json (written last: a listed report is whole)."""
    map_ = map_voor(root, gebied, periode)
    for formaat, inhoud in bestanden.items():
        if formaat not in FORMATEN:
            raise ValueError(f"onbekend formaat {formaat}")
        vervang_atomair(map_ / f"rapport.{formaat}", lambda tmp, b=inhoud: tmp.write_bytes(b))
    volledig = {**meta, "gebied": gebied, "periode": periode.code, "bestanden": sorted(bestanden)}
    tekst = json.dumps(volledig, ensure_ascii=False, indent=2, default=str)
    vervang_atomair(map_ / "rapport.json", lambda tmp: tmp.write_text(tekst, encoding="utf-8"))
    return map_


def lees_meta(root: Path, gebied: str, periode: Periode) -> dict | None:
    pad = map_voor(root, gebied, periode) / "rapport.json"
    return json.loads(pad.read_text(encoding="utf-8")) if pad.exists() else None


def lijst(root: Path, gebieden: list[str]) -> list[dict]:
    """The stored reports of these gebieden, each rapport.json plus its folder ('map'): the latest period end
    first, at the same end the longer period (the year before its fourth quarter), then in `gebieden`'s order."""
    gevonden = []
    for volgnummer, gebied in enumerate(gebieden):
        if not _GEBIED.match(gebied) or not (root / gebied).is_dir():
            continue
        for map_ in (root / gebied).iterdir():
            meta_pad = map_ / "rapport.json"
            try:
                periode = parse(map_.name)
            except ValueError:
                continue
            if meta_pad.exists():
                meta = json.loads(meta_pad.read_text(encoding="utf-8"))
                gevonden.append(((-periode.eind.toordinal(), -periode.maanden, volgnummer), {**meta, "map": str(map_)}))
    return [meta for _, meta in sorted(gevonden, key=lambda paar: paar[0])]
