"""Provider contracts: one line per aanbieder x gemeente x product x calendar year, with a made-up
KvK number, the tariff the care was priced at and a contract ceiling set against the real spend.

Nothing here draws from the region's random generator: KvK numbers and ceilings are derived
from hashes of the AGB code, tariffs and spend are read back from the generated care and ledger,
so the contracts leave every other file byte-identical.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from demo.catalog import PRODUCTEN, TAAK, product_index, tarief_cent
from demo.helpers import key_fraction
from demo.model import Aanbieder, Boeking, Contract, Declaraties, Gemeente, Trajectories

TAAK_EENHEID = "83"  # WJ756 euro's: the taakgericht lump sum has no price per unit
_PLAFOND_MINIMUM_CENT = 10_000_00  # a contract without care in a year still has a ceiling
_BIJNA_VOL = 0.10  # share of contracts (aanbieder x gemeente x jaar) using 72-95% of the ceiling
_BENUTTING = {"gewoon": (0.40, 0.68), "bijna_vol": (0.72, 0.95), "overschreden": (1.03, 1.12)}


def kvk_nummer(agb: str) -> str:
    """A made-up 8-digit KvK number (no leading zero), fixed per AGB code."""
    return str(10_000_000 + int(key_fraction("kvk", agb) * 90_000_000))


def build_contracten(
    aanbieders: list[Aanbieder],
    gemeenten: list[Gemeente],
    t: Trajectories,
    d: Declaraties,
    grootboek: list[Boeking],
    start_year: int,
    end_year: int,
) -> list[Contract]:
    """Contract lines ordered by AGB code, gemeente, year and productcode (tariffs are set per
    calendar year). Taakgericht: Eenheid 83, no tariff, the lump sum paid as the ceiling."""
    years = range(start_year, end_year + 1)
    prices, spend = _contract_tarieven(aanbieders, t, d, years), _uitgaven(grootboek)
    overschreden = _overschrijders(aanbieders, spend)
    contracten = []
    for a in sorted(range(len(aanbieders)), key=lambda i: aanbieders[i].agb):
        aanbieder = aanbieders[a]
        kvk = kvk_nummer(aanbieder.agb)
        for gemeente in sorted(g.code for g in gemeenten):
            for year in years:
                spent = spend.get((aanbieder.crediteurnummer, gemeente, year), 0)
                if aanbieder.variant == TAAK:
                    plafond = spent  # the lump sum paid in twelve terms is the whole budget
                else:
                    plafond = contract_plafond_cent(
                        spent,
                        aanbieder.agb,
                        gemeente,
                        year,
                        (aanbieder.crediteurnummer, gemeente, year) in overschreden,
                    )
                for code in sorted(aanbieder.producten):
                    product = PRODUCTEN[code]
                    taak = aanbieder.variant == TAAK
                    contracten.append(
                        Contract(
                            agb=aanbieder.agb,
                            kvk=kvk,
                            naam=aanbieder.naam,
                            wet=aanbieder.wet,
                            gemeentecode=gemeente,
                            variant=aanbieder.variant,
                            productcategorie=product.categorie,
                            productcode=code,
                            eenheid=TAAK_EENHEID if taak else product.eenheid,
                            tarief_cent=None if taak else prices[a, code, year],
                            ingangsdatum=dt.date(year, 1, 1),
                            einddatum=dt.date(year, 12, 31),
                            plafond_cent=plafond,
                        )
                    )
    return contracten


def _contract_tarieven(
    aanbieders: list[Aanbieder], t: Trajectories, d: Declaraties, years: range
) -> dict[tuple[int, str, int], int]:
    """(aanbieder index, productcode, year) -> tarief in cents, as the generated care used it.

    The price level per aanbieder is not kept in the Region; it is read back from the
    toewijzingen (price in the year of ingangsdatum) and declarations (year of the period).
    Combinations without any care are priced with the aanbieder's median price level."""
    seen: dict[tuple[int, str, int], int] = {}
    ingang_year = t.ingangsdatum.astype("datetime64[Y]").astype(np.int64) + 1970
    for a, code, year, cents in zip(
        t.aanbieder.tolist(), t.productcode.tolist(), ingang_year.tolist(), t.tarief_cent.tolist(), strict=False
    ):
        seen.setdefault((a, code, year), cents)
    periode_year = d.periode_begin.astype("datetime64[Y]").astype(np.int64) + 1970
    for tr, year, cents in zip(d.trajectory.tolist(), periode_year.tolist(), d.tarief_cent.tolist(), strict=False):
        seen.setdefault((int(t.aanbieder[tr]), str(t.productcode[tr]), year), cents)
    levels: dict[int, list[float]] = defaultdict(list)
    for (a, code, year), cents in seen.items():
        base = tarief_cent(product_index(np.array([code])), np.ones(1), np.array([f"{year}-01-01"], "datetime64[D]"))
        levels[a].append(cents / base[0])
    prices = {}
    for a, aanbieder in enumerate(aanbieders):
        level = float(np.median(levels[a])) if levels[a] else 1.0
        for code in aanbieder.producten:
            for year in years:
                prices[a, code, year] = seen.get((a, code, year)) or int(
                    tarief_cent(
                        product_index(np.array([code])), np.array([level]), np.array([f"{year}-01-01"], "datetime64[D]")
                    )[0]
                )
    return prices


def _uitgaven(grootboek: list[Boeking]) -> dict[tuple[str, str, int], int]:
    """(crediteurnummer, gemeentecode, boekjaar) -> ledger spend in cents."""
    spend: dict[tuple[str, str, int], int] = defaultdict(int)
    for b in grootboek:
        spend[b.crediteurnummer, b.gemeentecode, b.boekjaar] += b.bedrag_cent
    return spend


def contract_plafond_cent(region_spend: int, agb: str, gemeente: str, year: int, overschreden: bool) -> int:
    """Ceiling of an inspannings- or outputgericht contract: most aanbieders use 40-68% of it, a few
    (``_BIJNA_VOL``) 72-95%, and the one ``overschreden`` contract of the year 103-112%. Whole hundreds."""
    if overschreden:
        soort = "overschreden"
    elif key_fraction("bijna_vol", agb, gemeente, year) < _BIJNA_VOL:
        soort = "bijna_vol"
    else:
        soort = "gewoon"
    low, high = _BENUTTING[soort]
    benutting = low + (high - low) * key_fraction("benutting", agb, gemeente, year)
    cents = max(region_spend / benutting, _PLAFOND_MINIMUM_CENT)
    return int(round(cents / 100_00)) * 100_00


def _overschrijders(aanbieders: list[Aanbieder], spend: dict[tuple[str, str, int], int]) -> set[tuple[str, str, int]]:
    """Per year the one contract (crediteurnummer, gemeente, year) that runs past its ceiling: of
    the inspannings- and outputgericht contracts with real spend, the one with the highest hash."""
    kandidaten: dict[int, list[tuple[float, tuple[str, str, int]]]] = defaultdict(list)
    for a in aanbieders:
        if a.variant == TAAK:
            continue
        for (crediteur, gemeente, year), cents in spend.items():
            if crediteur == a.crediteurnummer and cents > 2 * _PLAFOND_MINIMUM_CENT:
                key = (crediteur, gemeente, year)
                kandidaten[year].append((key_fraction("overschrijder", a.agb, gemeente, year), key))
    return {max(options)[1] for options in kandidaten.values()}
