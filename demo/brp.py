"""The gemeente's BRP counts: residents by single year of age, wijk and peildatum 1 January, as a
gemeente exports them (pipelines/sources/brp.py, docs/contracts/brp.md).

Consistent with real CBS, nothing random: per gemeente and year the total is the CBS 1 January population
(03759ned) and the sums over the KWB age groups 0-14, 15-24, 25-44, 45-64 and 65+ are the real KWB counts
(data/reference/cbs/kwb_leeftijdsgroepen_*; a year outside 2021-2024 takes the nearest year's group
shares on its own total). Within a group the count is spread over single years by a smooth fixed shape
(``_gewichten``); each age is split over the wijken by their KWB 2024 populations. Every split rounds by
largest remainder, so every sum above holds exactly.

In a region of several gemeenten the smallest delivers no BRP for the last year: the fallback to CBS age
groups (an estimate, flagged in the dashboards) is then visible in the demo. A one-gemeente demo delivers
every year.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from demo.frame import FrameGemeente, load_frame
from demo.helpers import write_csv
from demo.model import Region
from pipelines.config import REFERENCE_DIR

HEADER = ["Gemeentecode", "Wijkcode", "Peildatum", "Leeftijd", "Aantal"]
MAX_LEEFTIJD = 105  # written as "105+": 105 and older
_GROEPEN_FILE = REFERENCE_DIR / "cbs" / "kwb_leeftijdsgroepen_per_gemeente_2021-2024.csv"
GROEPEN = ((0, 14), (15, 24), (25, 44), (45, 64), (65, MAX_LEEFTIJD))


def write_brp(region: Region, folder: Path) -> int:
    """One file per gemeente and year, ``brp/brp_<gemeentecode>_<jaar>.csv``; returns the number of files."""
    frame = load_frame([g.code for g in region.gemeenten], range(region.start_year, region.end_year + 1))
    zonder = zonder_brp(frame, region.end_year)
    groepen = kwb_groepen()
    folder.mkdir(parents=True, exist_ok=True)
    files = 0
    for fg in frame:
        for jaar in range(region.start_year, region.end_year + 1):
            if (fg.code, jaar) == zonder:
                continue
            per_leeftijd = leeftijden(groepen_in_jaar(groepen[fg.code], jaar, fg.bevolking[jaar]))
            write_csv(folder / f"brp_{fg.code}_{jaar}.csv", HEADER, _regels(fg, jaar, per_leeftijd), "utf-8-sig")
            files += 1
    return files


def zonder_brp(frame: list[FrameGemeente], jaar: int) -> tuple[str, int] | None:
    """The gemeente (smallest on 1 January of ``jaar``) and year without a BRP delivery, if any."""
    if len(frame) < 2:
        return None
    return min(frame, key=lambda fg: (fg.bevolking[jaar], fg.code)).code, jaar


def kwb_groepen() -> dict[str, dict[int, list[int]]]:
    """Per gemeente and KWB year, the counts of the five age groups in GROEPEN order."""
    volgorde = {"0-14": 0, "15-24": 1, "25-44": 2, "45-64": 3, "65+": 4}
    out: dict[str, dict[int, list[int]]] = {}
    with open(_GROEPEN_FILE, encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter=";"):
            if r["leeftijdsgroep"] in volgorde:
                counts = out.setdefault(r["gemeentecode"], {}).setdefault(int(r["jaar"]), [0] * len(GROEPEN))
                counts[volgorde[r["leeftijdsgroep"]]] = int(r["aantal"])
    return out


def groepen_in_jaar(per_jaar: dict[int, list[int]], jaar: int, totaal: int) -> list[int]:
    """The five group counts for ``jaar`` summing to the CBS ``totaal``: the year's own KWB counts, or the
    nearest KWB year's shares on ``totaal``."""
    kwb_jaar = min(max(jaar, min(per_jaar)), max(per_jaar))
    return verdeel(totaal, np.array(per_jaar[kwb_jaar], dtype=float))


def leeftijden(groepen: list[int]) -> list[int]:
    """Residents per single year 0..105 whose sum over each group is that group's count."""
    out: list[int] = []
    for (van, tot), aantal in zip(GROEPEN, groepen, strict=True):
        out.extend(verdeel(aantal, _gewichten(van, tot, groepen)))
    return out


def _gewichten(van: int, tot: int, groepen: list[int]) -> np.ndarray:
    """A smooth shape within a group: up to 64, the density (residents per year) interpolated linearly
    between the groups' midpoints, so it runs on without a step at a group border; from 65 it falls
    with the square of the years left to 106, as mortality thins the oldest ages."""
    if van >= GROEPEN[-1][0]:
        return (MAX_LEEFTIJD + 1 - np.arange(van, tot + 1)) ** 2.0
    midden = [(a + b) / 2 for a, b in GROEPEN[:-1]]
    dichtheid = [n / (b - a + 1) for (a, b), n in zip(GROEPEN[:-1], groepen, strict=False)]
    return np.interp(np.arange(van, tot + 1), midden, dichtheid)


def verdeel(totaal: int, gewichten: np.ndarray) -> list[int]:
    """``totaal`` split in proportion to ``gewichten`` in whole numbers summing to ``totaal`` (largest
    remainder; ties to the lower index)."""
    exact = totaal * gewichten / gewichten.sum()
    out = np.floor(exact).astype(int)
    rest = totaal - int(out.sum())
    out[np.argsort(-(exact - out), kind="stable")[:rest]] += 1
    return out.tolist()


def _regels(fg: FrameGemeente, jaar: int, per_leeftijd: list[int]) -> list[list]:
    """Per age, its residents over the wijken in proportion to their KWB 2024 populations."""
    wijk_gewichten = np.array([w.inwoners for w in fg.wijken], dtype=float)
    regels = []
    for leeftijd, aantal in enumerate(per_leeftijd):
        label = f"{MAX_LEEFTIJD}+" if leeftijd == MAX_LEEFTIJD else str(leeftijd)
        for wijk, n in zip(fg.wijken, verdeel(aantal, wijk_gewichten), strict=True):
            regels.append([fg.code, wijk.code, f"01-01-{jaar}", label, n])
    return regels
