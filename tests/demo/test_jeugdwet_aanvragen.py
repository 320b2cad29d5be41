"""The Jeugdwet aanvragen in the case-system export (demo/jeugdwet_aanvragen.py): one before each Jeugdwet
beschikking in the window, decided mostly within the Awb's 8 weeks and sometimes after."""

from __future__ import annotations

import numpy as np

from demo.jeugdwet_aanvragen import AWB_TERMIJN_DAGEN, beslistermijn

GEMEENTEN = ["GM0153"]
SEED = 11
SAMPLE = 0.1


def test_one_aanvraag_per_jeugdwet_beschikking_mostly_within_8_weeks(region):
    meldingen, v = region.zaaksysteem.meldingen, region.zaaksysteem.voorzieningen
    m = meldingen.take(meldingen.wet == "jeugd")
    in_window = (v.wet == "jeugd") & (v.datum_afgifte >= np.datetime64(f"{region.start_year}-01-01"))
    assert len(m) == in_window.sum() > 100
    assert sorted(m.beschikkingnummer.tolist()) == sorted(v.beschikkingnummer[in_window].tolist())
    assert len(set(meldingen.identificatie.tolist())) == len(meldingen), "identificatie unique across wetten"
    assert np.array_equal(m.datum_melding, m.datum_aanvraag)
    assert np.all(np.isnat(m.datum_start_onderzoek)) and np.all(np.isnat(m.datum_einde_onderzoek))
    dagen = (m.datum_beschikking - m.datum_aanvraag).astype(int)
    assert dagen.min() >= 7 and dagen.max() <= 120
    assert 0.78 < np.mean(dagen <= AWB_TERMIJN_DAGEN) < 0.92


def test_decision_time_depends_only_on_the_beschikkingnummer():
    nummers = np.array(["B1", "B2", "B3", "B1"])
    first = beslistermijn(nummers)
    assert np.array_equal(first, beslistermijn(nummers)) and first[0] == first[3]
