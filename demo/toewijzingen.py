"""From simulated care to toewijzingen as the gemeente administers them: the ToewijzingNummer and
time of each 301, its Einddatum, the later versions (extensions, the closing version after a stop,
withdrawal), the dagtekening of the 305 and 307, the allocated volume and the price.

Called at the end of ``care.simulate_care``, so its draws come right after the care's, in the
same order as before this was a module of its own.
"""

from __future__ import annotations

import numpy as np

from demo import rates
from demo.catalog import CODES, TAAK, TOEWIJZING_DAGEN, WETTEN, P, tarief_cent
from demo.frame import FrameGemeente
from demo.helpers import NAT, days, fraction, workday
from demo.model import ToewijzingWijzigingen, Trajectories

_P_OPEN = np.array([p.open_einde for p in P])
_P_TAAK = np.array([p.variant == TAAK for p in P])
_STOP_WIJZIGING = (rates.REDEN_WIJZIGING, rates.REDEN_WIJZIGING_WMO)


def build_toewijzingen(
    rng, t: dict[str, np.ndarray], frame: list[FrameGemeente], peildatum: np.datetime64, aanbieder_factor: np.ndarray
) -> tuple[Trajectories, ToewijzingWijzigingen]:
    """The toewijzingen of the simulated care ``t`` (see demo/care.py), with their later versions."""
    n, p = len(t["toew"]), t["product"]
    taak = _P_TAAK[p]
    einddatum = np.where(taak | (rng.random(n) < _P_OPEN[p]), NAT, t["ingang"] + days(TOEWIJZING_DAGEN[p] - 1))
    tijd = _times(rng, n)
    dag_start, dag_stop = _message_dates(rng, t, taak, peildatum)
    wijzigingen = _wijzigingen(rng, t, einddatum, dag_stop, taak, peildatum)
    codes = np.array(CODES)[p]
    trajectories = Trajectories(
        wet=np.array(WETTEN)[t["wet"]],
        gemeentecode=np.array([fg.code for fg in frame])[t["gemeente"]],
        person=t["person"],
        aanbieder=t["aanbieder"],
        toewijzingnummer=_numbers(t, tijd, taak),
        productcategorie=np.array([q.categorie for q in P])[p],
        productcode=codes,
        eenheid=np.array([q.eenheid for q in P])[p],
        frequentie=np.array([q.frequentie for q in P])[p],
        volume=_volumes(rng, p),
        tarief_cent=tarief_cent(p, aanbieder_factor[t["aanbieder"]], t["ingang"]),
        toewijzingsdatum=t["toew"],
        toewijzingstijd=tijd,
        ingangsdatum=t["ingang"],
        einddatum=einddatum,
        begindatum=t["begin"],
        einddatum_zorg=t["eind"],
        reden_beeindiging=t["reden"],
        dagtekening_start=dag_start,
        dagtekening_stop=dag_stop,
        conversie=t["conversie"],
    )
    return trajectories, wijzigingen


def _times(rng, n: int) -> np.ndarray:
    seconds = rng.integers(8 * 3600, 18 * 3600, n)
    return np.array([f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in seconds.tolist()], dtype="U8")


def _delay(rng, n: int) -> np.ndarray:
    on_time, max_on_time, max_late = rates.MESSAGE_DELAY
    return days(
        np.where(
            rng.random(n) < on_time, rng.integers(0, max_on_time + 1, n), rng.integers(max_on_time + 1, max_late + 1, n)
        )
    )


def _message_dates(rng, t, taak: np.ndarray, peildatum) -> tuple[np.ndarray, np.ndarray]:
    """Dagtekening of the 305 and 307. A start can only be reported once the
    toewijzing is there (taakgericht care has no toewijzing)."""
    n = len(taak)
    start = workday(t["begin"] + _delay(rng, n))
    start = np.where(taak, start, np.maximum(start, t["toew"]))
    stop = np.maximum(workday(t["eind"] + _delay(rng, n)), start)
    return np.where(start > peildatum, NAT, start), np.where(stop > peildatum, NAT, stop)


def _wijzigingen(rng, t, einddatum, dag_stop, taak, peildatum) -> ToewijzingWijzigingen:
    """Later 301 versions: extensions while care goes on (04), the gemeente's
    closing version after certain stops (JZ588/WMO588 table), and withdrawal of
    some toewijzingen that never started (13)."""
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    last = t["toew"].copy()
    cur_end = einddatum.copy()
    need_until = np.where(np.isnat(t["eind"]), peildatum, t["eind"])
    active = ~taak & ~np.isnat(t["begin"]) & (cur_end < need_until)
    while active.any():
        rows = np.flatnonzero(active)
        datum = np.maximum(workday(cur_end[rows] - days(rng.integers(14, 43, len(rows)))), last[rows] + days(1))
        rows, datum = rows[datum <= peildatum], datum[datum <= peildatum]
        cur_end[rows] = cur_end[rows] + days(TOEWIJZING_DAGEN[t["product"][rows]])
        last[rows] = datum
        parts.append((rows, datum, cur_end[rows], np.full(len(rows), "04")))
        active = np.zeros(len(active), dtype=bool)
        active[rows] = cur_end[rows] < need_until[rows]
    parts.append(_verlenging_na_peildatum(t, taak, cur_end, last, peildatum))

    reden = np.array(
        [_STOP_WIJZIGING[w].get(r, "") for w, r in zip(t["wet"].tolist(), t["reden"].tolist(), strict=False)]
    )
    rows = np.flatnonzero(~taak & (reden != "") & ~np.isnat(dag_stop))
    datum = np.where(
        t["reden"][rows] == "36",  # the gemeente ends it first, the aanbieder's 307 follows
        t["eind"][rows] - days(rng.integers(3, 11, len(rows))),
        dag_stop[rows] + days(rng.integers(1, 6, len(rows))),
    )
    datum = np.maximum(workday(datum), last[rows] + days(1))
    ok = datum <= peildatum
    parts.append((rows[ok], datum[ok], t["eind"][rows[ok]], reden[rows[ok]]))

    withdrawn = np.flatnonzero(~taak & t["never"] & (rng.random(len(taak)) < rates.WITHDRAWN))
    datum = workday(np.maximum(t["ingang"][withdrawn], last[withdrawn]) + days(rng.integers(14, 61, len(withdrawn))))
    ok = datum <= peildatum
    parts.append((withdrawn[ok], datum[ok], t["ingang"][withdrawn[ok]], np.full(ok.sum(), "13")))

    rows, datum, eind, reden = (np.concatenate(x) for x in zip(*parts, strict=False))
    order = np.lexsort((datum, rows))
    return ToewijzingWijzigingen(
        trajectory=rows[order],
        toewijzingsdatum=datum[order],
        toewijzingstijd=_times(rng, len(rows)),
        einddatum=eind[order],
        reden_wijziging=reden[order].astype("U2"),
    )


def _verlenging_na_peildatum(t, taak, cur_end, last, peildatum) -> tuple[np.ndarray, ...]:
    """The extension of care running past the peildatum whose toewijzing ends in the 6 weeks after it.

    Such an extension is decided 2-6 weeks before the toewijzing ends, so often before the peildatum; the loop
    above only extends up to the peildatum itself. Without this, the 301 extensions and the 317 requests for
    them thin out in the last weeks, and the last month looks like a collapsed delivery (the gate blocked
    Amsterdam's 12-2025 at land scale). Drawn from a hash, not the region's generator, whose draws stay as
    they were (the new versions do renumber the later rows of ToewijzingWijzigingen, on which the 317s draw).
    A toewijzing ending on the peildatum itself is left alone: every converted five-year Wmo toewijzing ends on
    it (they all began on the first day), and renewing all of them at once would be an artefact of the conversion.
    """
    rows = np.flatnonzero(
        ~taak & ~np.isnat(t["begin"]) & np.isnat(t["eind"]) & (cur_end > peildatum) & (cur_end < peildatum + days(43))
    )
    voor_einde = days(14 + (fraction(rows, 31) * 29).astype(np.int64))
    datum = np.maximum(workday(cur_end[rows] - voor_einde), last[rows] + days(1))
    rows, datum = rows[datum <= peildatum], datum[datum <= peildatum]
    cur_end[rows] = cur_end[rows] + days(TOEWIJZING_DAGEN[t["product"][rows]])
    last[rows] = datum
    return rows, datum, cur_end[rows], np.full(len(rows), "04")


def _numbers(t, tijd: np.ndarray, taak: np.ndarray) -> np.ndarray:
    """ToewijzingNummer: consecutive per gemeente per wet in order of allocation;
    0 for taakgericht care, which has no toewijzing."""
    order = np.lexsort((np.arange(len(tijd)), tijd, t["toew"], t["wet"], t["gemeente"]))
    order = order[~taak[order]]
    group = t["gemeente"][order] * 2 + t["wet"][order]
    starts = np.r_[0, np.flatnonzero(np.diff(group)) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    out = np.zeros(len(tijd), dtype=np.int64)
    out[order] = 100_001 + rank
    return out


def _volumes(rng, p: np.ndarray) -> np.ndarray:
    """Allocated volume: the product's standard, varied per client for weekly care."""
    base = np.array([q.volume for q in P])[p].astype(float)
    weekly = np.array([q.frequentie == "2" for q in P])[p]
    minutes = np.array([q.eenheid == "01" for q in P])[p]
    rides = np.array([q.code == "08A01" for q in P])[p]
    varied = base * rng.uniform(0.67, 1.34, len(p))
    vol = np.where(weekly, np.maximum(1, np.rint(varied)), base)
    vol = np.where(weekly & minutes, np.maximum(15, np.rint(varied / 15) * 15), vol)
    return np.where(rides, rng.integers(6, 21, len(p)), vol).astype(np.int64)
