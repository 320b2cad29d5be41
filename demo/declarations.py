"""Declarations (323): one Prestatie per trajectory per calendar month of care.

Taakgericht care is never declared (no toewijzing; paid as a lump sum in the
ledger). Most months are declared in the next month, some later (OP354), and a
few lines are credited and declared again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo import rates
from demo.catalog import AANBIEDERS, P, product_index, tarief_cent
from demo.helpers import days, workday
from demo.model import DeclaratieBerichten, Declaraties, Trajectories

_WEEKLY = np.array([p.frequentie == "2" for p in P])
_DAILY = np.array([p.frequentie == "1" for p in P])
_RIDES = np.array([p.code == "08A01" for p in P])
_ONCE = np.array([p.eenmalig for p in P])
_DEBET, _CREDIT, _CORRECTIE = 0, 1, 2
_DECLARATIEDAG = np.array([s.declaratiedag for s in AANBIEDERS])


@dataclass(frozen=True)
class Declared:
    declaraties: Declaraties
    berichten: DeclaratieBerichten
    # Cost of all care delivered up to the peildatum, declared yet or not:
    # (gemeentecode, year of care, productcode) -> cents. The budget is set against it.
    geleverd: dict[tuple[str, int, str], int]


def declare(rng, t: Trajectories, aanbieder_factor: np.ndarray, peildatum: np.datetime64) -> Declared:
    rows = _prestaties(rng, t, aanbieder_factor, peildatum)
    rows = _with_credits(rng, rows, peildatum)
    geleverd = _geleverd(t, rows)
    berichten, rows = _berichten(rng, t, rows, peildatum)
    return Declared(_declaraties(t, rows), berichten, geleverd)


def _prestaties(rng, t: Trajectories, aanbieder_factor, peildatum) -> dict[str, np.ndarray]:
    """Debet lines: every calendar month between real start and real end (or the peildatum)."""
    sel = np.flatnonzero((t.toewijzingnummer > 0) & ~np.isnat(t.begindatum))
    product = product_index(t.productcode[sel])
    once = _ONCE[product]
    start = t.begindatum[sel]
    end = np.where(np.isnat(t.einddatum_zorg[sel]), peildatum, t.einddatum_zorg[sel])
    end = np.where(once, start, end)
    m0 = start.astype("datetime64[M]")
    count = (end.astype("datetime64[M]") - m0).astype(np.int64) + 1
    rep = np.repeat(np.arange(len(sel)), count)
    month = m0[rep] + (np.arange(len(rep)) - np.repeat(np.cumsum(count) - count, count)).astype("timedelta64[M]")
    begin = np.maximum(month.astype("datetime64[D]"), start[rep])
    eind = np.minimum((month + 1).astype("datetime64[D]") - days(1), end[rep])
    ndays = (eind - begin).astype(np.int64) + 1

    p, traj = product[rep], sel[rep]
    allocated = t.volume[traj].astype(float)
    month_days = ((month + 1).astype("datetime64[D]") - month.astype("datetime64[D]")).astype(np.int64)
    weekly = np.rint(allocated * ndays / 7 * rng.uniform(*rates.DELIVERED, len(rep)))
    rides = rng.poisson(allocated * ndays / month_days * rates.RIDES_USED)
    volume = np.where(_WEEKLY[p], weekly, np.where(_DAILY[p], ndays, np.where(_RIDES[p], rides, allocated)))
    tarief = tarief_cent(p, aanbieder_factor[t.aanbieder[traj]], begin)
    late = np.where(rng.random(len(rep)) < rates.LATE, rng.integers(1, 6, len(rep)), 0)
    # Never before the toewijzing exists (it can be retroactive, e.g. jeugdbescherming).
    indiening = np.maximum(
        month + 1 + late.astype("timedelta64[M]"), t.toewijzingsdatum[traj].astype("datetime64[M]") + 1
    )
    keep = volume > 0  # a month with nothing delivered is not declared
    out = {
        "traj": traj,
        "begin": begin,
        "eind": eind,
        "volume": volume.astype(np.int64),
        "tarief": tarief,
        "bedrag": volume.astype(np.int64) * tarief,
        "indiening": indiening,
        "soort": np.full(len(rep), _DEBET),
    }
    return {k: v[keep] for k, v in out.items()}


def _with_credits(rng, rows, peildatum) -> dict[str, np.ndarray]:
    """Credit some debet lines later and declare them again with a lower volume
    (a credit only follows an accepted debet, IV085)."""
    last_month = peildatum.astype("datetime64[M]")
    pick = np.flatnonzero((rng.random(len(rows["traj"])) < rates.CREDIT) & (rows["indiening"] + 3 <= last_month))
    later = rows["indiening"][pick] + rng.integers(1, 4, len(pick)).astype("timedelta64[M]")
    corrected = np.maximum(1, np.rint(rows["volume"][pick] * rng.uniform(0.5, 0.95, len(pick)))).astype(np.int64)
    rows = {**rows, "origineel": np.full(len(rows["traj"]), -1)}
    credit = {k: v[pick] for k, v in rows.items()}
    credit.update(bedrag=-rows["bedrag"][pick], indiening=later, soort=np.full(len(pick), _CREDIT), origineel=pick)
    again = {k: v[pick] for k, v in rows.items()}
    again.update(
        volume=corrected, bedrag=corrected * rows["tarief"][pick], indiening=later, soort=np.full(len(pick), _CORRECTIE)
    )
    rows = {k: np.concatenate([rows[k], credit[k], again[k]]) for k in rows}
    rows["id"] = np.arange(len(rows["traj"]))  # 'origineel' points at these ids
    return rows


def _geleverd(t: Trajectories, rows) -> dict[tuple[str, int, str], int]:
    gemeenten, gemeente = np.unique(t.gemeentecode, return_inverse=True)
    product = product_index(t.productcode)
    year = rows["begin"].astype("datetime64[Y]").astype(np.int64)
    key = (gemeente[rows["traj"]] * 1000 + year) * len(P) + product[rows["traj"]]
    keys, inverse = np.unique(key, return_inverse=True)
    total = np.bincount(inverse, weights=rows["bedrag"]).astype(np.int64)
    return {
        (str(gemeenten[k // len(P) // 1000]), int(k // len(P) % 1000) + 1970, P[k % len(P)].code): v
        for k, v in zip(keys.tolist(), total.tolist(), strict=False)
    }


def _berichten(rng, t: Trajectories, rows, peildatum) -> tuple[DeclaratieBerichten, dict[str, np.ndarray]]:
    """One 323 per gemeente, aanbieder and month of sending (OP280); the
    declaratieperiode is the month before. Messages after the peildatum are not sent."""
    gemeente = np.unique(t.gemeentecode, return_inverse=True)[1]
    month = rows["indiening"].astype(np.int64)
    key = (gemeente[rows["traj"]] * len(AANBIEDERS) + t.aanbieder[rows["traj"]]) * 10_000 + month
    unique, first, message = np.unique(key, return_index=True, return_inverse=True)
    m_aanbieder = t.aanbieder[rows["traj"][first]]
    m_gemeente = t.gemeentecode[rows["traj"][first]]
    sent = rows["indiening"][first].astype("datetime64[D]")
    dagtekening = workday(sent + days(_DECLARATIEDAG[m_aanbieder] - 1 + rng.integers(0, 4, len(unique))))
    order = np.lexsort((unique, dagtekening))
    order = order[dagtekening[order] <= peildatum]
    new_id = np.full(len(unique), -1)
    new_id[order] = np.arange(len(order))
    rows = {**rows, "bericht": new_id[message]}
    rows = {k: v[rows["bericht"] >= 0] for k, v in rows.items()}
    berichten = DeclaratieBerichten(
        gemeentecode=m_gemeente[order],
        aanbieder=m_aanbieder[order],
        periode=(sent[order].astype("datetime64[M]") - 1).astype("datetime64[D]"),
        dagtekening=dagtekening[order],
        declaratienummer=np.array([f"D{i:09d}" for i in range(1, len(order) + 1)], dtype="U10"),
    )
    return berichten, rows


def _declaraties(t: Trajectories, rows) -> Declaraties:
    """Lines in message order, grouped per client; ReferentieNummer follows that order."""
    order = np.lexsort((rows["soort"], rows["begin"], rows["traj"], t.person[rows["traj"]], rows["bericht"]))
    referentie = np.empty(len(order), dtype=np.int64)
    referentie[order] = np.arange(1, len(order) + 1)
    # A credit names the debet it cancels. That debet was sent months earlier,
    # so it is always among the rows kept.
    by_id = np.zeros(rows["id"].max(initial=-1) + 1, dtype=np.int64)
    by_id[rows["id"]] = referentie
    vorige = np.where(rows["origineel"] >= 0, by_id[rows["origineel"]], 0)
    return Declaraties(
        trajectory=rows["traj"][order],
        bericht=rows["bericht"][order],
        periode_begin=rows["begin"][order],
        periode_eind=rows["eind"][order],
        volume=rows["volume"][order],
        tarief_cent=rows["tarief"][order],
        bedrag_cent=rows["bedrag"][order],
        referentie=referentie[order],
        vorige_referentie=vorige[order],
    )
