"""Rows for the Geld en resultaat page, april 2025 (maand), with numbers a test can work out by hand.

- lasten_prognose per wet: prognosis and begroting per gemeente; REGIO is the sum. The band rows
  (dimensie band_<wet>: laag, hoog) are the prognosis x 0,95 and x 1,05.
- lasten_begroting_ytd per taakveld (6.751 jeugd, 6.711 wmo).
- fct_geld_detail (the drill): REGIO taakveld 6.751 > categorie 45 > three aanbieders, of which 50000005
  is hidden for small numbers and 60000006 as its smallest sibling (secundair_dimensie).
- Contract ceiling, cost per successful trajectory and beëindigd volgens plan of aanbieder 40000004
  Geldzorg Oost (80% of its ceiling: the 70% signal), and 50000005 with too few trajectories.
"""

from datetime import date

import pandas as pd
from snapshot_fixture import BASIS, indicator_rij, voeg_aanbieders_toe, voeg_indicator_toe, voeg_publicatie_toe

APRIL = date(2025, 4, 1)
AANBIEDERS = [
    ("40000004", "Geldzorg Oost", "44444444", "jeugd", "inspanningsgericht"),
    ("50000005", "Klein Geld B.V.", "55555555", "jeugd", "outputgericht"),
    ("60000006", "Middel Zorg", "66666666", "jeugd", "inspanningsgericht"),
]
INDICATOREN = [
    ("lasten_begroting_ytd", "Lasten t.o.v. begroting (jaar tot nu)", "input", "%", "lager_is_beter", None, None),
    ("lasten_prognose", "Prognose lasten jaareinde t.o.v. begroting", "input", "%", "lager_is_beter", 100.0, None),
    ("budgetuitputting", "Uitputting contractplafond", "input", "%", "lager_is_beter", 70.0, None),
    ("kosten_per_client", "Kosten per cliënt (jaar tot nu)", "input", "euro", "lager_is_beter", None, None),
    ("kosten_per_succesvol_traject", "Kosten per geslaagd traject", "outcome", "euro", "lager_is_beter", None, None),
    ("beeindigd_volgens_plan", "Beëindigd volgens plan", "outcome", "%", "hoger_is_beter", 75.0, 10),
]
# gemeente -> wet -> (prognose, begroting) in april 2025
PROGNOSE = {
    "GM0153": {"jeugd": (1_300_000.0, 1_200_000.0), "wmo": (760_000.0, 800_000.0)},
    "GM0164": {"jeugd": (600_000.0, 500_000.0), "wmo": (400_000.0, 400_000.0)},
}
BAND = {"laag": 0.95, "hoog": 1.05}  # the band's bounds as a factor on the prognosis
# gemeente -> taakveld -> (realisatie t/m april, begroting)
TAAKVELDEN = {
    "GM0153": {"6.751": (400_000.0, 1_200_000.0), "6.711": (300_000.0, 800_000.0)},
    "GM0164": {"6.751": (150_000.0, 500_000.0), "6.711": (100_000.0, 400_000.0)},
}
# fct_geld_detail rows: gemeente, niveau, taakveld, categorie, aanbieder, product, bedrag, clienten, reden
DETAIL = [
    ("REGIO", "taakveld", "6.751", None, None, None, 250_000.0, 40, None),
    ("REGIO", "productcategorie", "6.751", "45", None, None, 250_000.0, 40, None),
    ("REGIO", "aanbieder", "6.751", "45", "40000004", None, 200_000.0, 30, None),
    ("REGIO", "aanbieder", "6.751", "45", "50000005", None, None, None, "te_weinig_basis"),
    ("REGIO", "aanbieder", "6.751", "45", "60000006", None, None, None, "secundair_dimensie"),
    ("REGIO", "product", "6.751", "45", "40000004", "45A01", 200_000.0, 30, None),
    ("GM0153", "taakveld", "6.751", None, None, None, 150_000.0, 25, None),
    ("GM0164", "taakveld", "6.751", None, None, None, 100_000.0, 15, None),
]


def _rij(
    indicator_id,
    gemeente,
    periode,
    dimensie,
    waarde_dim,
    waarde,
    teller,
    noemer,
    periode_type="maand",
    onderdrukt=False,
    reden=None,
):
    return (
        indicator_id,
        gemeente,
        periode_type,
        periode,
        dimensie,
        waarde_dim,
        None if onderdrukt else waarde,
        None if onderdrukt else teller,
        None if onderdrukt else noemer,
        None,
        None,
        onderdrukt,
        reden,
        "definitief",
        1.0,
    )


def _met_regio(per_gemeente: dict[str, dict[str, tuple[float, float]]]) -> dict[str, dict[str, tuple[float, float]]]:
    """The pairs per gemeente, and REGIO as their sum per key."""
    regio: dict[str, tuple[float, float]] = {}
    for paren in per_gemeente.values():
        for sleutel, (a, b) in paren.items():
            som = regio.get(sleutel, (0.0, 0.0))
            regio[sleutel] = (som[0] + a, som[1] + b)
    return {**per_gemeente, "REGIO": regio}


def _prognose_rijen() -> list[tuple]:
    rows = []
    for gemeente, wetten in _met_regio(PROGNOSE).items():
        wetten = {**wetten, "totaal": (sum(p for p, _ in wetten.values()), sum(b for _, b in wetten.values()))}
        for wet, (prognose, begroting) in wetten.items():
            dimensie = "totaal" if wet == "totaal" else "wet"
            rows.append(
                _rij("lasten_prognose", gemeente, APRIL, dimensie, wet, 100 * prognose / begroting, prognose, begroting)
            )
            for grens, factor in BAND.items():
                bedrag = prognose * factor
                rows.append(
                    _rij(
                        "lasten_prognose",
                        gemeente,
                        APRIL,
                        f"band_{wet}",
                        grens,
                        100 * bedrag / begroting,
                        bedrag,
                        begroting,
                    )
                )
    return rows


def _taakveld_rijen() -> list[tuple]:
    return [
        _rij("lasten_begroting_ytd", gemeente, APRIL, "taakveld", taakveld, 100 * lasten / begroting, lasten, begroting)
        for gemeente, taakvelden in _met_regio(TAAKVELDEN).items()
        for taakveld, (lasten, begroting) in taakvelden.items()
    ]


def _aanbieder_rijen() -> list[tuple]:
    return [
        _rij("budgetuitputting", "REGIO", APRIL, "aanbieder", "40000004", 80.0, 80_000.0, 100_000.0),
        _rij("kosten_per_succesvol_traject", "REGIO", APRIL, "aanbieder", "40000004", 15_000.0, 300_000.0, 20.0),
        _rij("beeindigd_volgens_plan", "REGIO", APRIL, "aanbieder", "40000004", 80.0, 20.0, 25.0),
        *(
            _rij(i, "REGIO", APRIL, "aanbieder", "50000005", None, None, None, onderdrukt=True, reden="te_weinig_basis")
            for i in ("kosten_per_succesvol_traject", "beeindigd_volgens_plan")
        ),
        _rij("kosten_per_client", "REGIO", APRIL, "wet", "jeugd", 9_000.0, 1_800_000.0, 200.0),
    ]


def voeg_toe(con) -> None:
    voeg_aanbieders_toe(con, AANBIEDERS)
    for indicator_id, naam, laag, eenheid, richting, norm, min_noemer in INDICATOREN:
        voeg_indicator_toe(con, indicator_rij(indicator_id, naam, laag, eenheid, richting, norm, None, 95), min_noemer)
    rijen = _prognose_rijen() + _taakveld_rijen() + _aanbieder_rijen()
    voeg_publicatie_toe(con, pd.DataFrame(rijen, columns=BASIS))
    con.execute(
        "CREATE TABLE fct_geld_detail (gemeentecode VARCHAR, periode_type VARCHAR, periode DATE, niveau VARCHAR,"
        " wet VARCHAR, taakveld VARCHAR, productcategorie VARCHAR, productcategorie_omschrijving VARCHAR,"
        " aanbieder VARCHAR, productcode VARCHAR, bedrag DOUBLE, clienten INTEGER, onderdrukt BOOLEAN,"
        " reden_onderdrukt VARCHAR)"
    )
    con.executemany(
        "INSERT INTO fct_geld_detail VALUES (?, 'maand', ?, ?, 'jeugd', ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
        [(g, APRIL, n, t, c, a, p, b, k, r is not None, r) for g, n, t, c, a, p, b, k, r in DETAIL],
    )
