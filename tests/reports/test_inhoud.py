"""The report's content from a snapshot with known numbers (tests/reports/rapport_snapshot.py).

Every expected value below is worked out by hand from the fixture's definitions: a quarter row carries the
value of its first month, and each month back is STAP away from the latest month (mei 2025). K2 2025 is
april 2025: one month back from mei. K1 2025 is januari (four back), K2 2024 april 2024 (thirteen back).
"""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from rapport_snapshot import bouw

from pipelines.config import Settings
from reports import inhoud, opslag
from reports.periode import parse

K2 = parse("2025-Q2")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.setenv("STUURWIEL_SERVING", str(bouw(tmp_path / "serving.duckdb")))
    monkeypatch.setenv("STUURWIEL_REPORTS", str(tmp_path / "reports"))
    return Settings.from_env()


def _regel(rapport, indicator_id):
    return next(r for regels in rapport.lagen.values() for r in regels if r.indicator_id == indicator_id)


def test_cover_names_the_gemeente_period_data_and_status(home):
    rapport = inhoud.bouw("GM0164", K2, home)
    assert (rapport.gebiedsnaam, rapport.periode.label) == ("Hengelo", "K2 2025")
    assert rapport.snapshot_versie == "2025-06-03.1"
    assert rapport.gegevens_van == "03-06-2025"
    assert rapport.status == "definitief"  # quarter rows are complete in the fixture


def test_values_changes_and_comparisons_of_an_indicator(home):
    tijdig = _regel(inhoud.bouw("GM0164", K2, home), "tijdig_gestart")
    # Hengelo 86,7 in mei, 0,1 less per month back: april 86,6 (1), januari 86,3 (4), april 2024 85,4 (13),
    # juli 2023 84,5 (22). The region: 89,4 - 0,1.
    assert tijdig.waarde_tekst == "86,6%"
    assert tijdig.norm_tekst == "norm 90,0%"
    assert (tijdig.status, tijdig.status_tekst) == ("aandacht", "aandacht")  # within 5% under the norm
    assert (tijdig.vorige_tekst, tijdig.verschil_vorige_tekst) == ("86,3%", "+0,3 %-punt")
    assert (tijdig.jaar_eerder_tekst, tijdig.verschil_jaar_tekst) == ("85,4%", "+1,2 %-punt")
    # a region of two would reveal Enschede: no region beside Hengelo (tests/security/test_toegang_kleine_regio.py)
    assert tijdig.regio_tekst == ""
    assert [p.label for p in tijdig.trend] == [
        "K3 2023", "K4 2023", "K1 2024", "K2 2024", "K3 2024", "K4 2024", "K1 2025", "K2 2025"
    ]  # fmt: skip
    assert [round(p.waarde, 1) for p in tijdig.trend] == [84.5, 84.8, 85.1, 85.4, 85.7, 86.0, 86.3, 86.6]


def test_the_signals_are_the_dashboards_in_the_same_order_and_words(home):
    signalen = inhoud.bouw("GM0164", K2, home).signalen
    # uit koers first; then aandacht by distance to the norm: zonder herhaling 5%, tijdig gestart 3,8%
    assert [s.zin for s in signalen] == [
        "Doorlooptijd tot toewijzing daalde van 54 dagen (K2 2024) naar 48 dagen en ligt boven de norm van 42 dagen.",
        "Afgesloten zonder herhaling is 76,0%, net als in K2 2024 en ligt onder de norm van 80,0%.",
        "Tijdig gestarte zorg steeg van 85,4% (K2 2024) naar 86,6% en ligt onder de norm van 90,0%.",
    ]
    assert [s.status for s in signalen] == ["uit_koers", "aandacht", "aandacht"]


def test_a_hidden_cell_is_geheim_everywhere_and_its_value_is_nowhere(home):
    regio = inhoud.bouw("REGIO", K2, home)
    voortijdig = next(r for r in regio.vergelijking if r.naam == "Voortijdig beëindigd")
    assert voortijdig.waarden["Hengelo"] == "geheim"
    hengelo = inhoud.bouw("GM0164", K2, home)
    cel = _regel(hengelo, "voortijdig_beeindigd")
    assert (cel.onderdrukt, cel.waarde, cel.waarde_tekst, cel.status) == (True, None, "geheim", None)
    assert cel.trend[-1].waarde is None
    assert "0 tot en met 7 personen" in cel.reden_onderdrukt
    assert all(s.indicator_id != "voortijdig_beeindigd" for s in hengelo.signalen)
    # the value it would have had: 12,1 in mei + 0,05 for april
    assert "12,15" not in repr(hengelo) and "12,2%" not in repr(hengelo) and "12.15" not in repr(hengelo)


def test_an_estimated_denominator_carries_its_sign(home):
    bereik = _regel(inhoud.bouw("GM0164", K2, home), "bereik_jeugdhulp")
    assert bereik.noemer_geschat and bereik.waarde_tekst == "≈ 98,4 per 1.000"


def test_budget_per_taakveld_and_prognosis_with_band(home):
    rapport = inhoud.bouw("GM0153", K2, home)  # fixture_geld.py: april 2025, copied to K2 2025
    taakvelden = {r.code: (r.begroting_tekst, r.realisatie_tekst, r.procent_tekst) for r in rapport.begroting}
    assert taakvelden == {
        "6.711": ("€ 800.000", "€ 300.000", "37,5%"),
        "6.751": ("€ 1.200.000", "€ 400.000", "33,3%"),
    }
    prognose = {r.code: (r.prognose_tekst, r.band_tekst, r.realisatie_tekst) for r in rapport.prognose}
    assert prognose == {
        "jeugd": ("€ 1.300.000", "€ 1.235.000 – € 1.365.000", "€ 400.000"),
        "wmo": ("€ 760.000", "€ 722.000 – € 798.000", "€ 300.000"),
        "totaal": ("€ 2.060.000", "€ 1.957.000 – € 2.163.000", "€ 700.000"),
    }


def test_the_region_report_sets_each_member_beside_the_region(home):
    rapport = inhoud.bouw("REGIO", K2, home)
    assert rapport.vergelijking_kolommen == ["Regio", "Enschede", "Hengelo"]
    tijdig = next(r for r in rapport.vergelijking if r.naam == "Tijdig gestarte zorg")
    assert tijdig.waarden == {"Regio": "89,3%", "Enschede": "91,1%", "Hengelo": "86,6%"}


def test_toelichting_of_this_period_and_earlier_ones_as_history(home):
    root = home.reports_dir
    opslag.schrijf_toelichting(
        root, "GM0164", K2.vorige, opslag.Toelichtingen({"tijdig_gestart": "Nieuwe aanbieder gestart."}, "Eerder.")
    )
    opslag.schrijf_toelichting(
        root,
        "GM0164",
        K2,
        opslag.Toelichtingen({"tijdig_gestart": "Wachtlijst bij twee aanbieders."}, "Op koers.", "Extra inkoop."),
    )
    rapport = inhoud.bouw("GM0164", K2, home)
    tijdig = _regel(rapport, "tijdig_gestart")
    assert tijdig.toelichting == "Wachtlijst bij twee aanbieders."
    assert [(t.label, t.tekst) for t in tijdig.eerdere_toelichtingen] == [("K1 2025", "Nieuwe aanbieder gestart.")]
    assert (rapport.conclusies, rapport.maatregelen) == ("Op koers.", "Extra inkoop.")
    assert [(t.label, t.tekst) for t in rapport.eerdere_conclusies] == [("K1 2025", "Eerder.")]


def test_a_toelichting_with_a_bsn_is_refused(home):
    with pytest.raises(opslag.OngeldigeToelichting, match="BSN"):
        opslag.schrijf_toelichting(
            home.reports_dir, "GM0164", K2, opslag.Toelichtingen(conclusies="Cliënt 1112.22.333 wacht lang.")
        )
    assert not (home.reports_dir / "GM0164").exists()


def test_no_report_for_an_unknown_gemeente_or_an_unpublished_period(home):
    with pytest.raises(inhoud.GeenGegevens, match="GM9999"):
        inhoud.bouw("GM9999", K2, home)
    with pytest.raises(inhoud.GeenGegevens, match="K4 2030"):
        inhoud.bouw("GM0164", parse("2030-Q4"), home)


def test_the_pdf_of_a_known_dataset_holds_the_expected_sentences_numbers_and_sections(home):
    from reports import maak

    bestanden = maak.maak_bestanden(inhoud.bouw("GM0164", K2, home))
    tekst = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(bestanden["pdf"])).pages)
    for zin in (
        "Doorlooptijd tot toewijzing daalde van 54 dagen (K2 2024) naar 48 dagen en ligt boven de norm van 42 dagen.",
        "Tijdig gestarte zorg steeg van 85,4% (K2 2024) naar 86,6% en ligt onder de norm van 90,0%.",
    ):
        assert zin in tekst
    assert "Gemeente Hengelo" in tekst and "K2 2025" in tekst and "01-04-2025 t/m 30-06-2025" in tekst
    assert "≈ 98,4 per 1.000" in tekst  # bereik jeugdhulp on an estimated population
    koppen = ["Samenvatting", "Input — geld", "Throughput — doorlooptijd", "Output — bereik", "Outcome — resultaat"]
    koppen += ["Begroting en prognose", "Vergelijking", "Conclusies en maatregelen", "Bijlage 1", "Bijlage 2"]
    inhoudsopgave = tekst.index("Zo leest u dit rapport")  # after the table of contents on the cover
    posities = [tekst.index(kop, inhoudsopgave) for kop in koppen]
    assert posities == sorted(posities)
    # the hidden cell: 'geheim' in its block, and its value (12,15 -> 12,2%) nowhere
    assert "geheim" in tekst and "12,2%" not in tekst and "12,15" not in tekst


def test_a_year_report_charts_from_the_first_published_year_and_says_the_year_before_once(home):
    from reports import opmaak

    rapport = inhoud.bouw("GM0164", parse("2025"), home)
    # the fixture's year rows: januari 2024 and januari 2025 (its months run from april 2023)
    assert [p.label for p in _regel(rapport, "tijdig_gestart").trend] == ["2024", "2025"]
    html = opmaak.html(rapport)
    assert "Een jaar eerder (2024)" in html and "Vorige periode" not in html
