"""Signals: which indicators a council member should know about first, each as one plain Dutch sentence.

Pure functions over the rows of data.stand, so the overview page and (later) the council report rank
and word them the same way. Only definitief, published values with a norm can be a signal: a
voorlopig month or a hidden cell never raises an alarm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboards.format import nl_waarde

GEWICHT = {"uit_koers": 2.0, "aandacht": 1.0}
MAX_SIGNALEN = 5


@dataclass(frozen=True)
class Signaal:
    indicator_id: str
    laag: str
    status: str
    zin: str
    score: float


def _leeg(waarde) -> bool:
    return waarde is None or (isinstance(waarde, float) and math.isnan(waarde)) or pd.isna(waarde)


def zin(
    naam: str, eenheid: str, waarde: float, vorig: float | None, norm: float | None, richting: str, vorig_label: str
) -> str:
    """'Wachttijd tot start zorg steeg van 32 dagen naar 41 dagen en ligt boven de norm van 35 dagen.'"""
    nu = nl_waarde(waarde, eenheid)
    if _leeg(vorig):
        begin = f"{naam} is {nu}"
    else:
        oud = nl_waarde(vorig, eenheid)
        if oud == nu:
            begin = f"{naam} is {nu}, net als in {vorig_label}"
        else:
            werkwoord = "steeg" if waarde > vorig else "daalde"
            begin = f"{naam} {werkwoord} van {oud} ({vorig_label}) naar {nu}"
    if _leeg(norm):
        return begin + "."
    norm_tekst = nl_waarde(norm, eenheid)
    if nl_waarde(waarde, eenheid) == norm_tekst:
        return f"{begin} en ligt op de norm van {norm_tekst}."
    goed = (waarde >= norm) if richting == "hoger_is_beter" else (waarde <= norm)
    positie = "binnen" if goed else ("boven" if waarde > norm else "onder")
    return f"{begin} en ligt {positie} de norm van {norm_tekst}."


def signalen(stand: pd.DataFrame, vorig_label: str = "een jaar eerder", maximum: int = MAX_SIGNALEN) -> list[Signaal]:
    """The indicators off course or needing attention, most important first.

    Score: the status (uit koers before aandacht), then how far the value is from its norm relative to
    the norm (capped at 100%), plus half a point when it moved the wrong way against a year earlier.
    """
    uit = []
    for _, r in stand.iterrows():
        if r["status"] not in GEWICHT or r["onderdrukt"] or r["vintage"] != "definitief" or _leeg(r["waarde"]):
            continue
        afstand = min(abs(r["waarde"] - r["norm"]) / abs(r["norm"]), 1.0) if r["norm"] else 0.0
        slechter = 0.0
        if not _leeg(r["waarde_vorig_jaar"]):
            delta = r["waarde"] - r["waarde_vorig_jaar"]
            slechter = 0.5 if (delta < 0 if r["richting"] == "hoger_is_beter" else delta > 0) else 0.0
        tekst = zin(r["naam"], r["eenheid"], r["waarde"], r["waarde_vorig_jaar"], r["norm"], r["richting"], vorig_label)
        uit.append(Signaal(r["indicator_id"], r["laag"], r["status"], tekst, GEWICHT[r["status"]] + afstand + slechter))
    return sorted(uit, key=lambda s: -s.score)[:maximum]
