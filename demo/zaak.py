"""The gemeente's own case system (zaaksysteem), derived from the region's care (the survey: enquete.py).

Every beschikte voorziening in natura is the beschikking behind one generated toewijzing: same client,
product and period, issued on a working day before the first 301. Pgb voorzieningen exist only here
(a pgb has no iJw/iWmo messages). A Wmo beschikking follows a melding, an onderzoek and an aanvraag,
with the legal terms (6 weeks, 2 weeks; docs/demo-assumptions.md) mostly met and sometimes exceeded.
Bijstand and schuldhulp are drawn for adults in the frame, partly for the same persons as the care
(stapeling) and otherwise for new persons with their own BSN.

All draws come from the region's generator, after every draw of the care, money and budget, so the
other source files stay byte-identical.
"""

from __future__ import annotations

import numpy as np

from demo.frame import AGE_BANDS, FrameGemeente
from demo.helpers import NAT, days, numbered, workday_before
from demo.model import (
    Bijstand,
    Doelen,
    Meldingen,
    Persons,
    Schuldhulp,
    Trajectories,
    Voorzieningen,
    Zaaksysteem,
)
from demo.persons import bsn_numbers

# --- rates (sources: ../shared/domain.md sections 3.3, 3.5, 3.6, 4.3 and 8) ------------------
PGB_SHARE = {"jeugd": 0.05, "wmo": 0.07}  # pgb voorzieningen per voorziening in natura
PGB_DUUR_DAGEN = (180, 900)
PGB_BUDGET_CENT = (2_500_00, 30_000_00)  # per year
BESCHIKKING_VOOR_TOEWIJZING = 5  # at most this many days before the first 301
# melding -> onderzoek afgerond: 85% within the 6 weeks of art. 2.3.2 Wmo, the rest up to 13 weeks.
ONDERZOEK_OP_TIJD, ONDERZOEK_DAGEN, ONDERZOEK_LAAT = 0.85, (10, 42), (43, 90)
# aanvraag -> beschikking: 88% within the 2 weeks of art. 2.3.5 Wmo, the rest up to 5 weeks.
BESCHIKKING_OP_TIJD, BESCHIKKING_DAGEN, BESCHIKKING_LAAT = 0.88, (1, 14), (15, 35)
DOELEN_PER_VOORZIENING = (1, 3)
DOEL_BEHAALD = {"volgens_plan": 0.80, "uitval": 0.25, "overig": 0.50, "pgb": 0.60}
VOLGENS_PLAN = {"jeugd": "31", "wmo": "19"}
UITVAL = {"32", "33", "34", "21", "22", "23"}
LEEFGEBIEDEN = (
    "Financiën",
    "Dagbesteding",
    "Huisvesting",
    "Huiselijke relaties",
    "Geestelijke gezondheid",
    "Lichamelijke gezondheid",
    "Zelfzorg",
    "Sociaal netwerk",
    "Opvoeding",
    "Onderwijs en werk",
)

# Bijstand: about 270 per 10,000 inhabitants aged 18+ (section 8), four years on average.
BIJSTAND_PER_18PLUS = 0.027
BIJSTAND_DUUR_JAREN = 4.0
BIJSTAND_SPREAD = 0.25  # gemeente factor, lognormal sigma (a city has more than a village)
BIJSTAND_UIT_ZORG = 0.12  # share of benefits for adults who also get care
BIJSTAND_BESLUIT = (0.85, (5, 40), (41, 70))  # share within 8 weeks (Awb), days, days late
INSTROOM = {
    "verlies_werk": 0.25,
    "einde_ww": 0.20,
    "relatiebreuk": 0.12,
    "einde_studie": 0.08,
    "vestiging": 0.10,
    "overig": 0.25,
}
UITSTROOM = {
    "werk": 0.33,
    "andere_uitkering": 0.12,
    "aow": 0.08,
    "verhuizing": 0.12,
    "relatie": 0.10,
    "studie": 0.05,
    "detentie": 0.02,
    "overlijden": 0.03,
    "overig": 0.15,
}
BIJSTAND_NORM_CENT = (1_100_00, 1_850_00)  # monthly amount

# Schuldhulp: about 4.5 aanmeldingen per 1,000 inhabitants a year (NVVK order of magnitude).
SCHULDHULP_PER_INWONER = 0.0045
SCHULDHULP_UIT_BIJSTAND = 0.30
SPOED = 0.15  # threatening eviction or cut-off: first conversation within 3 working days (Wgs)
GESPREK_OP_TIJD = 0.85
GEEN_GESPREK = 0.08
UITSTROOMREDENEN = {
    "Afgerond": 0.45,
    "Ingetrokken": 0.12,
    "Niet passend": 0.08,
    "Voldoet niet": 0.06,
    "Zelf": 0.08,
    "Verhuisd": 0.05,
    "Overleden": 0.01,
    "Overig": 0.07,
}
FASEN = ("Aanmelding", "Intake", "Stabilisatie", "Schuldregeling", "Oplossing", "Nazorg")
SCHULD_MEDIAAN_CENT = 25_000_00

_SHARE_18PLUS = sum(s for _, low, _, s in AGE_BANDS if low >= 18)


def _choice(rng, mix: dict[str, float], n: int) -> np.ndarray:
    labels = np.array(list(mix))
    p = np.array(list(mix.values()))
    return labels[rng.choice(len(labels), size=n, p=p / p.sum())]


def _between(rng, bounds: tuple[int, int], n: int) -> np.ndarray:
    return days(rng.integers(bounds[0], bounds[1] + 1, n))


def _late_or_not(rng, share: float, on_time: tuple[int, int], late: tuple[int, int], n: int) -> np.ndarray:
    return np.where(rng.random(n) < share, _between(rng, on_time, n), _between(rng, late, n))


def _window(start_year: int, peildatum) -> tuple[np.datetime64, int]:
    """The first day of the generated years, and how many days run from it to the peildatum (both included)."""
    first = np.datetime64(f"{start_year}-01-01")
    return first, int((peildatum - first).astype(np.int64)) + 1


def build_zaaksysteem(
    rng,
    persons: Persons,
    t: Trajectories,
    frame: list[FrameGemeente],
    start_year: int,
    peildatum: np.datetime64,
    sample: float,
) -> Zaaksysteem:
    voorzieningen = _voorzieningen(rng, persons, t, np.datetime64(f"{start_year}-01-01"), peildatum)
    bijstand = _bijstand(rng, persons, frame, start_year, peildatum, sample)
    return Zaaksysteem(
        meldingen=_meldingen(rng, voorzieningen, np.datetime64(f"{start_year}-01-01")),
        voorzieningen=voorzieningen,
        doelen=_doelen(rng, voorzieningen, t, peildatum),
        bijstand=bijstand,
        schuldhulp=_schuldhulp(rng, bijstand, persons.bsn, frame, start_year, peildatum, sample),
    )


def _voorzieningen(rng, persons: Persons, t: Trajectories, first, peildatum) -> Voorzieningen:
    zin = np.flatnonzero(t.toewijzingnummer > 0)  # taakgericht care has no beschikking per client
    n = len(zin)
    afgifte = workday_before(t.toewijzingsdatum[zin] - _between(rng, (0, BESCHIKKING_VOOR_TOEWIJZING), n))
    # Converted care was decided before the window; its beschikking is older.
    conversie = t.conversie[zin]
    afgifte = np.where(conversie, workday_before(t.ingangsdatum[zin] - _between(rng, (30, 720), n)), afgifte)
    start = np.where(np.isnat(t.begindatum[zin]), t.ingangsdatum[zin], t.begindatum[zin])
    # Care that ended before its toewijzing began (no start message) ends the day it starts: a case
    # system does not record an end before a start (NaT, still running, compares False and stays).
    einde = t.einddatum_zorg[zin]
    einde = np.where(einde < start, start, einde)
    pgb = _pgb(rng, t, zin, first, peildatum)
    m = len(pgb["trajectory"])
    wet = np.concatenate([t.wet[zin], t.wet[pgb["trajectory"]]])
    return Voorzieningen(
        beschikkingnummer=numbered("B", n + m),
        gemeentecode=np.concatenate([t.gemeentecode[zin], t.gemeentecode[pgb["trajectory"]]]),
        bsn=persons.bsn[np.concatenate([t.person[zin], t.person[pgb["trajectory"]]])],
        wet=wet,
        datum_afgifte=np.concatenate([afgifte, pgb["afgifte"]]),
        productcategorie=np.concatenate([t.productcategorie[zin], t.productcategorie[pgb["trajectory"]]]),
        productcode=np.concatenate([t.productcode[zin], t.productcode[pgb["trajectory"]]]),
        leveringsvorm=np.concatenate([np.full(n, "zin"), np.full(m, "pgb")]),
        datum_start=np.concatenate([start, pgb["start"]]),
        datum_einde=np.concatenate([einde, pgb["einde"]]),
        toewijzingnummer=np.concatenate([t.toewijzingnummer[zin], np.zeros(m, dtype=np.int64)]),
        trajectory=np.concatenate([zin, np.full(m, -1)]),
        pgb_budget_cent=np.concatenate([np.zeros(n, dtype=np.int64), rng.integers(*PGB_BUDGET_CENT, m)]),
    )


def _pgb(rng, t: Trajectories, zin: np.ndarray, first, peildatum) -> dict[str, np.ndarray]:
    """Pgb voorzieningen for clients who also have care in natura (same person, same kind of product)."""
    picks = [
        rng.choice(zin[t.wet[zin] == wet], size=rng.poisson(share * np.sum(t.wet[zin] == wet)))
        for wet, share in PGB_SHARE.items()
        if np.any(t.wet[zin] == wet)
    ]
    trajectory = np.concatenate(picks) if picks else np.zeros(0, dtype=np.int64)
    m = len(trajectory)
    window = int((peildatum - first).astype(np.int64))
    start = first + days(rng.integers(0, window, m))
    einde = start + _between(rng, PGB_DUUR_DAGEN, m)
    return {
        "trajectory": trajectory,
        "start": start,
        "einde": np.where(einde > peildatum, NAT, einde),
        "afgifte": workday_before(start - _between(rng, (0, 20), m)),
    }


def _meldingen(rng, v: Voorzieningen, first) -> Meldingen:
    """A melding, onderzoek and aanvraag before every Wmo beschikking issued inside the window."""
    rows = np.flatnonzero((v.wet == "wmo") & (v.datum_afgifte >= first))
    n = len(rows)
    beschikking = v.datum_afgifte[rows]
    aanvraag = beschikking - _late_or_not(rng, BESCHIKKING_OP_TIJD, BESCHIKKING_DAGEN, BESCHIKKING_LAAT, n)
    einde_onderzoek = aanvraag - _between(rng, (0, 2), n)
    duur = _late_or_not(rng, ONDERZOEK_OP_TIJD, ONDERZOEK_DAGEN, ONDERZOEK_LAAT, n)
    melding = einde_onderzoek - duur
    start_onderzoek = melding + days(np.minimum(rng.integers(1, 11, n), duur.astype(np.int64)))
    return Meldingen(
        identificatie=numbered("M", n),
        gemeentecode=v.gemeentecode[rows],
        bsn=v.bsn[rows],
        datum_melding=melding,
        datum_start_onderzoek=start_onderzoek,
        datum_einde_onderzoek=einde_onderzoek,
        datum_aanvraag=aanvraag,
        datum_beschikking=beschikking,
        beschikkingnummer=v.beschikkingnummer[rows],
    )


def _doelen(rng, v: Voorzieningen, t: Trajectories, peildatum) -> Doelen:
    count = rng.integers(DOELEN_PER_VOORZIENING[0], DOELEN_PER_VOORZIENING[1] + 1, len(v))
    row = np.repeat(np.arange(len(v)), count)
    nummer = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count) + 1
    n = len(row)
    uitkomst = np.full(len(v), "pgb", dtype="U12")
    zin = v.trajectory >= 0
    reden = t.reden_beeindiging[v.trajectory[zin]]
    plan = reden == np.vectorize(VOLGENS_PLAN.get)(v.wet[zin])
    uitkomst[zin] = np.where(plan, "volgens_plan", np.where(np.isin(reden, list(UITVAL)), "uitval", "overig"))
    kans = np.vectorize(DOEL_BEHAALD.get)(uitkomst[row])
    # Care can end before its (re-)issued beschikking; the goals are evaluated on the later of the two.
    einde = np.maximum(v.datum_einde[row], v.datum_afgifte[row])
    geevalueerd = ~np.isnat(einde) & (einde <= peildatum)
    behaald = np.where(rng.random(n) < kans, "ja", "nee")
    return Doelen(
        beschikkingnummer=v.beschikkingnummer[row],
        gemeentecode=v.gemeentecode[row],
        bsn=v.bsn[row],
        doelnummer=nummer,
        leefgebied=np.array(LEEFGEBIEDEN)[rng.integers(0, len(LEEFGEBIEDEN), n)],
        datum_vastgesteld=v.datum_afgifte[row],
        datum_evaluatie=np.where(geevalueerd, einde, NAT),
        behaald=np.where(geevalueerd, behaald, ""),
    )


def _new_bsns(rng, n: int, taken: np.ndarray) -> np.ndarray:
    """``n`` BSNs that no generated person has yet."""
    drawn = bsn_numbers(rng, int(n * 1.1) + len(taken) // 100 + 64)
    fresh = drawn[~np.isin(drawn, taken)]
    if len(fresh) < n:
        raise RuntimeError("not enough fresh BSNs drawn")
    return fresh[:n]


def _adults_or_new(
    rng,
    gemeente: np.ndarray,
    start: np.ndarray,
    share_known: float,
    known_bsn: np.ndarray,
    known_gemeente: np.ndarray,
    known_geboren: np.ndarray | None,
    taken: np.ndarray,
) -> np.ndarray:
    """BSN per episode: a known adult of the same gemeente for ``share_known`` of them, else a new person.
    ``known_geboren`` None: every known person is an adult already."""
    bsn = np.empty(len(gemeente), dtype="U9")
    wants_known = rng.random(len(gemeente)) < share_known
    pick = rng.random(len(gemeente))
    for g in np.unique(gemeente):
        candidates = np.flatnonzero(known_gemeente == g)
        rows = np.flatnonzero((gemeente == g) & wants_known)
        if not len(candidates) or not len(rows):
            continue
        chosen = candidates[(pick[rows] * len(candidates)).astype(np.int64)]
        adult = (
            np.ones(len(rows), dtype=bool)
            if known_geboren is None
            else known_geboren[chosen] <= start[rows] - days(18 * 366)
        )
        bsn[rows[adult]] = known_bsn[chosen[adult]]
    missing = bsn == ""
    bsn[missing] = _new_bsns(rng, int(missing.sum()), np.concatenate([taken, bsn[~missing]]))
    return bsn


def _bijstand(rng, persons: Persons, frame, start_year: int, peildatum, sample: float) -> Bijstand:
    first, dagen = _window(start_year, peildatum)
    factor = np.exp(BIJSTAND_SPREAD * rng.standard_normal(len(frame)))
    duur = BIJSTAND_DUUR_JAREN * 365.25
    parts = []
    for g, fg in enumerate(frame):
        volwassenen = fg.bevolking[start_year] * _SHARE_18PLUS * sample
        stock = rng.poisson(BIJSTAND_PER_18PLUS * volwassenen * factor[g])
        # A stock in equilibrium: time already on benefit is exponential like the time still to come.
        lopend = first - days(rng.exponential(duur, stock))
        nieuw = first + days(rng.integers(0, dagen, rng.poisson(stock * dagen / duur)))
        start = np.concatenate([lopend, nieuw])
        parts.append((np.full(len(start), fg.code), start))
    gemeente = np.concatenate([p[0] for p in parts])
    ingang = np.concatenate([p[1] for p in parts])
    n = len(ingang)
    einde = ingang + days(rng.exponential(duur, n))
    besluit = _late_or_not(rng, BIJSTAND_BESLUIT[0], BIJSTAND_BESLUIT[1], BIJSTAND_BESLUIT[2], n)
    toekenning = workday_before(ingang + besluit)
    keep = (toekenning <= peildatum) & (einde >= first)
    gemeente, ingang, einde, toekenning = gemeente[keep], ingang[keep], einde[keep], toekenning[keep]
    n = len(ingang)
    einde = np.where(einde > peildatum, NAT, np.maximum(einde, toekenning))
    bsn = _adults_or_new(
        rng, gemeente, ingang, BIJSTAND_UIT_ZORG, persons.bsn, persons.gemeentecode, persons.geboortedatum, persons.bsn
    )
    return Bijstand(
        identificatie=numbered("I", n),
        gemeentecode=gemeente,
        bsn=bsn,
        datum_aanvraag=ingang,
        datum_toekenning=toekenning,
        ingangsdatum=ingang,
        einddatum=einde,
        reden_instroom=_choice(rng, INSTROOM, n),
        reden_uitstroom=np.where(np.isnat(einde), "", _choice(rng, UITSTROOM, n)),
        bedrag_cent=rng.integers(*BIJSTAND_NORM_CENT, n),
    )


def _schuldhulp(
    rng, bijstand: Bijstand, care_bsn: np.ndarray, frame, start_year: int, peildatum, sample: float
) -> Schuldhulp:
    first, dagen = _window(start_year, peildatum)
    counts = rng.poisson([SCHULDHULP_PER_INWONER * fg.bevolking[start_year] * sample * dagen / 365.25 for fg in frame])
    gemeente = np.repeat([fg.code for fg in frame], counts)
    n = len(gemeente)
    aanmelding = np.busday_offset(first + days(rng.integers(0, dagen, n)), 0, roll="forward")
    spoed = rng.random(n) < SPOED
    op_tijd = rng.random(n) < GESPREK_OP_TIJD
    werkdagen = np.where(
        spoed,
        np.where(op_tijd, rng.integers(0, 4, n), rng.integers(4, 11, n)),
        np.where(op_tijd, rng.integers(2, 21, n), rng.integers(21, 45, n)),
    )
    gesprek = np.busday_offset(aanmelding, werkdagen)
    gesprek = np.where((rng.random(n) < GEEN_GESPREK) | (gesprek > peildatum), NAT, gesprek)
    reden = np.where(np.isnat(gesprek), "Nietverschenen", _choice(rng, UITSTROOMREDENEN, n))
    lang = (reden == "Afgerond") & (rng.random(n) < 0.5)  # a schuldregeling runs three years
    duur = np.where(
        lang,
        rng.integers(1100, 1300, n),
        np.where(reden == "Afgerond", rng.integers(120, 420, n), rng.integers(20, 240, n)),
    )
    einde = aanmelding + days(duur)
    lopend = einde > peildatum
    verstreken = (np.where(lopend, peildatum, einde) - aanmelding).astype(np.int64)
    fase = np.where(
        np.isnat(gesprek),
        "Aanmelding",
        np.where(verstreken < 30, "Intake", np.where(verstreken < 120, "Stabilisatie", "Schuldregeling")),
    )
    fase = np.where(~lopend & (reden == "Afgerond"), np.where(lang, "Nazorg", "Oplossing"), fase)
    bsn = _adults_or_new(
        rng,
        gemeente,
        aanmelding,
        SCHULDHULP_UIT_BIJSTAND,
        bijstand.bsn,
        bijstand.gemeentecode,
        None,
        np.concatenate([care_bsn, bijstand.bsn]),
    )
    return Schuldhulp(
        identificatie=numbered("S", n),
        gemeentecode=gemeente,
        bsn=bsn,
        datum_aanmelding=aanmelding,
        spoed=spoed,
        datum_eerste_gesprek=gesprek,
        fase=fase,
        einddatum=np.where(lopend, NAT, einde),
        uitstroomreden=np.where(lopend, "", reden),
        schuldbedrag_cent=(SCHULD_MEDIAAN_CENT * rng.lognormal(0, 0.8, n)).astype(np.int64),
    )
