"""jeugdzorg_aandeel_0_22 recomputed in plain Python from the generator's truth, and CBS's figure beside it.

The teller comes from the person-level Region, the noemer from the BRP counts the demo delivered (ages 0-22 on
1 January), the CBS figure from the synthetic StatLine export as written: never from the warehouse's own output.
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from pipelines import indicatoren

from .test_indicators import _active, _age, published, trajecten

GEMEENTE = "GM0168"
HALFJAREN = [
    ("jaar", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ("halfjaar", dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
]


def _brp_0_22(sources, gemeente: str, jaar: int) -> int:
    with open(sources / "brp" / f"brp_{gemeente}_{jaar}.csv", encoding="utf-8-sig") as fh:
        return sum(
            int(r["Aantal"])
            for r in csv.DictReader(fh, delimiter=";")
            if r["Gemeentecode"] == gemeente
            and r["Peildatum"] == f"01-01-{jaar}"
            and r["Leeftijd"] != "105+"
            and int(r["Leeftijd"]) <= 22
        )


def _kwb(sources, jaar: int, gemeente: str, variabele: str) -> str:
    with open(sources / "cbs" / f"kwb_{jaar}_synthetisch.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter=";"):
            if r["WijkenEnBuurten"].strip() == gemeente:
                return next(v for k, v in r.items() if k.rsplit("_", 1)[0] == variabele)
    raise AssertionError(f"{gemeente} not in the KWB export")


@pytest.mark.parametrize(("periode_type", "start", "end"), HALFJAREN)
def test_jeugdzorg_aandeel_0_22_counts_jeugdhulp_jeugdbescherming_and_jeugdreclassering(
    loaded_region, periode_type, start, end
):
    clients = {
        r["client"]
        for r in trajecten(loaded_region.region)
        if r["wet"] == "jeugd"
        and r["gemeente"] == GEMEENTE
        and _active(r, start, end)
        and _age(r["geboortemaand"], max(r["start"], start)) < 23
    }
    noemer = _brp_0_22(loaded_region.sources, GEMEENTE, start.year)
    got = published(loaded_region, "jeugdzorg_aandeel_0_22", GEMEENTE, start, periode_type)
    assert got[1:] == (len(clients), noemer)
    assert got[0] == pytest.approx(100 * len(clients) / noemer)


def test_cbs_figure_stands_beside_the_year_with_the_reason_it_differs(loaded_region):
    verschil = next(d["verschil"] for d in indicatoren.definitions() if d["id"] == "jeugdzorg_aandeel_0_22")
    cbs = _kwb(loaded_region.sources, 2024, GEMEENTE, "PercentageJongerenMetJeugdzorg")
    with loaded_region.serving() as con:
        rijen = con.execute(
            "select periode_type, waarde_stuurwiel, waarde_cbs, verschil, reden from fct_cbs_vergelijking"
            " where indicator_id = 'jeugdzorg_aandeel_0_22' and gemeentecode = ? and year(periode) = 2024",
            [GEMEENTE],
        ).fetchall()
        halfjaar_cbs = con.execute(
            "select waarde_cbs from fct_indicator_publicatie where indicator_id = 'jeugdzorg_aandeel_0_22'"
            " and gemeentecode = ? and periode_type = 'halfjaar' and dimensie = 'totaal'",
            [GEMEENTE],
        ).fetchall()
    assert [r[0] for r in rijen] == ["jaar"]  # KWB is yearly: no half-year is reconciled with it
    _, ons, waarde_cbs, verschil_cbs, reden = rijen[0]
    if cbs == ".":
        assert waarde_cbs is None and "geheim" in reden
    else:
        assert waarde_cbs == pytest.approx(float(cbs))
        assert verschil_cbs == pytest.approx(ons - float(cbs))
    # the demo's export is synthetic: the reason says so first, then the definition's difference
    synthetisch = "Let op: het CBS-cijfer is synthetisch (demo), berekend uit de demowereld met de regels van CBS. "
    assert reden.startswith(synthetisch + verschil)
    assert all(r[0] is None for r in halfjaar_cbs)
