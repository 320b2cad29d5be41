"""A rate per resident whose population is an estimate says so: fct_indicator_publicatie.noemer_geschat,
driven by the indicator's meta.indicator.noemer_bevolking and int_bevolking's per-column flags; and no
indicator divides by int_bevolking without declaring which population it uses."""

import re
from datetime import date

import pandas as pd
from publicatie import DBT, TELLING, bevolking_leeftijden, publiceer

from pipelines import indicatoren

AANDEEL = pd.DataFrame(
    [
        {
            "indicator_id": "aandeel_0_17",
            "laag": "output",
            "eenheid": "%",
            "richting": "neutraal",
            "schaal": 100,
            "kleine_aantallen": "teller",
            "noemer_bevolking": "inwoners_0_17",
        }
    ]
)


def _rij(indicator, gemeente, periode, teller, noemer):
    return {
        "indicator_id": indicator,
        "gemeentecode": gemeente,
        "periode_type": "maand",
        "periode": periode,
        "dimensie": "totaal",
        "dimensie_waarde": "totaal",
        "waarde": 100 * teller / noemer,
        "teller": teller,
        "noemer": noemer,
    }


def _bevolking(gemeente, jaar, geschat_0_17, geschat_15_64=False):
    return {
        "gemeentecode": gemeente,
        "jaar": jaar,
        **{f"{kolom}_geschat": geschat_0_17 for kolom in bevolking_leeftijden()},
        "inwoners_15_64_geschat": geschat_15_64,
    }


def test_an_estimated_population_marks_the_rate_and_its_region():
    """GM0001 delivered no BRP for 2025 (estimated), GM0002 did; REGIO holds GM0001, so it is estimated too.
    In 2024 both delivered. A count that divides by nothing is never marked."""
    mei_2025, mei_2024 = date(2025, 5, 1), date(2024, 5, 1)
    waarden = pd.DataFrame(
        [
            _rij("aandeel_0_17", "GM0001", mei_2025, 40, 4000),
            _rij("aandeel_0_17", "GM0002", mei_2025, 50, 5000),
            _rij("aandeel_0_17", "REGIO", mei_2025, 90, 9000),
            _rij("aandeel_0_17", "GM0001", mei_2024, 40, 4000),
            {**_rij("telling", "GM0001", mei_2025, 40, 1), "noemer": None, "waarde": 40},
        ]
    )
    bevolking = pd.DataFrame(
        [
            _bevolking("GM0001", 2025, True),
            _bevolking("GM0002", 2025, False),
            _bevolking("REGIO", 2025, True),
            _bevolking("GM0001", 2024, False),
        ]
    )
    uit = publiceer(waarden, pd.concat([AANDEEL, TELLING]), bevolking=bevolking)
    geschat = {(r.indicator_id, r.gemeentecode, r.periode.year): r.noemer_geschat for r in uit.itertuples()}
    assert geschat == {
        ("aandeel_0_17", "GM0001", 2025): True,
        ("aandeel_0_17", "GM0002", 2025): False,
        ("aandeel_0_17", "REGIO", 2025): True,
        ("aandeel_0_17", "GM0001", 2024): False,
        ("telling", "GM0001", 2025): False,
    }


def test_the_flag_follows_the_declared_column():
    """15-64 from CBS groups of the same year is exact even where 0-17 is estimated."""
    mei = date(2024, 5, 1)
    per_15_64 = AANDEEL.assign(indicator_id="per_15_64", noemer_bevolking="inwoners_15_64")
    waarden = pd.DataFrame([_rij("aandeel_0_17", "GM0001", mei, 40, 4000), _rij("per_15_64", "GM0001", mei, 40, 4000)])
    uit = publiceer(
        waarden, pd.concat([AANDEEL, per_15_64]), bevolking=pd.DataFrame([_bevolking("GM0001", 2024, True)])
    )
    assert dict(zip(uit.indicator_id, uit.noemer_geschat, strict=True)) == {"aandeel_0_17": True, "per_15_64": False}


def _macros_op_bevolking() -> set[str]:
    """Every macro that reads int_bevolking, directly or through another such macro."""
    bronnen = {
        m.group(1): m.group(2)
        for p in (DBT / "macros").rglob("*.sql")
        for m in re.finditer(r"{%-?\s*macro\s+(\w+)\(.*?%}(.*?){%-?\s*endmacro", p.read_text(), re.S)
    }
    found = {naam for naam, body in bronnen.items() if "ref('int_bevolking')" in body}
    while True:
        meer = {n for n, b in bronnen.items() if n not in found and any(re.search(rf"\b{f}\(", b) for f in found)}
        if not meer:
            return found
        found |= meer


def test_every_indicator_on_int_bevolking_declares_its_population():
    """An indicator whose SQL reads int_bevolking (itself or through per_inwoners, jeugdhulp_aandeel, ...)
    names the column in noemer_bevolking, and that column is the one its SQL passes: otherwise a rate on an
    estimated population would be published without saying so."""
    macros = _macros_op_bevolking()
    assert {"per_inwoners", "jeugdhulp_aandeel", "jeugd_categorie_aandeel"} <= macros
    kolommen = {"inwoners", *bevolking_leeftijden()}
    for d in indicatoren.definitions():
        sql = (DBT / d["bestand"]).with_suffix(".sql").read_text()
        leest = "ref('int_bevolking')" in sql or any(re.search(rf"\b{m}\(", sql) for m in macros)
        if not leest:
            assert "noemer_bevolking" not in d, (d["model"], "declares a population it does not use")
            continue
        assert d.get("noemer_bevolking") in kolommen, (d["model"], "noemer_bevolking ontbreekt of is geen kolom")
        genoemd = set(re.findall(r"'(inwoners(?:_[a-z0-9]+)*)'", sql)) | set(re.findall(r"n\.(inwoners\w*)", sql))
        assert genoemd == {d["noemer_bevolking"]}, (d["model"], genoemd)
