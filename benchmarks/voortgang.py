"""Resuming `make bench`: a land run takes longer than a working day, so it keeps its progress and goes on after an
interruption instead of starting over.

``<werkmap>/voortgang.json`` records, as each finishes, every load (its figures) and every benchmark (its table rows).
A new run of the same scale by the same code (``bench.code_versie``: the same last commit of everything but the
runner's own result files, and no uncommitted changes to it) reuses what is recorded and measures only the rest;
every figure is still measured whole, in one go. A load or benchmark that was interrupted is not recorded and runs
again from the start: a half-loaded home is removed first, because loading into it would be an incremental load.
Another scale, other code or ``--opnieuw`` start over with an empty werkmap.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from benchmarks.laden import Lading
from benchmarks.meting import Meting, NietGedraaid

BESTAND = "voortgang.json"


class Voortgang:
    """The recorded progress of one benchmark run in its werkmap."""

    def __init__(self, pad: Path, data: dict):
        self.pad = pad
        self.data = data

    @classmethod
    def begin(cls, werkmap: Path, scale: str, code: str, opnieuw: bool = False) -> Voortgang:
        """The progress of the run to resume in ``werkmap``, or a new run in an emptied werkmap."""
        pad = werkmap / BESTAND
        if not opnieuw and pad.exists() and not code.endswith("-dirty"):
            data = json.loads(pad.read_text(encoding="utf-8"))
            if data.get("scale") == scale and data.get("code") == code:
                data["delen"] += 1
                voortgang = cls(pad, data)
                voortgang._schrijf()
                klaar = list(data["ladingen"]) + [f"benchmark {k}" for k in data["metingen"]]
                _zeg(f"resuming the run in {werkmap} (code {code}), part {data['delen']}; done: {', '.join(klaar)}")
                return voortgang
        if werkmap.exists():
            shutil.rmtree(werkmap)
        werkmap.mkdir(parents=True)
        data = {"scale": scale, "code": code, "belasting": os.getloadavg()[0], "delen": 1}
        data |= {"ladingen": {}, "metingen": {}, "begonnen": []}
        voortgang = cls(pad, data)
        voortgang._schrijf()
        return voortgang

    @property
    def belasting(self) -> float:
        """The load average when the run first started."""
        return self.data["belasting"]

    @property
    def delen(self) -> int:
        """In how many parts (sessions) the run was measured."""
        return self.data["delen"]

    def lading(self, naam: str, home: Path, laad: Callable[[], Lading]) -> Lading:
        """The recorded load ``naam``, or ``laad()`` into a fresh ``home``, recorded."""
        if naam in self.data["ladingen"]:
            gegevens = self.data["ladingen"][naam]
            return Lading(**(gegevens | {"home": Path(gegevens["home"])}))
        if home.exists():  # an interrupted attempt: loading on top of it would be an incremental load
            shutil.rmtree(home)
        lading = laad()
        self.data["ladingen"][naam] = asdict(lading) | {"home": str(lading.home)}
        self._schrijf()
        return lading

    def metingen(
        self, sleutel: str, meet: Callable[[], list[Meting | NietGedraaid]], onderbroken: NietGedraaid | None = None
    ) -> list[Meting | NietGedraaid]:
        """The recorded rows of benchmark ``sleutel``, or ``meet()``, recorded when every row has a figure.

        A benchmark that changes what a later attempt would measure (it loads into the run's home) passes
        ``onderbroken``: once interrupted, it is not run again in this run, and that line stands in the table."""
        if sleutel in self.data["metingen"]:
            return [_rij(d) for d in self.data["metingen"][sleutel]]
        if onderbroken is not None and sleutel in self.data["begonnen"]:
            return [onderbroken]
        self.data["begonnen"].append(sleutel)
        self._schrijf()
        rijen = meet()
        if not any(isinstance(r, NietGedraaid) for r in rijen):  # a failure is tried again when the run resumes
            self.data["metingen"][sleutel] = [asdict(r) | {"soort": type(r).__name__} for r in rijen]
            self._schrijf()
        return rijen

    def _schrijf(self) -> None:
        tijdelijk = self.pad.with_suffix(".tmp")
        tijdelijk.write_text(json.dumps(self.data, indent=1), encoding="utf-8")
        os.replace(tijdelijk, self.pad)  # a run killed while writing keeps the previous progress


def _rij(gegevens: dict) -> Meting | NietGedraaid:
    soort = {"Meting": Meting, "NietGedraaid": NietGedraaid}[gegevens.pop("soort")]
    return soort(**gegevens)


def _zeg(bericht: str) -> None:
    print(bericht, file=sys.stderr, flush=True)
