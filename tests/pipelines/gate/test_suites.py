"""The Great Expectations suites in expectations/ gate deliveries: a bad batch fails, a good one passes."""

import json

import great_expectations as gx
import pytest

from pipelines import ingest
from pipelines.archief import Archief
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
        list(
            ingest.ingest_files(
                con, "grootboek", [path], Pseudonymiser(b"k" * 32), run_id, Archief(tmp_path / "archief", b"a" * 32)
            )
        )
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


# -- at scale: SQL over every row, GX on a bounded sample, no personal data in findings or Data Docs -------


def _levering(con, load_id: str, bron: str = "berichten", run_id: str = "run") -> None:
    con.execute(
        "insert into meta.loads (load_id, run_id, bron, bestand, sha256, geladen_op, rijen_in, rijen_geladen, "
        "rijen_quarantaine, status, poort) values (?, ?, ?, ?, ?, now()::timestamp, 1, 1, 0, 'loaded', 'wacht')",
        [load_id, run_id, bron, f"/leveringen/{load_id}.xml", load_id],
    )


def _start(con, load_id: str, n: int, **anders) -> None:
    """n start messages that pass every expectation of the suite, unless `anders` says otherwise."""
    rij = {
        "wet": "jeugd",
        "gemeentecode": "GM0153",
        "aanbieder": "12345678",
        "dagtekening": "2025-01-10",
        "client_id": "c" * 32,
        "geboortemaand": "2012-04-01",
        "begindatum": "2025-01-06",
        "status_aanlevering": "1",
        "productcategorie": "45",
        **anders,
    }
    kolommen = ", ".join(rij)
    con.execute(
        f"insert into raw.berichten_start ({kolommen}, bericht_id, _load_id) "
        f"select {', '.join('?' * len(rij))}, 'B' || range, ? from range(?)",
        [*rij.values(), load_id, n],
    )


@pytest.fixture
def con(tmp_path):
    store = Warehouse(tmp_path / "warehouse.duckdb")
    store.ensure_schema()
    with store.connect() as connection:
        yield connection


def _failed(con, tmp_path, bron: str = "berichten") -> dict[str, poort.Controle]:
    return {c.naam: c for c in poort.expectation_suite(con, bron, "run", tmp_path / "quality") if not c.geslaagd}


def test_every_row_counts_while_gx_sees_a_bounded_sample_with_the_bad_rows(con, tmp_path, monkeypatch):
    monkeypatch.setattr(suites.steekproef, "STEEKPROEF", 50)
    batches = []
    batch = suites.steekproef.batch
    monkeypatch.setattr(suites.steekproef, "batch", lambda *a: batches.append(batch(*a)) or batches[-1])
    _levering(con, "L1")
    _start(con, "L1", 2_000)
    _start(con, "L1", 3, status_aanlevering="7")  # not a code of the list

    failed = _failed(con, tmp_path)

    assert list(failed) == ["gx:expect_column_values_to_be_in_set:status_aanlevering"]
    assert failed["gx:expect_column_values_to_be_in_set:status_aanlevering"].waarde == 3, "counted over all rows"
    [rows] = batches
    assert len(rows) <= 50 + suites.steekproef.FOUT_RIJEN and (rows.status_aanlevering == "7").sum() == 3


def test_uniqueness_holds_over_every_delivery_of_the_run(con, tmp_path):
    for load_id, jaar in (("L1", 2023), ("L2", 2025)):
        _levering(con, load_id, "zaaksysteem")
        con.execute(
            "insert into raw.zaak_meldingen (identificatie, gemeentecode, client_id, wet, datum_melding, _load_id) "
            "values ('M1', 'GM0153', ?, 'wmo', ?, ?)",
            ["d" * 32, f"{jaar}-03-01", load_id],
        )
    failed = _failed(con, tmp_path, "zaaksysteem")
    assert failed["gx:expect_compound_columns_to_be_unique:gemeentecode+identificatie"].waarde == 2


def test_findings_and_data_docs_name_no_date_of_birth_or_pseudonym(con, tmp_path):
    _levering(con, "L1")
    _start(con, "L1", 5)
    _start(con, "L1", 1, geboortemaand="1899-05-01")
    _start(con, "L1", 1, productcategorie="99")
    _levering(con, "Z1", "zaaksysteem")
    con.execute(
        "insert into raw.zaak_meldingen (identificatie, gemeentecode, client_id, wet, datum_melding, _load_id) "
        "values ('M1', 'GM0153', '123456782', 'wmo', date '2025-03-01', 'Z1')"  # a BSN where a pseudonym belongs
    )

    failed, docs = {}, ""
    for bron in ("berichten", "zaaksysteem"):  # each evaluation renders its own Data Docs
        failed |= _failed(con, tmp_path, bron)
        docs += " ".join(p.read_text(encoding="utf-8") for p in (tmp_path / "quality").rglob("*.html"))

    assert set(failed) == {
        "gx:expect_column_values_to_be_between:geboortemaand",
        "gx:expect_column_values_to_be_in_set:productcategorie",
        "gx:expect_column_values_to_match_regex:client_id",
    }
    assert "bijvoorbeeld 99" in failed["gx:expect_column_values_to_be_in_set:productcategorie"].melding
    meldingen = " ".join(c.melding for c in failed.values())
    assert "geboortemaand" in docs and "client_id" in docs, "the Data Docs show the failed expectations"
    for persoonlijk in ("1899", "123456782"):
        assert persoonlijk not in meldingen and persoonlijk not in docs


def test_what_gx_finds_in_the_sample_fails_even_when_the_sql_passed_it(con, tmp_path, monkeypatch):
    """A second opinion: were a rule's SQL translation wrong, GX would still stop the rows it sees."""
    monkeypatch.setattr(
        suites.suite_sql,
        "evalueer",
        lambda con, table, rijen, params, lijst: [suites.Uitkomst(v.naam, True, 0.0, "geslaagd") for v in lijst],
    )
    _levering(con, "L1")
    _start(con, "L1", 10, status_aanlevering="7")
    [controle] = _failed(con, tmp_path).values()
    assert controle.naam == "gx:expect_column_values_to_be_in_set:status_aanlevering"
    assert "steekproef van 10 rijen" in controle.melding
