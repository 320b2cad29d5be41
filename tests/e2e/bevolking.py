"""The population a rate per resident should divide by, worked out in plain Python from the files: the
gemeente's BRP delivery of 1 January (the demo's brp/ folder) where there is one; otherwise its CBS KWB age
groups on the CBS total, spread evenly over the years of a group (the documented estimate of int_bevolking).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from pipelines.config import REFERENCE_DIR

GROEPEN = {"0-14": (0, 14), "15-24": (15, 24), "25-44": (25, 44), "45-64": (45, 64), "65+": (65, 105)}


def brp_bestand(sources: Path, gemeente: str, jaar: int) -> Path | None:
    path = sources / "brp" / f"brp_{gemeente}_{jaar}.csv"
    return path if path.exists() else None


def _brp(path: Path, van: int, tot: int) -> int:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return sum(
            int(r["Aantal"]) for r in csv.DictReader(fh, delimiter=";") if van <= int(r["Leeftijd"].rstrip("+")) <= tot
        )


def _cbs_totaal(gemeente: str, jaar: int) -> int:
    with open(REFERENCE_DIR / "cbs" / "bevolking_per_gemeente_2019-2026_03759ned.csv", encoding="utf-8") as fh:
        return next(
            int(r["bevolking_1_januari"])
            for r in csv.DictReader(fh)
            if (r["regiocode"], r["jaar"]) == (gemeente, str(jaar))
        )


def _groepen(gemeente: str) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    with open(REFERENCE_DIR / "cbs" / "kwb_leeftijdsgroepen_per_gemeente_2021-2024.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter=";"):
            if r["gemeentecode"] == gemeente and r["leeftijdsgroep"] in GROEPEN:
                out.setdefault(int(r["jaar"]), {})[r["leeftijdsgroep"]] = int(r["aantal"])
    return out


def geschat_uit_cbs(gemeente: str, jaar: int, van: int, tot: int) -> int:
    """The CBS-group estimate: the year's groups (or the nearest year's shares) on the year's CBS total, each
    group counted for the share of its years that fall in ``van``..``tot``; rounded half up."""
    per_jaar = _groepen(gemeente)
    groepen = per_jaar[min(max(jaar, min(per_jaar)), max(per_jaar))]
    som = sum(groepen.values())
    deel = sum(
        n / som * max(0, min(tot, b) - max(van, a) + 1) / (b - a + 1)
        for naam, n in groepen.items()
        for a, b in [GROEPEN[naam]]
    )
    return math.floor(_cbs_totaal(gemeente, jaar) * deel + 0.5)


def inwoners(sources: Path, gemeente: str, jaar: int, van: int, tot: int) -> int:
    """Residents aged ``van``..``tot`` (105 = 105 and older) on 1 January of ``jaar``."""
    path = brp_bestand(sources, gemeente, jaar)
    return _brp(path, van, tot) if path else geschat_uit_cbs(gemeente, jaar, van, tot)
