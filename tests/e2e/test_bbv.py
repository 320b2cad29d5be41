"""The BBV and GMSD figures of the case system recomputed in plain Python from the generator's truth
(demo/zaak.py) and the population files the demo delivered or CBS published: never from the warehouse.

- bijstand_per_10000: persons (applicant and partner) with algemene bijstand on the period's last day per
  10,000 residents aged 18+;
- wmo_maatwerk_per_1000 (and its BBV and GMSD variants): residents with a Wmo maatwerkvoorziening in natura
  or as pgb running in the period;
- reintegratie_per_10000: running re-integratievoorzieningen (not persons) per 10,000 residents aged 15-64.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from .bevolking import inwoners
from .conftest import GEMEENTEN
from .test_indicators import bevolking, published

GEMEENTE = GEMEENTEN[0]
JAAR = dt.date(2024, 1, 1)  # a year with a BRP delivery from every e2e gemeente
EINDE = dt.date(2024, 12, 31)
BESCHERMD_WONEN_EN_OPVANG = {"15", "16", "17", "18"}  # WMO020


def _day(value: np.ndarray) -> np.ndarray:
    return value.astype("datetime64[D]")


def _running(start: np.ndarray, einde: np.ndarray, first: dt.date, last: dt.date) -> np.ndarray:
    """Started on or before ``last`` and not ended before ``first`` (NaT: still running)."""
    return (_day(start) <= np.datetime64(last)) & (np.isnat(einde) | (_day(einde) >= np.datetime64(first)))


def test_bijstand_per_10000_counts_both_partners_and_only_algemene_bijstand(loaded_region):
    b = loaded_region.region.zaaksysteem.bijstand
    lopend = (
        (b.gemeentecode == GEMEENTE)
        & (b.soort == "algemene bijstand")
        & _running(b.ingangsdatum, b.einddatum, EINDE, EINDE)
    )
    personen = set(b.bsn[lopend].tolist()) | (set(b.partner_bsn[lopend].tolist()) - {""})
    assert len(personen) > lopend.sum(), "couples add their partner"
    noemer = inwoners(loaded_region.sources, GEMEENTE, JAAR.year, 18, 105)
    got = published(loaded_region, "bijstand_per_10000", GEMEENTE, JAAR, "jaar")
    assert got is not None
    assert got[1:] == (len(personen), noemer)
    assert got[0] == pytest.approx(10_000 * len(personen) / noemer)


def _wmo_clienten(region, gemeente: str, first: dt.date, last: dt.date, zonder_verblijf: bool = False) -> set[str]:
    v = region.zaaksysteem.voorzieningen
    rows = (v.gemeentecode == gemeente) & (v.wet == "wmo") & _running(v.datum_start, v.datum_einde, first, last)
    if zonder_verblijf:
        rows &= ~np.isin(v.productcategorie, list(BESCHERMD_WONEN_EN_OPVANG))
    return set(v.bsn[rows].tolist())


@pytest.mark.parametrize(
    ("indicator", "schaal", "zonder_verblijf"),
    [
        ("wmo_maatwerk_per_1000", 1000, False),
        ("wmo_maatwerk_per_10000", 10000, False),
        ("wmo_maatwerk_zonder_bw_opvang_per_1000", 1000, True),
    ],
)
def test_wmo_maatwerk_counts_clients_in_natura_and_pgb(loaded_region, indicator, schaal, zonder_verblijf):
    region = loaded_region.region
    clienten = _wmo_clienten(region, GEMEENTE, JAAR, EINDE, zonder_verblijf)
    v = region.zaaksysteem.voorzieningen
    pgb = set(v.bsn[(v.leveringsvorm == "pgb") & (v.wet == "wmo")].tolist())
    assert clienten & pgb, "pgb clients are among the counted"
    noemer = bevolking()[(GEMEENTE, JAAR.year)]  # CBS 03759ned: all residents on 1 January
    got = published(loaded_region, indicator, GEMEENTE, JAAR, "jaar")
    assert got is not None
    assert got[1:] == (len(clienten), noemer)
    assert got[0] == pytest.approx(schaal * len(clienten) / noemer)


def test_zonder_beschermd_wonen_leaves_out_who_only_has_beschermd_wonen(loaded_region):
    region = loaded_region.region
    alle = _wmo_clienten(region, GEMEENTE, JAAR, EINDE)
    zonder = _wmo_clienten(region, GEMEENTE, JAAR, EINDE, zonder_verblijf=True)
    assert zonder < alle, "the demo has clients with only beschermd wonen"


def test_reintegratie_per_10000_counts_voorzieningen_not_persons(loaded_region):
    r = loaded_region.region.zaaksysteem.reintegratie
    lopend = (r.gemeentecode == GEMEENTE) & _running(r.datum_start, r.datum_einde, EINDE, EINDE)
    noemer = inwoners(loaded_region.sources, GEMEENTE, JAAR.year, 15, 64)
    got = published(loaded_region, "reintegratie_per_10000", GEMEENTE, JAAR, "jaar")
    assert got is not None
    assert got[1:] == (int(lopend.sum()), noemer)
    assert got[0] == pytest.approx(10_000 * lopend.sum() / noemer)
