"""Care trajectories: who gets which toewijzing, when care starts and stops.

The simulation starts ``WARMUP_YEARS`` before the first year so that the first
day has a realistic stock of running care. That running care is re-allocated
on the first day (``conversie``), as if the region began a new contract period:
no message predates the window.

Internally a trajectory table is a dict of equal-length numpy arrays; dates are
``datetime64[D]`` with NaT for "none".

What the gemeente administers of that care (ToewijzingNummers, versions, message dates) is
built in demo/toewijzingen.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo import rates
from demo.catalog import AANBIEDERS, CODES, TOEWIJZING_DAGEN, WETTEN, P, product_index
from demo.frame import AGE_BANDS, FrameGemeente
from demo.helpers import NAT, days, workday
from demo.model import Persons, ToewijzingWijzigingen, Trajectories
from demo.persons import make_persons
from demo.toewijzingen import build_toewijzingen

_DAYS_PER_YEAR = 365.25
_BAND_LOW = np.array([low for _, low, _, _ in AGE_BANDS])
_BAND_HIGH = np.array([high + 1 for _, _, high, _ in AGE_BANDS])

_P_DUUR = np.array([p.duur_dagen for p in P], dtype=float)
_P_SIGMA = np.array([p.duur_sigma for p in P])
_P_DIRECT = np.array([p.direct_start for p in P])
_P_WACHT = np.array([p.wacht_dagen for p in P], dtype=float)
_P_ONCE = np.array([p.eenmalig for p in P])
_P_JUSTITIEEL = np.array([p.categorie in ("47", "48") for p in P])
_P_CRISIS = np.array([c == "46A01" for c in CODES])
_OFFERED_BY = [[a for a, s in enumerate(AANBIEDERS) if c in s.aanbieder.producten] for c in CODES]


@dataclass(frozen=True)
class Care:
    persons: Persons
    trajectories: Trajectories
    wijzigingen: ToewijzingWijzigingen


def simulate_care(
    rng: np.random.Generator,
    frame: list[FrameGemeente],
    start_year: int,
    end_year: int,
    sample: float,
    aanbieder_factor: np.ndarray,
) -> Care:
    first, peildatum = np.datetime64(f"{start_year}-01-01"), np.datetime64(f"{end_year}-12-31")
    gemeente_factor = np.exp(rates.GEMEENTE_SPREAD * rng.standard_normal((len(WETTEN), len(frame))))
    episodes = _base_episodes(rng, frame, start_year, end_year, sample, gemeente_factor)
    geboortedatum = episodes["day"] - days(_age_days(rng, episodes["band"]))
    t = new = _allocate(rng, episodes)
    for _ in range(4):  # re-entries; a fifth one inside the window is negligible
        follow = _follow_ups(rng, new, geboortedatum, peildatum)
        if not len(follow["day"]):
            break
        new = _allocate(rng, follow)
        t = {k: np.concatenate([t[k], new[k]]) for k in t}
    t = _window(rng, _apply_exits(t), first, peildatum)
    used, t["person"] = np.unique(t["person"], return_inverse=True)
    gemeente = np.zeros(len(used), dtype=np.int64)
    gemeente[t["person"]] = t["gemeente"]
    persons = make_persons(rng, frame, gemeente, geboortedatum[used])
    trajectories, wijzigingen = build_toewijzingen(rng, t, frame, peildatum, aanbieder_factor)
    return Care(persons, trajectories, wijzigingen)


def _base_episodes(rng, frame, start_year, end_year, sample, gemeente_factor) -> dict[str, np.ndarray]:
    """New care episodes per gemeente, age band and year: Poisson around rate x population."""
    years = np.arange(start_year - rates.WARMUP_YEARS, end_year + 1)
    pop = np.array([[fg.bevolking[max(y, start_year)] for y in years] for fg in frame], dtype=float)
    share = np.array([s for *_, s in AGE_BANDS])
    year_start = np.array([f"{y}-01-01" for y in years], dtype="datetime64[D]")
    year_len = (year_start + np.timedelta64(366, "D")).astype("datetime64[Y]").astype("datetime64[D]") - year_start
    parts = []
    for w, wet in enumerate(WETTEN):
        rate = np.array([rates.START_RATE[wet].get(label, 0.0) for label, *_ in AGE_BANDS])
        trend = (1 + rates.TREND[wet]) ** (years - start_year)
        expected = sample * gemeente_factor[w][:, None, None] * pop[:, None, :] * (share * rate)[:, None] * trend
        counts = rng.poisson(expected)
        g, b, y = np.unravel_index(np.repeat(np.arange(counts.size), counts.ravel()), counts.shape)
        offset = days(rng.random(len(y)) * year_len[y].astype(np.int64))
        parts.append({"gemeente": g, "wet": np.full(len(g), w), "band": b, "day": year_start[y] + offset})
    episodes = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    episodes["person"] = np.arange(len(episodes["day"]))
    return episodes


def _age_days(rng, band: np.ndarray) -> np.ndarray:
    return (_BAND_LOW[band] + rng.random(len(band)) * (_BAND_HIGH[band] - _BAND_LOW[band])) * _DAYS_PER_YEAR


def _allocate(rng, ep: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Trajectories for new episodes: a product (drawn unless given), an aanbieder,
    sometimes a second product at the same moment; then their dates."""
    n = len(ep["day"])
    product = ep.get("product", np.full(n, -1)).copy()
    drawn = product < 0
    product[drawn] = _draw_products(rng, ep["wet"][drawn], ep["band"][drawn])
    aanbieder = _choose_aanbieder(rng, product, ep.get("exclude", np.full(n, -1)))

    chance = np.array([rates.SECOND_PRODUCT[w][0] for w in WETTEN])[ep["wet"]]
    wants = ep.get("second", np.ones(n, dtype=bool)) & (rng.random(n) < chance)
    sec = np.flatnonzero(wants)
    sec_product = _draw_from(rng, ep["wet"][sec], {w: rates.SECOND_PRODUCT[WETTEN[w]][1] for w in range(2)})
    differs = sec_product != product[sec]
    sec, sec_product = sec[differs], sec_product[differs]
    # Same aanbieder when it offers the product: both then travel in one 301.
    same = np.array([a in _OFFERED_BY[p] for a, p in zip(aanbieder[sec], sec_product, strict=False)], dtype=bool)
    sec_aanbieder = np.where(same, aanbieder[sec], _choose_aanbieder(rng, sec_product, np.full(len(sec), -1)))

    rows = np.concatenate([np.arange(n), sec])
    t = {k: ep[k][rows] for k in ("person", "gemeente", "wet", "band")}
    t.update(
        toew=ep["day"][rows],
        product=np.concatenate([product, sec_product]),
        aanbieder=np.concatenate([aanbieder, sec_aanbieder]),
        primary=np.arange(len(rows)) < n,
    )
    _care_dates(rng, t)
    return t


def _draw_products(rng, wet: np.ndarray, band: np.ndarray) -> np.ndarray:
    out = np.empty(len(wet), dtype=np.int64)
    for w, b in sorted(set(zip(wet.tolist(), band.tolist(), strict=False))):
        rows = (wet == w) & (band == b)
        out[rows] = _choice(rng, rates.PRODUCT_MIX[WETTEN[w]][AGE_BANDS[b][0]], rows.sum())
    return out


def _draw_from(rng, wet: np.ndarray, mixes: dict[int, dict[str, float]]) -> np.ndarray:
    out = np.empty(len(wet), dtype=np.int64)
    for w in sorted(set(wet.tolist())):
        out[wet == w] = _choice(rng, mixes[w], (wet == w).sum())
    return out


def _choice(rng, mix: dict[str, float], size: int) -> np.ndarray:
    codes = list(mix)
    p = np.array([mix[c] for c in codes])
    return product_index(np.array(codes))[rng.choice(len(codes), size=size, p=p / p.sum())]


def _choose_aanbieder(rng, product: np.ndarray, exclude: np.ndarray) -> np.ndarray:
    """An aanbieder offering the product, by market share; never ``exclude``
    (the one the client leaves when switching)."""
    out = np.empty(len(product), dtype=np.int64)
    for p in np.unique(product):
        rows = np.flatnonzero(product == p)
        offered = np.array(_OFFERED_BY[p])
        weight = np.array([AANBIEDERS[a].gewicht for a in offered])
        out[rows] = offered[rng.choice(len(offered), size=len(rows), p=weight / weight.sum())]
        for r in rows[out[rows] == exclude[rows]]:
            others = offered[offered != exclude[r]]
            out[r] = others[rng.integers(len(others))]
    return out


def _care_dates(rng, t: dict[str, np.ndarray]) -> None:
    """Ingangsdatum, real start, real end and reason of every new trajectory."""
    n, p = len(t["toew"]), t["product"]
    immediate = _P_JUSTITIEEL[p] | _P_CRISIS[p]
    offset = np.where(rng.random(n) < 0.10, -rng.integers(1, 21, n), rng.integers(0, 15, n))
    # Justitiële maatregelen and crisis are allocated afterwards, often weeks late.
    offset = np.where(_P_JUSTITIEEL[p], -rng.integers(0, 31, n), np.where(_P_CRISIS[p], -rng.integers(0, 4, n), offset))
    ingang = t["toew"] + days(offset)
    trend = np.array([rates.WAIT_TREND.get(y, 1.0) for y in ingang.astype("datetime64[Y]").astype(int) + 1970])
    wait = np.where(
        rng.random(n) < _P_DIRECT[p],
        rng.integers(0, 4, n),
        np.rint(_P_WACHT[p] * trend * np.exp(rates.WAIT_SIGMA * rng.standard_normal(n))),
    )
    wait = np.where(immediate, 0, wait)
    never = (rng.random(n) < rates.NEVER_START) & ~immediate
    begin = np.where(never, NAT, ingang + days(wait))

    reden = _draw_reasons(rng, t["wet"], t["band"], p)
    duration = np.rint(_P_DUUR[p] * np.exp(_P_SIGMA[p] * rng.standard_normal(n)))
    duration = np.where(np.isin(reden, list(rates.DROPOUT)), duration * rng.uniform(0.15, 0.7, n), duration)
    eind = begin + days(np.where(_P_ONCE[p], 0, np.maximum(duration, 1)))
    t.update(
        ingang=ingang, begin=begin, eind=eind, reden=np.where(never, "", _fix_reasons(reden, t, eind)), never=never
    )


def _draw_reasons(rng, wet, band, product) -> np.ndarray:
    key = np.where(
        wet == 0,
        np.where(_P_JUSTITIEEL[product], "jeugd_justitieel", "jeugd"),
        np.where(band >= 5, "wmo_75plus", "wmo"),
    )  # bands 5, 6 = 75-84, 85+
    reden = np.empty(len(wet), dtype="U2")
    for k in sorted(set(key.tolist())):
        rows = key == k
        codes = list(rates.REASONS[k])
        prob = np.array(list(rates.REASONS[k].values()))
        reden[rows] = np.array(codes)[rng.choice(len(codes), size=rows.sum(), p=prob / prob.sum())]
    # A crisis placement ends as planned (a follow-up placement comes next);
    # a one-off delivery is complete when delivered.
    reden[_P_CRISIS[product]] = "31"
    reden[_P_ONCE[product]] = "19"
    return reden


def _fix_reasons(reden: np.ndarray, t, eind: np.ndarray) -> np.ndarray:
    """38/39 did not exist before 1 April 2022, and 38 (overstap) needs a second aanbieder."""
    too_early = eind < np.datetime64(rates.NEW_CODES_FROM)
    single = np.array([len(_OFFERED_BY[p]) < 2 for p in t["product"]], dtype=bool)
    out = reden.copy()
    for w, wet in enumerate(WETTEN):
        for code, fallback in rates.FALLBACK_REASON[wet].items():
            out[(t["wet"] == w) & (reden == code) & (too_early | (single & (code == "38")))] = fallback
    return out


def _follow_ups(rng, t, geboortedatum: np.ndarray, peildatum: np.datetime64) -> dict[str, np.ndarray]:
    """New episodes for clients whose trajectory ended: switching aanbieder (38),
    placement after crisis, and re-entry after a planned end or a drop-out."""
    ended = ~np.isnat(t["eind"])
    crisis = ended & t["primary"] & _P_CRISIS[t["product"]]
    kinds = {
        "overstap": ended & (t["reden"] == "38"),
        "crisis": crisis,
        "plan": ended & t["primary"] & np.isin(t["reden"], ["31", "19"]) & ~crisis,
        "dropout": ended & t["primary"] & np.isin(t["reden"], list(rates.DROPOUT)),
    }
    parts = []
    for kind, mask in kinds.items():
        chance, median = rates.FOLLOW_UP[kind]
        rows = np.flatnonzero(mask & (rng.random(len(mask)) < chance))
        if kind in ("overstap", "crisis"):
            gap = rng.integers(0, 2 * median + 1, len(rows))
        else:
            gap = np.rint(median * np.exp(0.6 * rng.standard_normal(len(rows))))
        if kind == "overstap":
            product = t["product"][rows]  # same care, other aanbieder
        elif kind == "crisis":
            product = _choice(rng, rates.AFTER_CRISIS, len(rows))
        else:
            product = np.full(len(rows), -1)  # drawn from the mix for the client's age
        parts.append(
            {
                "person": t["person"][rows],
                "gemeente": t["gemeente"][rows],
                "wet": t["wet"][rows],
                "day": t["eind"][rows] + days(gap),
                "product": product,
                "exclude": t["aanbieder"][rows] if kind == "overstap" else np.full(len(rows), -1),
                "second": np.full(len(rows), kind in ("plan", "dropout")),
            }
        )
    ep = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    age = (ep["day"] - geboortedatum[ep["person"]]).astype(np.int64) / _DAYS_PER_YEAR
    ep["band"] = np.searchsorted(_BAND_LOW, age, side="right") - 1
    keep = (ep["day"] <= peildatum) & ((ep["wet"] == 1) | (age < 18))  # jeugdhulp ends at 18
    return {k: v[keep] for k, v in ep.items()}


def _apply_exits(t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Death, moving away or uitstroom to the Wlz ends every trajectory of the
    client on that day; nothing of that client starts later."""
    is_exit = np.zeros(len(t["reden"]), dtype=bool)
    for w, wet in enumerate(WETTEN):
        is_exit |= (t["wet"] == w) & np.isin(t["reden"], list(rates.EXIT[wet]))
    rows = np.flatnonzero(is_exit)
    rows = rows[np.lexsort((rows, t["eind"][rows], t["person"][rows]))]
    persons, first = np.unique(t["person"][rows], return_index=True)
    exit_day = np.full(t["person"].max() + 1, NAT)
    exit_reason = np.full(t["person"].max() + 1, "", dtype="U2")
    exit_day[persons] = t["eind"][rows[first]]
    exit_reason[persons] = t["reden"][rows[first]]

    day = exit_day[t["person"]]
    gone = (t["toew"] > day) | (t["begin"] > day)
    cut = (t["begin"] <= day) & (t["eind"] > day)
    t = {k: v.copy() for k, v in t.items()}
    t["eind"][cut] = day[cut]
    t["reden"][cut] = exit_reason[t["person"]][cut]
    return {k: v[~gone] for k, v in t.items()}


def _window(rng, t, first: np.datetime64, peildatum: np.datetime64) -> dict[str, np.ndarray]:
    """Keep what touches the window; re-allocate running care on the first day;
    forget what happens after the peildatum."""
    t = {**t, "toew": workday(t["toew"])}
    lapsed = t["never"] & (t["ingang"] + days(TOEWIJZING_DAGEN[t["product"]]) < first)
    over = t["eind"] < first
    keep = (t["toew"] <= peildatum) & ~((t["toew"] < first) & (over | lapsed))
    t = {k: v[keep] for k, v in t.items()}
    t["conversie"] = t["toew"] < first
    conv = np.flatnonzero(t["conversie"])
    t["toew"][conv] = workday(first + days(rng.integers(0, 7, len(conv))))
    t["ingang"] = np.maximum(t["ingang"], first)
    t["begin"] = np.maximum(t["begin"], first)  # NaT stays NaT
    t["begin"] = np.where(t["begin"] > peildatum, NAT, t["begin"])
    running = t["eind"] > peildatum
    t["eind"] = np.where(running, NAT, t["eind"])
    t["reden"] = np.where(running, "", t["reden"])
    return t
