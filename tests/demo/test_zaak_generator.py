"""The generated case-system export and survey (demo/zaak.py): consistent with the care and
messages of the same region, plausible rates, terms sometimes exceeded."""

from __future__ import annotations

import numpy as np

from demo.frame import AGE_BANDS
from pipelines.privacy import elfproef

GEMEENTEN = ["GM0153"]  # Enschede: large enough for stable shares
SEED = 11
SAMPLE = 0.1


def test_every_beschikking_in_natura_is_the_one_behind_its_toewijzing(region):
    v, t, persons = region.zaaksysteem.voorzieningen, region.trajectories, region.persons
    zin = np.flatnonzero(v.leveringsvorm == "zin")
    tr = v.trajectory[zin]
    assert len(zin) == np.sum(t.toewijzingnummer > 0), "one beschikking per toewijzing in natura"
    assert np.array_equal(v.bsn[zin], persons.bsn[t.person[tr]])
    assert np.array_equal(v.productcode[zin], t.productcode[tr])
    assert np.array_equal(v.toewijzingnummer[zin], t.toewijzingnummer[tr])
    assert np.all(v.datum_afgifte[zin] <= t.toewijzingsdatum[tr]), "a beschikking precedes its first 301"
    assert np.all(np.is_busday(v.datum_afgifte)), "beschikkingen are issued on working days"


def test_pgb_only_in_the_case_export_for_clients_with_care(region):
    v = region.zaaksysteem.voorzieningen
    pgb = v.leveringsvorm == "pgb"
    assert 0.03 < pgb.mean() < 0.10
    assert np.all(v.toewijzingnummer[pgb] == 0) and np.all(v.trajectory[pgb] == -1)
    assert np.all(v.pgb_budget_cent[pgb] > 0) and np.all(v.pgb_budget_cent[~pgb] == 0)
    assert set(v.bsn[pgb].tolist()) <= set(region.persons.bsn.tolist())


def test_wmo_terms_are_mostly_met_and_sometimes_exceeded(region):
    meldingen = region.zaaksysteem.meldingen
    m = meldingen.take(meldingen.wet == "wmo")  # Jeugdwet aanvragen: tests/demo/test_jeugdwet_aanvragen.py
    onderzoek = (m.datum_einde_onderzoek - m.datum_melding).astype(int)
    beschikking = (m.datum_beschikking - m.datum_aanvraag).astype(int)
    assert np.all(m.datum_melding <= m.datum_start_onderzoek)
    assert np.all(m.datum_start_onderzoek <= m.datum_einde_onderzoek)
    assert np.all(m.datum_einde_onderzoek <= m.datum_aanvraag)
    assert 0.78 < np.mean(onderzoek <= 42) < 0.92
    assert 0.80 < np.mean(beschikking <= 14) < 0.95
    v = region.zaaksysteem.voorzieningen
    in_window = (v.wet == "wmo") & (v.datum_afgifte >= np.datetime64(f"{region.start_year}-01-01"))
    assert len(m) == in_window.sum(), "every Wmo beschikking in the window follows a melding"


def test_bijstand_rate_and_outflow_are_plausible(region):
    b = region.zaaksysteem.bijstand
    assert all(elfproef(x) for x in b.bsn.tolist())
    peil = np.datetime64(region.peildatum)
    lopend = np.sum((b.ingangsdatum <= peil) & np.isnat(b.einddatum))
    adults = sum(x.inwoners for x in region.bevolking if x.jaar == region.end_year) * sum(
        s for _, low, _, s in AGE_BANDS if low >= 18
    )
    assert 150 < 10_000 * lopend / adults < 450  # about 270 per 10,000 aged 18+
    ended = ~np.isnat(b.einddatum)
    assert 0.25 < np.mean(b.reden_uitstroom[ended] == "werk") < 0.42
    assert np.all(b.reden_uitstroom[~ended] == "")
    assert np.all(b.datum_toekenning <= peil)


def test_bijstand_households_have_partners_and_other_kinds_of_uitkering(region):
    b = region.zaaksysteem.bijstand
    paar = b.partner_bsn != ""
    assert 0.10 < paar.mean() < 0.25
    assert all(elfproef(x) for x in b.partner_bsn[paar].tolist())
    assert not np.any(b.partner_bsn[paar] == b.bsn[paar])
    taken = np.concatenate([region.persons.bsn, b.bsn, region.zaaksysteem.schuldhulp.bsn])
    assert not np.isin(b.partner_bsn[paar], taken).any(), "a partner is a new person"
    assert len(set(b.partner_bsn[paar].tolist())) == paar.sum()
    assert 0.80 < np.mean(b.soort == "algemene bijstand") < 0.92
    assert set(b.soort.tolist()) <= {"algemene bijstand", "IOAW", "IOAZ", "Bbz", "bijzondere bijstand"}


def test_reintegratie_rate_and_recipients_are_plausible(region):
    r, b = region.zaaksysteem.reintegratie, region.zaaksysteem.bijstand
    peil = np.datetime64(region.peildatum)
    lopend = np.sum((r.datum_start <= peil) & np.isnat(r.datum_einde))
    inwoners = sum(x.inwoners for x in region.bevolking if x.jaar == region.end_year)
    assert 100 < 10_000 * lopend / (0.63 * inwoners) < 320  # about 200 per 10,000 aged 15-64
    assert np.all(r.datum_einde[~np.isnat(r.datum_einde)] <= peil)
    assert 0.6 < np.isin(r.bsn, np.concatenate([b.bsn, b.partner_bsn])).mean() < 0.9
    assert len(set(r.bsn.tolist())) < len(r), "some persons have more than one voorziening"
    assert all(elfproef(x) for x in r.bsn.tolist())


def test_new_persons_never_reuse_a_bsn_of_someone_else(region):
    """Bijstand and schuldhulp reach known persons on purpose (stapeling); a new person's BSN is new."""
    z = region.zaaksysteem
    care = set(region.persons.bsn.tolist())
    bijstand_new = set(z.bijstand.bsn.tolist()) - care
    reused = set(z.bijstand.bsn.tolist()) & care
    assert bijstand_new and reused
    assert 0.05 < np.isin(z.bijstand.bsn, list(reused)).mean() < 0.20
    schuld_new = set(z.schuldhulp.bsn.tolist()) - care - set(z.bijstand.bsn.tolist())
    assert schuld_new
    assert 0.2 < np.isin(z.schuldhulp.bsn, z.bijstand.bsn).mean() < 0.4


def test_schuldhulp_terms_and_outcomes(region):
    s = region.zaaksysteem.schuldhulp
    assert 0.10 < s.spoed.mean() < 0.20
    gesprek = ~np.isnat(s.datum_eerste_gesprek)
    werkdagen = np.busday_count(s.datum_aanmelding[gesprek], s.datum_eerste_gesprek[gesprek])
    spoed = s.spoed[gesprek]
    assert 0.75 < np.mean(werkdagen[spoed] <= 3) < 0.95
    assert np.any(werkdagen[spoed] > 3), "some urgent cases wait too long"
    assert np.all(s.uitstroomreden[~gesprek & ~np.isnat(s.einddatum)] == "Nietverschenen")
    ended = ~np.isnat(s.einddatum)
    assert np.all(s.uitstroomreden[~ended] == "")
    assert set(s.fase.tolist()) <= {"Aanmelding", "Intake", "Stabilisatie", "Schuldregeling", "Oplossing", "Nazorg"}
    assert np.all(np.isin(s.fase[ended & (s.uitstroomreden == "Afgerond")], ["Oplossing", "Nazorg"]))


def test_survey_links_only_consenting_respondents_with_care_that_year(region):
    e, v = region.enquete, region.zaaksysteem.voorzieningen
    assert np.all((e.bsn != "") == e.toestemming)
    assert 0.55 < e.toestemming.mean() < 0.75
    assert set(np.unique(e.antwoord).tolist()) <= {1, 2, 3, 4, 5, 9}
    linked = np.flatnonzero(e.toestemming)[:200]
    for i in linked.tolist():
        jaar = int(e.jaar[i])
        care = (
            (v.bsn == e.bsn[i])
            & (v.wet == e.onderzoek[i])
            & (v.datum_start <= np.datetime64(f"{jaar}-12-31"))
            & (np.isnat(v.datum_einde) | (v.datum_einde >= np.datetime64(f"{jaar}-01-01")))
        )
        assert care.any(), (e.respondentnummer[i], jaar)
