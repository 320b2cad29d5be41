"""The gemeente's own case system (zaaksysteem), derived from the region's care (the survey: enquete.py).

Every beschikte voorziening in natura is the beschikking behind one generated toewijzing: same client,
product and period, issued on a working day before the first 301. Pgb voorzieningen exist only here
(a pgb has no iJw/iWmo messages). A Wmo beschikking follows a melding, an onderzoek and an aanvraag,
with the legal terms (6 weeks, 2 weeks; docs/demo-assumptions.md) mostly met and sometimes exceeded.
Bijstand and schuldhulp are drawn for adults in the frame, partly for the same persons as the care
(stapeling) and otherwise for new persons with their own BSN. A bijstand uitkering is one household's: a
couple's names the partner too, and a few are not algemene bijstand (IOAW, IOAZ, Bbz, bijzondere bijstand).
Re-integratievoorzieningen go mostly to people on bijstand, a person sometimes having more than one.

All draws come from the region's generator, after every draw of the care, money and budget, so the
other source files stay byte-identical.
"""

from __future__ import annotations

import numpy as np

from demo.frame import AGE_BANDS, FrameGemeente
from demo.helpers import NAT, days, numbered, workday_before
from demo.jeugdwet_aanvragen import met_jeugdwet
from demo.model import (
    Bijstand,
    Doelen,
    Meldingen,
    Persons,
    Reintegratie,
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

# Bijstand: about 270 uitkeringen per 10,000 inhabitants aged 18+ (section 8), four years on average; with
# the partners and without the other kinds below, about as many persons with algemene bijstand.
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
# Household of an uitkering (CBS BUS: about 6 in 10 single, 1 in 4 single parents, 1 in 6 couples) and its
# kind: IOAW and IOAZ are small next to algemene bijstand, Bbz levensonderhoud smaller still; periodic
# bijzondere bijstand (e.g. woonkostentoeslag) is in the same export. [B: author's rounding]
PARTNER = 0.17
SOORTEN = {
    "algemene bijstand": 0.86,
    "IOAW": 0.05,
    "IOAZ": 0.005,
    "Bbz": 0.015,
    "bijzondere bijstand": 0.07,
}

# Re-integratie (CBS SRG): about 200 running voorzieningen per 10,000 inhabitants aged 15-64, a year on
# average, three in four for people on bijstand. [B: order of magnitude of SRG 2014-2017]
REINTEGRATIE_PER_15_64 = 0.020
REINTEGRATIE_DUUR_JAREN = 1.0
REINTEGRATIE_UIT_BIJSTAND = 0.75
REINTEGRATIE_SOORTEN = {
    "loonkostensubsidie": 0.20,
    "participatieplaats": 0.05,
    "scholing": 0.15,
    "begeleiding": 0.35,
    "beschut werk": 0.05,
    "overig": 0.20,
}

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
# Ages 15-64: every band within it whole, a band it cuts (12-17) by the share of its years inside.
_SHARE_15_64 = sum(s * max(0, min(high, 64) - max(low, 15) + 1) / (high - low + 1) for _, low, high, s in AGE_BANDS)


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
    uitkeringen = _uitkeringen(rng, persons, frame, start_year, peildatum, sample)
    meldingen = _meldingen(rng, voorzieningen, np.datetime64(f"{start_year}-01-01"))
    doelen = _doelen(rng, voorzieningen, t, peildatum)
    schuldhulp = _schuldhulp(rng, uitkeringen, persons.bsn, frame, start_year, peildatum, sample)
    # Households and re-integratie are drawn after everything that was there before them, so the other
    # files stay the same.
    taken = np.concatenate([persons.bsn, uitkeringen["bsn"], schuldhulp.bsn])
    bijstand = _huishoudens(rng, uitkeringen, taken)
    return Zaaksysteem(
        meldingen=met_jeugdwet(meldingen, voorzieningen, np.datetime64(f"{start_year}-01-01")),
        voorzieningen=voorzieningen,
        doelen=doelen,
        bijstand=bijstand,
        schuldhulp=schuldhulp,
        reintegratie=_reintegratie(rng, bijstand, taken, frame, start_year, peildatum, sample),
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
        wet=v.wet[rows],
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


def _uitkeringen(rng, persons: Persons, frame, start_year: int, peildatum, sample: float) -> dict[str, np.ndarray]:
    """Every uitkering with its applicant, dates and reasons; household and kind come later (_huishoudens)."""
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
    return dict(
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


def _huishoudens(rng, uitkeringen: dict[str, np.ndarray], taken: np.ndarray) -> Bijstand:
    """The kind of each uitkering, and for a couple the partner: a new adult, never anyone's BSN already."""
    n = len(uitkeringen["bsn"])
    paar = rng.random(n) < PARTNER
    partner = np.full(n, "", dtype="U9")
    partner[paar] = _new_bsns(rng, int(paar.sum()), taken)
    return Bijstand(**uitkeringen, partner_bsn=partner, soort=_choice(rng, SOORTEN, n))


def _reintegratie(
    rng, bijstand: Bijstand, taken: np.ndarray, frame, start_year: int, peildatum, sample: float
) -> Reintegratie:
    """Running and new voorzieningen per gemeente, a stock in equilibrium like the bijstand; most for a
    person on bijstand (applicant or partner), so a person may have more than one."""
    first, dagen = _window(start_year, peildatum)
    duur = REINTEGRATIE_DUUR_JAREN * 365.25
    stock = rng.poisson([REINTEGRATIE_PER_15_64 * fg.bevolking[start_year] * _SHARE_15_64 * sample for fg in frame])
    nieuw = rng.poisson(stock * dagen / duur)
    gemeente = np.repeat([fg.code for fg in frame], stock + nieuw)
    start = np.concatenate(
        [
            np.concatenate([first - days(rng.exponential(duur, s)), first + days(rng.integers(0, dagen, m))])
            for s, m in zip(stock, nieuw, strict=True)
        ]
    )
    einde = start + days(rng.exponential(duur, len(start)))
    keep = (start <= peildatum) & (einde >= first)
    gemeente, start, einde = gemeente[keep], start[keep], einde[keep]
    ontvangers = np.concatenate([bijstand.bsn, bijstand.partner_bsn])
    known = ontvangers != ""
    bsn = _adults_or_new(
        rng,
        gemeente,
        start,
        REINTEGRATIE_UIT_BIJSTAND,
        ontvangers[known],
        np.concatenate([bijstand.gemeentecode, bijstand.gemeentecode])[known],
        None,
        np.concatenate([taken, bijstand.partner_bsn]),
    )
    return Reintegratie(
        identificatie=numbered("R", len(start)),
        gemeentecode=gemeente,
        bsn=bsn,
        soort=_choice(rng, REINTEGRATIE_SOORTEN, len(start)),
        datum_start=start,
        datum_einde=np.where(einde > peildatum, NAT, einde),
    )


def _schuldhulp(
    rng, uitkeringen: dict[str, np.ndarray], care_bsn: np.ndarray, frame, start_year: int, peildatum, sample: float
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
        uitkeringen["bsn"],
        uitkeringen["gemeentecode"],
        None,
        np.concatenate([care_bsn, uitkeringen["bsn"]]),
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
