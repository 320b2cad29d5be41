"""A corrected re-delivery replaces what it corrects; an earlier delivery of other months stays."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipelines import run

LEDGER_HEADER = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;"
    "Crediteurnummer;Crediteurnaam;Omschrijving;Bedrag\n"
)
BUDGET_HEADER = "Begrotingsjaar;Gemeentecode;Taakveld;Soort;Wijzigingnummer;Datum;Bedrag\n"


def _ledger(*lines: str) -> str:
    return LEDGER_HEADER + "".join(f"2024;{line}\n" for line in lines)


@pytest.fixture(scope="module")
def loads(tmp_path_factory):
    """The warehouse after two runs, and the report of each run."""
    home, folder = tmp_path_factory.mktemp("herlevering-home"), tmp_path_factory.mktemp("herlevering")
    deliveries = {
        "1_grootboek_maart_april.csv": _ledger(
            "15-03-2024;0168;6.71b;3.4.1;K;C1;Zorg BV;maart;100,00",
            "15-04-2024;0168;6.71b;3.4.1;K;C1;Zorg BV;april;50,00",
        ),
        # Corrected March: the 100 becomes 120 and a second line of 30 is added.
        "2_grootboek_maart_correctie.csv": _ledger(
            "15-03-2024;0168;6.71b;3.4.1;K;C1;Zorg BV;maart;120,00",
            "20-03-2024;0168;6.71b;3.4.1;K;C1;Zorg BV;maart extra;30,00",
        ),
        "3_begroting.csv": BUDGET_HEADER + "2024;0168;6.71b;Primitieve begroting;0;10-11-2023;1.000,00\n",
        "4_begroting_opnieuw.csv": BUDGET_HEADER + "2024;0168;6.71b;Primitieve begroting;0;10-11-2023;2.000,00\n",
    }
    for name, text in deliveries.items():
        (folder / name).write_text(text, encoding="cp1252")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_HOME", str(home))
        # First deliveries, then the corrections in a later run, as a municipality sends them.
        reports = [
            run.load([folder / name for name in batch])
            for batch in (
                ["1_grootboek_maart_april.csv", "3_begroting.csv"],
                ["2_grootboek_maart_correctie.csv", "4_begroting_opnieuw.csv"],
            )
        ]
    assert all(report.published for report in reports)
    con = duckdb.connect(str(home / "data" / "warehouse.duckdb"), read_only=True)
    con.execute("set schema = 'serving'")  # the exact values: staff read them in the warehouse
    yield con, reports
    con.close()


@pytest.fixture(scope="module")
def serving(loads):
    return loads[0]


def test_each_run_materializes_the_months_its_ledger_is_about(loads):
    first, correction = loads[1]
    assert first.partities == {"grootboek": ["2024-03-01", "2024-04-01"]}
    assert correction.partities == {"grootboek": ["2024-03-01"]}, "the correction touches March only"


def test_corrected_month_replaces_the_month_and_keeps_the_others(serving):
    teller, noemer = serving.execute(
        "select teller, noemer from fct_indicator_values where indicator_id = 'lasten_begroting_ytd' "
        "and gemeentecode = 'GM0168' and periode_type = 'maand' and periode = ? and dimensie = 'totaal'",
        [date(2024, 4, 1)],
    ).fetchone()
    assert teller == pytest.approx(120 + 30 + 50), "March as corrected, April from the first delivery"
    assert noemer == pytest.approx(2000), "the re-delivered budget replaces the first"
