"""Ingest bookkeeping: every file archived, recorded, loaded once; nothing lost."""

from pathlib import Path

import pyarrow as pa
import pytest

from pipelines import ingest
from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import RAW_SCHEMAS
from pipelines.warehouse import Warehouse

HEADER = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;"
    "Crediteurnummer;Crediteurnaam;Omschrijving;Bedrag\n"
)
GOOD = "2024;15-03-2024;0153;6.71b;3.4.1;KP1;C1;Zorg BV;Begeleiding maart;1.234,56\n"
BAD = "2024;31-02-2024;0153;6.71b;3.4.1;KP1;C1;Zorg BV;Datum bestaat niet;10,00\n"
PSEUDONYMISER = Pseudonymiser(b"k" * 32)


@pytest.fixture
def store(tmp_path) -> Warehouse:
    warehouse = Warehouse(tmp_path / "warehouse.duckdb")
    warehouse.ensure_schema()
    return warehouse


def _ingest(store: Warehouse, tmp_path: Path, *paths: Path) -> list[ingest.FileOutcome]:
    with store.connect() as con:
        return list(ingest.ingest_files(con, "grootboek", list(paths), PSEUDONYMISER, "run-1", tmp_path / "archive"))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="cp1252")
    return path


def test_same_file_twice_loads_once(store, tmp_path):
    path = _write(tmp_path, "grootboek.csv", HEADER + GOOD)
    [first] = _ingest(store, tmp_path, path)
    [second] = _ingest(store, tmp_path, path)
    assert (first.status, second.status) == ("loaded", "skipped_duplicate")
    with store.connect(read_only=True) as con:
        assert con.execute("select count(*) from raw.grootboek").fetchone()[0] == 1
        assert con.execute("select count(*) from meta.loads").fetchone()[0] == 2


def test_the_same_content_under_two_names_in_one_batch_loads_once(store, tmp_path):
    a = _write(tmp_path, "a.csv", HEADER + GOOD)
    b = _write(tmp_path, "b.csv", HEADER + GOOD)
    assert [o.status for o in _ingest(store, tmp_path, a, b)] == ["loaded", "skipped_duplicate"]


def test_rows_in_equals_loaded_plus_quarantined_and_the_original_is_archived(store, tmp_path):
    path = _write(tmp_path, "grootboek.csv", HEADER + GOOD + BAD)
    [outcome] = _ingest(store, tmp_path, path)
    assert (outcome.status, outcome.rows_in, outcome.rows_loaded, outcome.rows_quarantined) == (
        "partially_loaded",
        2,
        1,
        1,
    )
    assert outcome.errors[0]["regelnummer"] == 3
    archived = list((tmp_path / "archive").rglob("*grootboek.csv"))
    assert [p.read_bytes() for p in archived] == [path.read_bytes()]
    with store.connect(read_only=True) as con:
        line, content = con.execute("select regelnummer, inhoud from meta.quarantaine").fetchone()
    assert (line, content) == (3, BAD.rstrip("\n"))


def test_unreadable_file_is_rejected_whole_and_recorded(store, tmp_path):
    path = tmp_path / "kapot.csv"
    path.write_bytes(HEADER.encode() + b"2024;15-03-2024;0153;6.71b;3.4.1;KP1;C1;Zorg\x81BV;x;1,00\n")
    [outcome] = _ingest(store, tmp_path, path)
    assert outcome.status == "rejected"
    assert str(path) in outcome.errors[0]["melding"]
    with store.connect(read_only=True) as con:
        assert con.execute("select count(*) from raw.grootboek").fetchone()[0] == 0
        assert con.execute("select status from meta.loads").fetchone()[0] == "rejected"


def test_every_table_of_a_periodic_source_has_a_date_column_for_its_month():
    for source in ingest.PERIODIC:
        for table in ingest.SOURCE_TABLES[source]:
            column = ingest.MAAND_KOLOM[table]
            assert RAW_SCHEMAS[table].field(column).type == pa.date32(), (table, column)
    assert set(ingest.MAAND_KOLOM) == {t for s in ingest.PERIODIC for t in ingest.SOURCE_TABLES[s]}
