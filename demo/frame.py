"""The region frame: which gemeenten, how many inhabitants, which wijken.

Everything here is real CBS data from ``data/reference``; everything random lives
in the generator. Population by age is not in the reference data, so a national
age distribution is applied to the real totals (see ``AGE_BANDS``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pipelines.config import Settings

_GEMEENTEN_FILE = "cbs/gemeenten_2026_provincie_jeugdregio.csv"
_BEVOLKING_FILE = "cbs/bevolking_per_gemeente_2019-2026_03759ned.csv"
_KWB_FILE = "cbs/kwb_2024_gemeenten_wijken_85984NED.csv"


def _all_gemeenten_2025() -> list[str]:
    """The 342 gemeenten of 2025 (the 2026 list has the same indeling)."""
    with open(Settings.from_env().reference_dir / _GEMEENTEN_FILE, encoding="utf-8") as f:
        return [row["statcode"] for row in csv.DictReader(f)]


SCALES: dict[str, list[str]] = {
    "gemeente": ["GM0153"],
    "regio": ["GM0153", "GM0168", "GM1774", "GM0183", "GM1742", "GM0193", "GM0200"],
    "land": _all_gemeenten_2025(),
}

# (label, lowest age, highest age, share of the population). National shape,
# rounded from CBS StatLine 7461BEV (1 January 2024) [B: not in the reference data,
# author's rounding]: 0-17 = 19.3 %, 75+ = 8.5 %.
AGE_BANDS: tuple[tuple[str, int, int, float], ...] = (
    ("0-3", 0, 3, 0.042),
    ("4-11", 4, 11, 0.088),
    ("12-17", 12, 17, 0.063),
    ("18-64", 18, 64, 0.600),
    ("65-74", 65, 74, 0.122),
    ("75-84", 75, 84, 0.063),
    ("85+", 85, 94, 0.022),  # ages drawn up to 94: clients age further during the simulation
)


@dataclass(frozen=True)
class Wijk:
    code: str  # 'WK015301'
    inwoners: int
    pc4: int  # synthetic postcode area, one per wijk, stable across runs and scales


@dataclass(frozen=True)
class FrameGemeente:
    code: str  # 'GM0153'
    naam: str
    bevolking: dict[int, int]  # year -> inhabitants on 1 January
    wijken: tuple[Wijk, ...]


def load_frame(gemeenten: list[str], years: range, reference_dir: Path | None = None) -> list[FrameGemeente]:
    ref = reference_dir or Settings.from_env().reference_dir
    namen = _read_names(ref / _GEMEENTEN_FILE)
    bevolking = _read_bevolking(ref / _BEVOLKING_FILE)
    wijken = _read_wijken(ref / _KWB_FILE)
    unknown = [g for g in gemeenten if g not in namen]
    if unknown:
        raise ValueError(f"unknown gemeentecodes: {unknown}")
    return [
        FrameGemeente(g, namen[g], _fill_years(bevolking.get(g, {}), years, g), tuple(wijken[g])) for g in gemeenten
    ]


def jeugdregios(reference_dir: Path | None = None) -> dict[str, list[str]]:
    """The gemeenten of every jeugdregio (indeling 2026, the same gemeenten as 2025), in file order."""
    ref = reference_dir or Settings.from_env().reference_dir
    out: dict[str, list[str]] = {}
    with open(ref / _GEMEENTEN_FILE, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["jeugdregio"], []).append(row["statcode"])
    return out


def _fill_years(per_year: dict[int, int], years: range, code: str) -> dict[int, int]:
    """Population for every year; gemeenten formed by a merger after the first
    year (e.g. GM1980 in 2022) get their earliest known figure for earlier years."""
    if not per_year:
        raise ValueError(f"{code}: no population figures")
    earliest = per_year[min(per_year)]
    return {y: per_year.get(y, earliest) for y in years}


def _read_names(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8") as f:
        return {row["statcode"]: row["gemeentenaam"] for row in csv.DictReader(f)}


def _read_bevolking(path: Path) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["bevolking_1_januari"]:
                out.setdefault(row["regiocode"], {})[int(row["jaar"])] = int(row["bevolking_1_januari"])
    return out


def _read_wijken(path: Path) -> dict[str, list[Wijk]]:
    with open(path, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["soort"] == "Wijk" and r["AantalInwoners_5"]]
    # PC4 from the national rank of the wijkcode: every wijk gets its own area
    # (about 3,300 wijken fit in 1000-9999 with a step of 2).
    pc4 = {code: 1000 + 2 * rank for rank, code in enumerate(sorted(r["regiocode"] for r in rows))}
    out: dict[str, list[Wijk]] = {}
    for r in rows:
        out.setdefault(r["gemeentecode"], []).append(
            Wijk(r["regiocode"], int(r["AantalInwoners_5"]), pc4[r["regiocode"]])
        )
    return out
