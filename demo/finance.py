"""Ledger (grootboek) and budget (begroting) per gemeente per boekjaar.

Spend comes from three places: paid declarations, taakgericht lump sums and
the toegang (wijkteam) organisation. The budget is set against what was really
delivered, with jeugd overspent in most gemeente-years.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from functools import cache

import numpy as np

from demo import rates
from demo.catalog import AANBIEDERS, PRODUCTEN, TAAK, P, product_index, taakveld, tarief_cent, toegang_taakvelden
from demo.declarations import Declared
from demo.frame import FrameGemeente
from demo.helpers import days, workday, workday_date
from demo.model import Begrotingsregel, Boeking, DeclaratieAntwoorden, Trajectories
from pipelines.config import Settings

ZORG_IN_NATURA = "3.4.1"  # Sociale uitkeringen in natura
BEKOSTIGING = "4.3.8"  # Inkomensoverdrachten - overige instellingen en personen
SALARIS = "1.1"
DIENSTEN = "3.8"  # Overige goederen en diensten
_WET_LABEL = {"jeugd": "Jeugdwet", "wmo": "Wmo"}
_SALARY_SHARE = 0.6  # of toegang: own staff; the rest is a contract with a wijkteam foundation [B]


@cache
def bookable_taakvelden(boekjaar: int) -> frozenset[str]:
    """Taakvelden of the Iv3 regime of ``boekjaar`` that may carry bookings:
    a parent that was split (6.71 into 6.71a-d from 2023) is listed but closed."""
    path = Settings.from_env().reference_dir / "iv3" / "iv3_taakvelden_per_boekjaar.csv"
    with open(path, encoding="utf-8") as f:
        codes = {r["taakveld"] for r in csv.DictReader(f) if int(r["boekjaar"]) == boekjaar}
    split = {c for c in codes if any(o != c and o.startswith(c) and o[len(c)].isalpha() for o in codes)}
    return frozenset(codes - split)


def grootboek(
    rng,
    t: Trajectories,
    declared: Declared,
    antwoorden: DeclaratieAntwoorden,
    frame: list[FrameGemeente],
    start_year: int,
    end_year: int,
    sample: float,
    aanbieder_factor: np.ndarray,
) -> tuple[list[Boeking], dict]:
    """Ledger lines up to the peildatum, and the full-year spend per
    (gemeentecode, year, taakveld) that the budget is set against."""
    peildatum = dt.date(end_year, 12, 31)
    spend: dict[tuple[str, int, str], int] = defaultdict(int)
    for (gemeente, year, code), cents in declared.geleverd.items():
        if start_year <= year <= end_year:
            spend[gemeente, year, taakveld(PRODUCTEN[code], year)] += cents
    lines = _declaratie_boekingen(rng, t, declared, antwoorden)
    lines += _taakgericht(rng, t, start_year, end_year, aanbieder_factor, spend)
    lines += _toegang(frame, start_year, end_year, sample, spend)
    lines = [b for b in lines if b.boekdatum <= peildatum]
    _check_taakvelden((b.boekjaar, b.taakveld) for b in lines)
    return lines, dict(spend)


def _declaratie_boekingen(rng, t: Trajectories, declared: Declared, antwoorden: DeclaratieAntwoorden) -> list[Boeking]:
    """One line per 323 per taakveld, paid two to four weeks after it arrived and never before
    the gemeente's 325 answer; booked in the year of the declaratieperiode. A jeugd line pays
    what the 325 grants (rejected Prestaties are not paid), a Wmo line the ingediend amount."""
    d, berichten = declared.declaraties, declared.berichten
    boekjaar = berichten.periode.astype("datetime64[Y]").astype(np.int64) + 1970
    regime = np.digitize(boekjaar, [2023, 2025])
    table = np.array([[f"{p.taakvelden[r]}|{p.kostenplaats}" for r in range(3)] for p in P])
    group = table[product_index(t.productcode[d.trajectory]), regime[d.bericht]]
    labels, group_id = np.unique(group, return_inverse=True)
    key = d.bericht.astype(np.int64) * len(labels) + group_id
    keys, inverse = np.unique(key, return_inverse=True)
    jeugd = np.array([s.aanbieder.wet == "jeugd" for s in AANBIEDERS])[berichten.aanbieder]
    total = np.bincount(inverse, weights=antwoorden.toegekend_cent).astype(np.int64)
    bericht, label = keys // len(labels), keys % len(labels)
    boekdatum = workday(berichten.dagtekening[bericht] + days(rng.integers(10, 29, len(keys))))
    antwoord = antwoorden.besluitdatum[bericht]
    boekdatum = np.where(jeugd[bericht], np.maximum(boekdatum, np.busday_offset(antwoord, 1)), boekdatum)
    lines = []
    for b, lab, cents, datum in zip(bericht.tolist(), label.tolist(), total.tolist(), boekdatum.tolist(), strict=False):
        if not cents:  # everything rejected: nothing to pay
            continue
        tv, kp = labels[lab].split("|")
        spec = AANBIEDERS[berichten.aanbieder[b]].aanbieder
        periode = berichten.periode[b].item()
        lines.append(
            Boeking(
                boekjaar=periode.year,
                boekdatum=datum,
                gemeentecode=str(berichten.gemeentecode[b]),
                taakveld=tv,
                categorie=ZORG_IN_NATURA,
                kostenplaats=kp,
                crediteurnummer=spec.crediteurnummer,
                crediteurnaam=spec.naam,
                omschrijving=f"Declaratie {berichten.declaratienummer[b]} {_WET_LABEL[spec.wet]} cliëntgebonden zorg "
                f"periode {periode:%m-%Y}",
                bedrag_cent=cents,
            )
        )
    return lines


def _taakgericht(rng, t: Trajectories, start_year, end_year, aanbieder_factor, spend) -> list[Boeking]:
    """Taakgericht aanbieders get a yearly sum sized on the care they gave, paid
    in twelve monthly terms; there are no declarations for this care."""
    is_taak = np.array([s.aanbieder.variant == TAAK for s in AANBIEDERS])
    taak = np.flatnonzero(is_taak[t.aanbieder] & ~np.isnat(t.begindatum))
    end = np.where(np.isnat(t.einddatum_zorg[taak]), np.datetime64(f"{end_year}-12-31"), t.einddatum_zorg[taak])
    lines = []
    for year in range(start_year, end_year + 1):
        first, last = np.datetime64(f"{year}-01-01"), np.datetime64(f"{year}-12-31")
        client_days = (np.minimum(end, last) - np.maximum(t.begindatum[taak], first)).astype(np.int64) + 1
        active = client_days > 0
        rows = taak[active]
        month_price = tarief_cent(
            product_index(t.productcode[rows]), aanbieder_factor[t.aanbieder[rows]], np.full(len(rows), first)
        )
        cents = client_days[active] * month_price / 30.44
        for (gemeente, a, code), total in _sum_by(
            t.gemeentecode[rows], t.aanbieder[rows], t.productcode[rows], cents
        ).items():
            yearly = int(round(total * rng.uniform(0.95, 1.05) / 1200)) * 1200  # twelve equal terms
            spend[gemeente, year, taakveld(PRODUCTEN[code], year)] += yearly
            lines += _terms(rng, AANBIEDERS[a].aanbieder, gemeente, year, PRODUCTEN[code], yearly)
    return lines


def _sum_by(gemeente, aanbieder, code, cents) -> dict[tuple[str, int, str], float]:
    out: dict[tuple[str, int, str], float] = defaultdict(float)
    for key, value in zip(
        zip(gemeente.tolist(), aanbieder.tolist(), code.tolist(), strict=False), cents.tolist(), strict=False
    ):
        out[key] += value
    return dict(sorted(out.items()))


def _terms(rng, aanbieder, gemeente, year, product, yearly) -> list[Boeking]:
    return [
        Boeking(
            boekjaar=year,
            boekdatum=workday_date(dt.date(year, month, int(rng.integers(1, 6)))),
            gemeentecode=gemeente,
            taakveld=taakveld(product, year),
            categorie=BEKOSTIGING,
            kostenplaats=product.kostenplaats,
            crediteurnummer=aanbieder.crediteurnummer,
            crediteurnaam=aanbieder.naam,
            omschrijving=f"Taakgerichte bekostiging {product.omschrijving.lower()}, één termijn {month:02d}-{year}",
            bedrag_cent=yearly // 12,
        )
        for month in range(1, 13)
    ]


def _toegang(frame, start_year, end_year, sample, spend) -> list[Boeking]:
    """Toegang / wijkteam: own staff monthly, a wijkteam foundation quarterly."""
    lines = []
    for fg in frame:
        for year in range(start_year, end_year + 1):
            total = (
                fg.bevolking[year]
                * sample
                * rates.TOEGANG_PER_INWONER_CENT
                * (1 + rates.TOEGANG_GROWTH) ** (year - start_year)
            )
            for tv, share in toegang_taakvelden(year):
                cents = int(total * share)
                spend[fg.code, year, tv] += cents
                salary, contract = int(cents * _SALARY_SHARE) // 12, int(cents * (1 - _SALARY_SHARE)) // 4
                lines += [
                    _line(
                        fg.code,
                        year,
                        workday_date(dt.date(year, m, 25)),
                        tv,
                        SALARIS,
                        "",
                        "",
                        f"Salariskosten toegangsteam {m:02d}-{year}",
                        salary,
                    )
                    for m in range(1, 13)
                ]
                lines += [
                    _line(
                        fg.code,
                        year,
                        workday_date(dt.date(year, 3 * q - 2, 10)),
                        tv,
                        DIENSTEN,
                        f"5{fg.code[2:]}1",
                        f"Stichting Sociaal Wijkteam {fg.naam}",
                        f"Coördinatie en uitvoering wijkteam Q{q} {year}",
                        contract,
                    )
                    for q in range(1, 5)
                ]
    return lines


def _line(gemeente, year, datum, tv, categorie, crediteurnummer, crediteurnaam, omschrijving, cents) -> Boeking:
    return Boeking(year, datum, gemeente, tv, categorie, "TG100", crediteurnummer, crediteurnaam, omschrijving, cents)


def begroting(rng, spend: dict[tuple[str, int, str], int], wet_of_taakveld: dict[str, str]) -> list[Begrotingsregel]:
    """Primitieve begroting before the year and one or two wijzigingen in it,
    ending near the real spend: jeugd mostly below it, Wmo and toegang around it."""
    regels = []
    for gemeente, year in sorted({(g, y) for g, y, _ in spend}):
        overrun = rng.random() < rates.JEUGD_OVERRUN
        jeugd_level = rng.uniform(*(rates.JEUGD_BUDGET_OVERRUN if overrun else rates.JEUGD_BUDGET_UNDERRUN))
        dates = [
            workday_date(dt.date(year - 1, 11, int(rng.integers(1, 15)))),
            workday_date(dt.date(year, 7, int(rng.integers(1, 11)))),
        ]
        if rng.random() < 0.6:
            dates.append(workday_date(dt.date(year, 11, int(rng.integers(1, 15)))))
        for tv in sorted(tv for g, y, tv in spend if (g, y) == (gemeente, year)):
            soort = wet_of_taakveld.get(tv, "toegang")
            if soort == "jeugd":
                final, primitief = jeugd_level * rng.uniform(0.97, 1.03), rng.uniform(0.90, 0.98)
            elif soort == "wmo":
                final, primitief = rng.uniform(*rates.WMO_BUDGET), rng.uniform(0.97, 1.02)
            else:
                final, primitief = rng.uniform(*rates.TOEGANG_BUDGET), rng.uniform(0.99, 1.01)
            target = spend[gemeente, year, tv] * final
            # Budget level after each step: the primitieve begroting, then the
            # wijzigingen bring it to the target.
            levels = [primitief, primitief + (1 - primitief) * rng.uniform(0.4, 0.8), 1.0][: len(dates) - 1] + [1.0]
            cumulative = np.rint(target * np.array(levels) / 10_000) * 10_000  # whole 100 euros
            amounts = np.diff(np.r_[0, cumulative]).astype(np.int64)
            for number, (datum, cents) in enumerate(zip(dates, amounts.tolist(), strict=False)):
                if number == 0 or cents:
                    regels.append(
                        Begrotingsregel(
                            year, gemeente, tv, "wijziging" if number else "primitief", number, datum, cents
                        )
                    )
    _check_taakvelden((r.begrotingsjaar, r.taakveld) for r in regels)
    return regels


def _check_taakvelden(pairs) -> None:
    wrong = sorted({(y, tv) for y, tv in pairs if tv not in bookable_taakvelden(y)})
    if wrong:
        raise ValueError(f"taakvelden not bookable in their year: {wrong[:5]}")
