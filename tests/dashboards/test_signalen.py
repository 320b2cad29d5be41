"""Signal sentences and their order, worked out by hand."""

import pandas as pd

from dashboards.signalen import signalen, zin


def test_sentence_of_the_issue():
    assert zin("De wachttijd voor jeugdhulp", "dagen", 41, 32, 35, "lager_is_beter", "K4 2024") == (
        "De wachttijd voor jeugdhulp steeg van 32 dagen (K4 2024) naar 41 dagen en ligt boven de norm van 35 dagen."
    )


def test_sentences_for_good_unchanged_and_unknown_history():
    assert zin("Tijdig gestart", "%", 92.04, 90.0, 90.0, "hoger_is_beter", "mei 2024") == (
        "Tijdig gestart steeg van 90,0% (mei 2024) naar 92,0% en ligt binnen de norm van 90,0%."
    )
    assert zin("Uitval", "%", 8.0, 8.01, None, "lager_is_beter", "2024") == "Uitval is 8,0%, net als in 2024."
    assert zin("Bereik", "per 1.000", 12.5, None, None, "hoger_is_beter", "2024") == "Bereik is 12,5 per 1.000."


def _rij(indicator_id, status, waarde, norm, vorig, richting="lager_is_beter", vintage="definitief", onderdrukt=False):
    return {
        "indicator_id": indicator_id,
        "naam": indicator_id,
        "laag": "throughput",
        "eenheid": "dagen",
        "status": status,
        "waarde": waarde,
        "norm": norm,
        "waarde_vorig_jaar": vorig,
        "richting": richting,
        "vintage": vintage,
        "onderdrukt": onderdrukt,
    }


def test_off_course_first_then_the_largest_distance_then_getting_worse():
    stand = pd.DataFrame(
        [
            _rij("a_aandacht_ver", "aandacht", 109.0, 100.0, 120.0),  # 1 + 0,09
            _rij("b_uit_dichtbij", "uit_koers", 115.0, 100.0, 130.0),  # 2 + 0,15
            _rij("c_uit_ver_slechter", "uit_koers", 150.0, 100.0, 140.0),  # 2 + 0,5 + 0,5
            _rij("d_aandacht_slechter", "aandacht", 105.0, 100.0, 101.0),  # 1 + 0,05 + 0,5
            _rij("e_op_koers", "op_koers", 90.0, 100.0, 80.0),
            _rij("f_voorlopig", "uit_koers", 300.0, 100.0, 80.0, vintage="voorlopig"),
            _rij("g_geheim", "uit_koers", None, 100.0, 80.0, onderdrukt=True),
        ]
    )
    assert [s.indicator_id for s in signalen(stand)] == [
        "c_uit_ver_slechter",
        "b_uit_dichtbij",
        "d_aandacht_slechter",
        "a_aandacht_ver",
    ]
    assert len(signalen(stand, maximum=2)) == 2
