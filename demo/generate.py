"""Build a synthetic region: real CBS frame, generated care, money and budget.

One ``numpy.random.Generator`` seeded once drives every draw, in a fixed order,
so the same arguments always give the same region.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from demo import rates
from demo.antwoorden import beoordeel
from demo.care import simulate_care
from demo.catalog import AANBIEDERS, PRODUCTEN
from demo.contracts import build_contracten
from demo.declarations import declare
from demo.enquete import build_enquete
from demo.finance import begroting, grootboek
from demo.frame import AGE_BANDS, load_frame
from demo.model import Bevolking, Gemeente, Region
from demo.verzoeken import plan_verzoeken
from demo.zaak import build_zaaksysteem

_SHARE_0_17 = sum(s for label, low, high, s in AGE_BANDS if high < 18)
_SHARE_75PLUS = sum(s for label, low, high, s in AGE_BANDS if low >= 75)


def generate(
    gemeenten: list[str], seed: int, start_year: int = 2021, end_year: int = 2025, sample: float = 1.0
) -> Region:
    """The region's truth for ``gemeenten`` from 1 January ``start_year`` to the
    peildatum 31 December ``end_year``. ``sample`` scales the number of persons
    (and with them all money), not the population figures' shape."""
    if not 0 < sample <= 1:
        raise ValueError("sample must be in (0, 1]")
    rng = np.random.default_rng(seed)
    frame = load_frame(gemeenten, range(start_year, end_year + 1))
    aanbieder_factor = 1 + rates.AANBIEDER_SPREAD * rng.standard_normal(len(AANBIEDERS))
    peildatum = np.datetime64(f"{end_year}-12-31")
    care = simulate_care(rng, frame, start_year, end_year, sample, aanbieder_factor)
    declared = declare(rng, care.trajectories, aanbieder_factor, peildatum)
    aanbieders = [s.aanbieder for s in AANBIEDERS]
    antwoorden = beoordeel(declared.declaraties, declared.berichten, peildatum)  # draws nothing
    boekingen, spend = grootboek(
        rng, care.trajectories, declared, antwoorden, frame, start_year, end_year, sample, aanbieder_factor
    )
    wet_of_taakveld = {tv: p.wet for p in PRODUCTEN.values() for tv in p.taakvelden}
    budget = begroting(rng, spend, wet_of_taakveld)
    # The case system and survey draw last, so every file above stays as it was without them.
    zaken = build_zaaksysteem(rng, care.persons, care.trajectories, frame, start_year, peildatum, sample)
    gemeenten = [Gemeente(fg.code, fg.naam) for fg in frame]
    return Region(
        seed=seed,
        sample=sample,
        start_year=start_year,
        end_year=end_year,
        peildatum=dt.date(end_year, 12, 31),
        gemeenten=gemeenten,
        bevolking=[
            Bevolking(fg.code, y, n * sample, n * sample * _SHARE_0_17, n * sample * _SHARE_75PLUS)
            for fg in frame
            for y, n in sorted(fg.bevolking.items())
        ],
        aanbieders=aanbieders,
        persons=care.persons,
        trajectories=care.trajectories,
        toewijzing_wijzigingen=care.wijzigingen,
        declaraties=declared.declaraties,
        declaratieberichten=declared.berichten,
        declaratie_antwoorden=antwoorden,
        # Requests and contracts draw nothing either: hashes of their own keys.
        verzoeken=plan_verzoeken(care.trajectories, care.wijzigingen, start_year, peildatum),
        grootboek=boekingen,
        begroting=budget,
        contracten=build_contracten(
            aanbieders, gemeenten, care.trajectories, declared.declaraties, boekingen, start_year, end_year
        ),
        zaaksysteem=zaken,
        enquete=build_enquete(rng, zaken.voorzieningen, start_year, end_year),
    )
