"""Rows for the Aanbieders page: three care providers, their breakdown rows and the totals beside them.

Monthly rows for januari .. mei 2025 (april and mei voorlopig, as in snapshot_fixture). Numbers are built
from tellers and noemers below so a test can compute every figure by hand; REGIO per aanbieder is the
sum of its gemeenten.

- 10000001 Jeugdzorg De Brug: Enschede and Hengelo.
- 20000002 Thuiszorg Hengelo: Hengelo only (an Enschede user must never see its Hengelo rows).
- 30000003 Kleine Zorg B.V.: Enschede only, small numbers: beëindigd volgens plan and kosten hidden as
  te_weinig_basis (fewer than 10 ended trajectories), wait times hidden as klein_aantal; its contract
  ceiling use passes 70% in maart.
"""

from datetime import date

import pandas as pd
from snapshot_fixture import (
    BASIS,
    VOLLEDIGHEID,
    _status,
    indicator_rij,
    voeg_aanbieders_toe,
    voeg_indicator_toe,
    voeg_publicatie_toe,
)

MAANDEN = [date(2025, m, 1) for m in range(1, 6)]  # jan .. mei 2025
GEMEENTEN = ("GM0153", "GM0164")

AANBIEDERS = [
    ("10000001", "Jeugdzorg De Brug", "11111111", "jeugd", "inspanningsgericht"),
    ("20000002", "Thuiszorg Hengelo", "22222222", "wmo", "outputgericht"),
    ("30000003", "Kleine Zorg B.V.", "33333333", "jeugd", "taakgericht"),
]
# indicator_id, naam, laag, eenheid, richting, norm, norm_bron, min_noemer_aanbieder (the real ids)
INDICATOREN = [
    (
        "budgetuitputting",
        "Uitputting contractplafond",
        "input",
        "%",
        "lager_is_beter",
        70.0,
        "Contractstandaarden Wmo: bij 70% van de bestedingsruimte overleg binnen 2 weken",
        None,
    ),
    (
        "beeindigd_volgens_plan",
        "Beëindigd volgens plan",
        "outcome",
        "%",
        "hoger_is_beter",
        75.0,
        "Streefwaarde Stuurwiel (75%)",
        10,
    ),
    (
        "kosten_per_succesvol_traject",
        "Kosten per geslaagd traject",
        "outcome",
        "euro",
        "lager_is_beter",
        None,
        None,
        None,
    ),
    (
        "wachttijd_aanbieder_p80",
        "Wachttijd op aanbieder (80e percentiel)",
        "throughput",
        "dagen",
        "lager_is_beter",
        None,
        None,
        None,
    ),
    (
        "wachttijd_aanbieder_p95",
        "Wachttijd op aanbieder (95e percentiel)",
        "throughput",
        "dagen",
        "lager_is_beter",
        None,
        None,
        None,
    ),
    (
        "wachttijd_besluit_mediaan",
        "Wachttijd op besluit (mediaan)",
        "throughput",
        "dagen",
        "lager_is_beter",
        7.0,
        "Wettelijke termijn",
        None,
    ),
    (
        "wachttijd_mediaan",
        "Wachttijd tot start zorg (mediaan)",
        "throughput",
        "dagen",
        "lager_is_beter",
        42.0,
        "Norm van de gemeente",
        None,
    ),
    ("doelen_bereikt", "Doelen bereikt", "outcome", "%", "hoger_is_beter", None, None, None),
]
MIN_NOEMER = 10  # beëindigd volgens plan / kosten per geslaagd traject per aanbieder
KLEIN = 7  # wait times: at most 7 starts is hidden

# Contract ceiling (euro per year) and declared per month (year to date grows by this each month).
PLAFOND = {
    ("10000001", "GM0153"): (1_200_000.0, 100_000.0),
    ("10000001", "GM0164"): (800_000.0, 80_000.0),
    ("20000002", "GM0164"): (500_000.0, 50_000.0),
    ("30000003", "GM0153"): (100_000.0, 24_000.0),
}
# Ended trajectories per month: (volgens plan, ended excl. neutral reasons); De Brug in Enschede improves
# by one a month (14/20 in januari .. 18/20 in mei, so 16/20 = 80% in maart).
BEEINDIGD = {("10000001", "GM0164"): (12, 20), ("20000002", "GM0164"): (10, 13), ("30000003", "GM0153"): (5, 6)}
KOSTEN = {"10000001": 12_500.0, "20000002": 8_000.0, "30000003": 20_000.0}  # declared per successful trajectory
# Wait time on the aanbieder: (p80, p95, starts) per month; De Brug in Enschede: p80 26 + 2/maand, p95 44 + 3/maand.
WACHTTIJD = {
    ("10000001", "GM0164"): (40.0, 60.0, 20),
    ("20000002", "GM0164"): (20.0, 28.0, 15),
    ("30000003", "GM0153"): (12.0, 15.0, 5),
}
WACHTTIJD_REGIO = {"10000001": (35.0, 58.0, 45), "20000002": (20.0, 28.0, 15), "30000003": (12.0, 15.0, 5)}
BESLUIT = {
    ("10000001", "GM0153"): (5.0, 30),
    ("10000001", "GM0164"): (9.0, 20),
    ("20000002", "GM0164"): (7.0, 15),
    ("30000003", "GM0153"): (3.0, 4),
}
BESLUIT_REGIO = {"10000001": (6.0, 50), "20000002": (7.0, 15), "30000003": (3.0, 4)}
# All-aanbieder wait-time totals (p80, p95, starts; besluit mediaan) per gemeente, constant over the months.
WACHTTIJD_TOTAAL = {"GM0153": (31.0, 52.0, 30, 5.0), "GM0164": (36.0, 55.0, 35, 8.0), "REGIO": (33.0, 54.0, 65, 6.0)}

_RICHTING = {i[0]: i[4] for i in INDICATOREN}
_NORM = {i[0]: i[5] for i in INDICATOREN}


def _beeindigd(agb: str, gemeente: str, k: int) -> tuple[int, int]:
    if (agb, gemeente) == ("10000001", "GM0153"):
        return 14 + k, 20
    return BEEINDIGD[(agb, gemeente)]


def _wachttijd(agb: str, gemeente: str, k: int) -> tuple[float, float, int]:
    if (agb, gemeente) == ("10000001", "GM0153"):
        return 26.0 + 2 * k, 44.0 + 3 * k, 25
    return WACHTTIJD[(agb, gemeente)]


def _vintage(maand: date) -> tuple[str, float]:
    volledigheid = VOLLEDIGHEID.get(maand, 1.0)
    return ("voorlopig" if volledigheid < 0.99 else "definitief"), volledigheid


def _rij(indicator_id, gemeente, maand, dimensie, waarde_dim, waarde, teller, noemer, reden=None) -> dict:
    vintage, volledigheid = _vintage(maand)
    geheim = reden is not None
    norm = _NORM[indicator_id]
    return dict(
        zip(
            BASIS,
            (
                indicator_id,
                gemeente,
                "maand",
                maand,
                dimensie,
                waarde_dim,
                None if geheim else waarde,
                None if geheim else teller,
                None if geheim else noemer,
                norm,
                None if geheim or waarde is None else _status(waarde, norm, _RICHTING[indicator_id]),
                geheim,
                reden,
                vintage,
                volledigheid,
            ),
            strict=False,
        )
    )


def _sommen(k: int) -> dict:
    """Per (agb, gemeente incl. REGIO): declared, ceiling, volgens plan, ended, cost sum for month k."""
    uit = {}
    for agb, *_ in AANBIEDERS:
        for gemeente in GEMEENTEN:
            if (agb, gemeente) not in PLAFOND:
                continue
            plafond, per_maand = PLAFOND[(agb, gemeente)]
            plan, eind = _beeindigd(agb, gemeente, k)
            rij = (per_maand * (k + 1), plafond, plan, eind, plan * KOSTEN[agb])
            uit[(agb, gemeente)] = rij
            regio = uit.get((agb, "REGIO"), (0.0, 0.0, 0, 0, 0.0))
            uit[(agb, "REGIO")] = tuple(a + b for a, b in zip(regio, rij, strict=False))
    return uit


def rijen() -> list[dict]:
    rows = []
    for k, maand in enumerate(MAANDEN):
        sommen = _sommen(k)
        totaal: dict[str, list[float]] = {}
        for (agb, gemeente), (gedeclareerd, plafond, plan, eind, kosten) in sommen.items():
            t = totaal.setdefault(gemeente, [0.0, 0.0, 0, 0, 0.0])
            for i, v in enumerate((gedeclareerd, plafond, plan, eind, kosten)):
                t[i] += v
            rows.append(
                _rij(
                    "budgetuitputting",
                    gemeente,
                    maand,
                    "aanbieder",
                    agb,
                    100 * gedeclareerd / plafond,
                    gedeclareerd,
                    plafond,
                )
            )
            klein = eind < MIN_NOEMER
            rows.append(
                _rij(
                    "beeindigd_volgens_plan",
                    gemeente,
                    maand,
                    "aanbieder",
                    agb,
                    100 * plan / eind,
                    plan,
                    eind,
                    "te_weinig_basis" if klein else None,
                )
            )
            rows.append(
                _rij(
                    "kosten_per_succesvol_traject",
                    gemeente,
                    maand,
                    "aanbieder",
                    agb,
                    kosten / plan,
                    kosten,
                    plan,
                    "te_weinig_basis" if klein else None,
                )
            )
            p80, p95, starts = WACHTTIJD_REGIO[agb] if gemeente == "REGIO" else _wachttijd(agb, gemeente, k)
            reden = "klein_aantal" if starts <= KLEIN else None
            rows.append(_rij("wachttijd_aanbieder_p80", gemeente, maand, "aanbieder", agb, p80, starts, None, reden))
            rows.append(_rij("wachttijd_aanbieder_p95", gemeente, maand, "aanbieder", agb, p95, starts, None, reden))
            besluit, n = BESLUIT_REGIO[agb] if gemeente == "REGIO" else BESLUIT[(agb, gemeente)]
            rows.append(
                _rij(
                    "wachttijd_besluit_mediaan",
                    gemeente,
                    maand,
                    "aanbieder",
                    agb,
                    besluit,
                    n,
                    None,
                    "klein_aantal" if n <= KLEIN else None,
                )
            )
        for gemeente, (gedeclareerd, plafond, plan, eind, kosten) in totaal.items():
            rows.append(
                _rij(
                    "budgetuitputting",
                    gemeente,
                    maand,
                    "totaal",
                    "totaal",
                    100 * gedeclareerd / plafond,
                    gedeclareerd,
                    plafond,
                )
            )
            rows.append(
                _rij("beeindigd_volgens_plan", gemeente, maand, "totaal", "totaal", 100 * plan / eind, plan, eind)
            )
            rows.append(
                _rij("kosten_per_succesvol_traject", gemeente, maand, "totaal", "totaal", kosten / plan, kosten, plan)
            )
            p80, p95, starts, besluit = WACHTTIJD_TOTAAL[gemeente]
            rows.append(_rij("wachttijd_aanbieder_p80", gemeente, maand, "totaal", "totaal", p80, starts, None))
            rows.append(_rij("wachttijd_aanbieder_p95", gemeente, maand, "totaal", "totaal", p95, starts, None))
            rows.append(_rij("wachttijd_besluit_mediaan", gemeente, maand, "totaal", "totaal", besluit, starts, None))
    return rows


def voeg_toe(con) -> None:
    voeg_aanbieders_toe(con, AANBIEDERS)
    for indicator_id, naam, laag, eenheid, richting, norm, norm_bron, min_noemer in INDICATOREN:
        voeg_indicator_toe(
            con, indicator_rij(indicator_id, naam, laag, eenheid, richting, norm, norm_bron, 90), min_noemer
        )
    voeg_publicatie_toe(con, pd.DataFrame(rijen(), columns=BASIS), met_regio=True)
