"""The Great Expectations suites in expectations/ gate deliveries: a bad batch fails, a good one passes."""

import json

import great_expectations as gx
import pytest

from pipelines import ingest
from pipelines.gate import poort, suites
from pipelines.privacy import Pseudonymiser
from pipelines.warehouse import Warehouse

HEADER = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;"
    "Crediteurnummer;Crediteurnaam;Omschrijving;Bedrag\n"
)


@pytest.mark.parametrize("path", sorted(suites.SUITES_DIR.rglob("*.json")), ids=lambda p: p.stem)
def test_every_suite_is_a_valid_gx_suite_for_a_known_source_table(path):
    suite = gx.ExpectationSuite(**json.loads(path.read_text(encoding="utf-8")))
    source = path.stem if path.parent == suites.SUITES_DIR else path.parent.name
    assert source in ingest.SOURCES and suite.expectations
    assert path in suites.suite_paths(source, ingest.SOURCE_TABLES[source]).values()


def _gate(tmp_path, run_id: str, text: str) -> list[poort.Controle]:
    store = Warehouse(tmp_path / "warehouse.duckdb")
    store.ensure_schema()
    path = tmp_path / f"{run_id}.csv"
    path.write_text(HEADER + text, encoding="cp1252")
    with store.connect() as con:
        list(ingest.ingest_files(con, "grootboek", [path], Pseudonymiser(b"k" * 32), run_id, tmp_path / "archief"))
        return poort.expectation_suite(con, "grootboek", run_id, tmp_path / "quality")


def test_a_good_ledger_passes_the_suite(tmp_path):
    controles = _gate(tmp_path, "goed", "2024;15-03-2024;0153;6.71b;3.4.1;K;C1;Zorg BV;maart;1.234,56\n")
    assert controles and all(c.geslaagd for c in controles)


def test_a_ledger_with_a_non_iv3_categorie_fails_and_says_where(tmp_path):
    controles = _gate(
        tmp_path,
        "fout",
        "2024;15-03-2024;0153;6.71b;inkoop;K;C1;Zorg BV;maart;10,00\n"
        "2024;16-03-2024;0153;6.71b;3.4.1;K;C1;Zorg BV;maart;10,00\n",
    )
    [failed] = [c for c in controles if not c.geslaagd]
    assert failed.naam == "gx:expect_column_values_to_match_regex:categorie"
    assert failed.waarde == 1 and "inkoop" in failed.melding
