"""Comparisons, trends and vintage in fct_indicator_publicatie, on hand-built rows."""

from datetime import date

import pandas as pd
from publicatie import publiceer, vijftal

AANDEEL = pd.DataFrame(
    [
        {
            "indicator_id": "aandeel",
            "laag": "output",
            "eenheid": "%",
            "richting": "neutraal",
            "schaal": 100,
            "kleine_aantallen": "teller",
        }
    ]
)
GROEP = "20.000 tot 50.000 inwoners, weinig of niet stedelijk"
GEMEENTEN = pd.DataFrame(
    {
        "gemeentecode": ["GM0168", "GM0183", "GM1774", "GM0153", "REGIO"],
        "vergelijkingsgroep": [GROEP, GROEP, GROEP, "100.000 inwoners of meer, sterk stedelijk", None],
    }
)


def _rij(gemeente, periode, teller, noemer, periode_type="maand", dimensie="totaal", waarde_dim="totaal"):
    return {
        "indicator_id": "aandeel",
        "gemeentecode": gemeente,
        "periode_type": periode_type,
        "periode": periode,
        "dimensie": dimensie,
        "dimensie_waarde": waarde_dim,
        "waarde": 100 * teller / noemer,
        "teller": teller,
        "noemer": noemer,
    }


def test_comparable_group_sums_the_other_gemeenten_published_counts():
    maart = date(2025, 3, 1)
    tellers = {
        "GM0168": (41, 4000),
        "GM0183": (62, 3000),
        "GM1774": (5, 3500),
        "GM0153": (20, 30000),
        "REGIO": (128, 40500),
    }
    uit = publiceer(pd.DataFrame([_rij(g, maart, t, n) for g, (t, n) in tellers.items()]), AANDEEL, GEMEENTEN)
    per = uit.set_index("gemeentecode")
    # GM1774 (5) is hidden, and GM0153 (20, the smallest other) with it so REGIO minus the rest reveals nothing
    assert per.loc["GM1774", "reden_onderdrukt"] == "klein_aantal"
    assert per.loc["GM0153", "reden_onderdrukt"] == "secundair_regio"
    # so GM0168 is compared with GM0183 alone, from its rounded teller
    assert per.loc["GM0168", "leden_vergelijkingsgroep"] == 1
    assert per.loc["GM0168", "waarde_vergelijkingsgroep"] == 100 * vijftal(62) / 3000
    # the hidden gemeente still sees its group: the two others
    assert per.loc["GM1774", "leden_vergelijkingsgroep"] == 2
    assert per.loc["GM1774", "waarde_vergelijkingsgroep"] == 100 * (vijftal(41) + vijftal(62)) / 7000
    # alone in its group: no comparison
    assert pd.isna(per.loc["GM0153", "waarde_vergelijkingsgroep"])
    assert per.loc["GM0168", "waarde_regio"] == 100 * vijftal(128) / 40500
    assert per.loc["GM0168", "vergelijkingsgroep"] == GROEP


def test_trends_against_previous_period_and_a_year_earlier_per_period_type():
    rijen = [_rij("GM0168", date(2024 + (m - 1) // 12, (m - 1) % 12 + 1, 1), 40 + 5 * m, 4000) for m in range(1, 16)]
    rijen += [
        _rij("GM0168", date(2024, 10, 1), 100, 4000, "kwartaal"),
        _rij("GM0168", date(2025, 1, 1), 120, 4000, "kwartaal"),
    ]
    uit = publiceer(pd.DataFrame(rijen), AANDEEL).set_index(["periode_type", "periode"])
    maart_2025 = uit.loc[("maand", pd.Timestamp(2025, 3, 1))]
    assert maart_2025.waarde == 100 * 115 / 4000
    assert maart_2025.waarde_vorige_periode == 100 * 110 / 4000
    assert maart_2025.waarde_jaar_eerder == 100 * 55 / 4000
    assert maart_2025.verschil_jaar_eerder == maart_2025.waarde - maart_2025.waarde_jaar_eerder
    assert pd.isna(uit.loc[("maand", pd.Timestamp(2024, 1, 1)), "waarde_vorige_periode"])
    kwartaal = uit.loc[("kwartaal", pd.Timestamp(2025, 1, 1))]
    assert kwartaal.waarde_vorige_periode == 100 * 100 / 4000  # Q4 2024, three months back


def test_recent_periods_are_voorlopig_with_completeness_from_the_lag_curve():
    curve = pd.DataFrame(
        {
            "bron": "berichten",
            "peildatum": pd.Timestamp(2025, 5, 20),
            "maanden_na": range(12),
            "volledigheid": [0.6, 0.85, 0.97] + [0.995] * 9,
        }
    )
    rijen = [_rij("GM0168", date(2025, m, 1), 40, 4000) for m in (1, 2, 3, 4, 5)]
    rijen.append(_rij("GM0168", date(2025, 1, 1), 50, 4000, "kwartaal"))
    uit = publiceer(pd.DataFrame(rijen), AANDEEL, volledigheid=curve).set_index(["periode_type", "periode"])
    maand = uit.loc["maand"]
    assert maand.loc[pd.Timestamp(2025, 5, 1), ["vintage", "volledigheid"]].tolist() == ["voorlopig", 0.6]
    assert maand.loc[pd.Timestamp(2025, 4, 1), ["vintage", "volledigheid"]].tolist() == ["voorlopig", 0.85]
    assert maand.loc[pd.Timestamp(2025, 3, 1), ["vintage", "volledigheid"]].tolist() == ["voorlopig", 0.97]
    assert maand.loc[pd.Timestamp(2025, 2, 1), ["vintage", "volledigheid"]].tolist() == ["definitief", 0.995]
    # the first quarter ended in March: two months of deliveries after it
    assert uit.loc[("kwartaal", pd.Timestamp(2025, 1, 1)), "volledigheid"] == 0.97


def test_ledger_indicator_takes_the_ledgers_vintage_not_the_declarations():
    curves = pd.concat(
        [
            pd.DataFrame(
                {
                    "bron": "declaraties",
                    "peildatum": pd.Timestamp(2025, 5, 20),
                    "maanden_na": range(12),
                    "volledigheid": [0.3, 0.6, 0.8] + [0.995] * 9,
                }
            ),
            pd.DataFrame(
                {
                    "bron": "grootboek",
                    "peildatum": pd.Timestamp(2025, 5, 15),
                    "maanden_na": range(12),
                    "volledigheid": [0.5] + [1.0] * 11,
                }
            ),
        ]
    )
    lasten = AANDEEL.assign(kleine_aantallen="geen", laag="input", bronnen="Grootboek (Iv3-taakveld), begroting")
    declaraties = AANDEEL.assign(
        indicator_id="declaraties", kleine_aantallen="geen", laag="input", bronnen="iJw/iWmo 323"
    )
    rijen = [_rij("GM0168", date(2025, m, 1), 40, 4000) for m in (4, 5)]
    rijen += [{**r, "indicator_id": "declaraties"} for r in rijen]
    uit = publiceer(pd.DataFrame(rijen), pd.concat([lasten, declaraties]), volledigheid=curves)
    per = uit.set_index(["indicator_id", "periode"])[["vintage", "volledigheid"]]
    assert per.loc[("aandeel", pd.Timestamp(2025, 5, 1))].tolist() == ["voorlopig", 0.5]
    assert per.loc[("aandeel", pd.Timestamp(2025, 4, 1))].tolist() == ["definitief", 1.0], "the ledger moved past April"
    assert per.loc[("declaraties", pd.Timestamp(2025, 4, 1))].tolist() == ["voorlopig", 0.6]


def test_taakveld_rows_in_the_first_year_of_a_new_regime_mark_a_reeksbreuk():
    taakvelden = pd.DataFrame(
        {"boekjaar": [2022, 2023, 2024, 2025, 2025], "taakveld": ["6.71", "6.71a", "6.71a", "6.711", "6.712"]}
    )
    geld = AANDEEL.assign(kleine_aantallen="geen", laag="input")
    rijen = [
        _rij("GM0168", date(j, 3, 1), 10, 20, dimensie="taakveld", waarde_dim=tv)
        for j, tv in [(2022, "6.71"), (2023, "6.71a"), (2024, "6.71a"), (2025, "6.711")]
    ]
    rijen.append(_rij("GM0168", date(2025, 3, 1), 10, 20))
    uit = publiceer(pd.DataFrame(rijen), geld, taakvelden=taakvelden)
    breuk = {(r.periode.year, r.dimensie): r.reeksbreuk for r in uit.itertuples()}
    assert breuk == {
        (2022, "taakveld"): False,
        (2023, "taakveld"): True,
        (2024, "taakveld"): False,
        (2025, "taakveld"): True,
        (2025, "totaal"): False,
    }
    assert uit.loc[uit.reeksbreuk, "reeksbreuk_reden"].str.startswith("Nieuwe Iv3-taakveldindeling vanaf").all()


def _kwb(rijen):
    """CBS figures as fct_cbs_kerncijfers holds them: (regiocode, variabele, periode_type, periode, waarde, geheim)."""
    kolommen = ["regiocode", "variabele", "periode_type", "periode", "waarde", "geheim"]
    kwb = pd.DataFrame(rijen, columns=kolommen)
    return kwb.assign(jaar=[p.year for p in kwb.periode])


def test_cbs_figure_stands_only_beside_the_same_period_and_grain():
    wmo = AANDEEL.assign(indicator_id="aandeel", cbs_variabele="WmoClientenRelatief")
    kwb = _kwb(
        [
            ("GM0168", "WmoClientenRelatief", "jaar", date(2023, 1, 1), 61.0, False),
            ("GM0168", "WmoClientenRelatief", "jaar", date(2024, 1, 1), 64.0, False),
            ("GM0168", "AantalInwoners", "jaar", date(2024, 1, 1), 22800.0, False),
            ("GM0168", "WmoClientenRelatief", "halfjaar", date(2024, 7, 1), 63.0, False),
            ("GM0183", "WmoClientenRelatief", "jaar", date(2025, 1, 1), None, True),
        ]
    )
    rijen = [_rij("GM0168", date(j, 1, 1), 40, 4000, "jaar") for j in (2022, 2023, 2024, 2025)]
    rijen += [
        _rij("GM0168", date(2024, 3, 1), 40, 4000),  # a month of a year CBS published
        _rij("GM0168", date(2024, 1, 1), 40, 4000, "halfjaar"),
        _rij("GM0168", date(2024, 7, 1), 40, 4000, "halfjaar"),
        _rij("GM0168", date(2024, 1, 1), 30, 4000, "jaar", "wet", "wmo"),  # a breakdown: CBS has no such figure
        _rij("GM0183", date(2025, 1, 1), 40, 4000, "jaar"),
    ]
    uit = publiceer(pd.DataFrame(rijen), wmo, kerncijfers=kwb)
    cbs = {
        (r.gemeentecode, r.periode_type, r.periode.date(), r.dimensie): (r.waarde_cbs, r.jaar_cbs)
        for r in uit.itertuples()
    }
    assert cbs[("GM0168", "jaar", date(2023, 1, 1), "totaal")] == (61.0, 2023)
    assert cbs[("GM0168", "jaar", date(2024, 1, 1), "totaal")] == (64.0, 2024)
    assert cbs[("GM0168", "halfjaar", date(2024, 7, 1), "totaal")] == (63.0, 2024)
    for geen in [
        ("GM0168", "jaar", date(2025, 1, 1), "totaal"),  # no KWB 2025 yet: not the 2024 figure
        ("GM0168", "jaar", date(2022, 1, 1), "totaal"),
        ("GM0168", "maand", date(2024, 3, 1), "totaal"),  # a month never gets a year figure
        ("GM0168", "halfjaar", date(2024, 1, 1), "totaal"),  # CBS published only the second half
        ("GM0168", "jaar", date(2024, 1, 1), "wet"),
        ("GM0183", "jaar", date(2025, 1, 1), "totaal"),  # CBS kept it geheim
    ]:
        assert pd.isna(cbs[geen][0]), geen


def test_a_cbs_count_stands_as_the_same_rate_with_our_noemer():
    """PersonenPerSoortUitkeringBijstand is a count: beside our rate per 10,000 it becomes 10,000 x count / our
    noemer of the row, so the two differ only by their teller; a hidden row has no noemer to divide by."""
    bijstand = AANDEEL.assign(
        indicator_id="aandeel", schaal=10000, cbs_variabele="PersonenPerSoortUitkeringBijstand", cbs_maat="aantal"
    )
    kwb = _kwb(
        [
            ("GM0168", "PersonenPerSoortUitkeringBijstand", "jaar", date(2024, 1, 1), 40.0, False),
            ("GM0183", "PersonenPerSoortUitkeringBijstand", "jaar", date(2024, 1, 1), 10.0, False),
        ]
    )
    rijen = [_rij("GM0168", date(2024, 1, 1), 44, 20000, "jaar"), _rij("GM0183", date(2024, 1, 1), 5, 8000, "jaar")]
    uit = publiceer(pd.DataFrame(rijen), bijstand, kerncijfers=kwb).set_index("gemeentecode")
    assert uit.loc["GM0168", "waarde"] == 10000 * vijftal(44) / 20000  # ours: 22.5
    assert uit.loc["GM0168", "waarde_cbs"] == 10000 * 40 / 20000  # CBS's 40 persons on our 20,000 adults: 20.0
    assert uit.loc["GM0168", "jaar_cbs"] == 2024
    assert uit.loc["GM0183", "onderdrukt"] and pd.isna(uit.loc["GM0183", "waarde_cbs"])
