"""Ingest bookkeeping: every file archived, recorded, loaded once; nothing lost."""

from pathlib import Path

import pyarrow as pa
import pytest

from pipelines import ingest
from pipelines.archief import Archief, ontsleutel_bestand
from pipelines.privacy import WEGGELATEN, Pseudonymiser
from pipelines.sources.base import RAW_SCHEMAS
from pipelines.warehouse import Warehouse
from tests.pipelines.sources.berichten_files import example, make_zip

HEADER = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;"
    "Crediteurnummer;Crediteurnaam;Omschrijving;Bedrag\n"
)
GOOD = "2024;15-03-2024;0153;6.71b;3.4.1;KP1;C1;Zorg BV;Begeleiding maart;1.234,56\n"
BAD = "2024;31-02-2024;0153;6.71b;3.4.1;KP1;C1;Zorg BV;Datum bestaat niet;10,00\n"
PSEUDONYMISER = Pseudonymiser(b"k" * 32)
ARCHIEFSLEUTEL = b"a" * 32


@pytest.fixture
def store(tmp_path) -> Warehouse:
    warehouse = Warehouse(tmp_path / "warehouse.duckdb")
    warehouse.ensure_schema()
    return warehouse


def _ingest(store: Warehouse, tmp_path: Path, *paths: Path) -> list[ingest.FileOutcome]:
    with store.connect() as con:
        return list(ingest.ingest_files(con, "grootboek", list(paths), PSEUDONYMISER, "run-1", _archief(tmp_path)))


def _archief(tmp_path: Path) -> Archief:
    return Archief(tmp_path / "archive", ARCHIEFSLEUTEL)


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
    [archived] = (tmp_path / "archive").rglob("*grootboek.csv.versleuteld")
    assert path.read_bytes() not in archived.read_bytes()
    ontsleutel_bestand(archived, tmp_path / "terug.csv", ARCHIEFSLEUTEL)
    assert (tmp_path / "terug.csv").read_bytes() == path.read_bytes()
    with store.connect(read_only=True) as con:
        line, content = con.execute("select regelnummer, inhoud from meta.quarantaine").fetchone()
    assert (line, content) == (3, BAD.rstrip("\n").replace("Datum bestaat niet", WEGGELATEN)), "omschrijving left out"


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


@pytest.mark.parametrize("batch_rows", [1, 1_000_000], ids=["a-commit-per-file", "one-commit"])
def test_files_stored_together_stay_separate_deliveries(store, tmp_path, monkeypatch, batch_rows):
    # Several files may share a transaction; each keeps its own load_id, rows and outcome, and an
    # unreadable one among them is rejected alone.
    monkeypatch.setattr(ingest, "BATCH_ROWS", batch_rows)
    first = _write(tmp_path, "a.csv", HEADER + GOOD)
    broken = tmp_path / "b.csv"
    broken.write_bytes(HEADER.encode() + b"2024;15-03-2024;0153;6.71b;3.4.1;KP1;C1;Zorg\x81BV;x;1,00\n")
    second = _write(tmp_path, "c.csv", HEADER + GOOD.replace("1.234,56", "7,00") + BAD)
    outcomes = _ingest(store, tmp_path, first, broken, second)
    assert [(o.path, o.status, o.rows_loaded, o.rows_quarantined) for o in outcomes] == [
        (str(first), "loaded", 1, 0),
        (str(broken), "rejected", 0, 0),
        (str(second), "partially_loaded", 1, 1),
    ]
    with store.connect(read_only=True) as con:
        loads = con.execute("select bestand, load_id, status from meta.loads order by bestand").fetchall()
        stored = dict(con.execute("select _load_id, bedrag from raw.grootboek").fetchall())
        quarantined = con.execute("select load_id, bestand from meta.quarantaine").fetchall()
    assert [(bestand, status) for bestand, _, status in loads] == [
        (str(first), "loaded"),
        (str(broken), "rejected"),
        (str(second), "partially_loaded"),
    ]
    assert [load_id for _, load_id, _ in loads] == [o.load_id for o in outcomes]
    assert {load_id: float(bedrag) for load_id, bedrag in stored.items()} == {
        outcomes[0].load_id: 1234.56,
        outcomes[2].load_id: 7.0,
    }
    assert quarantined == [(outcomes[2].load_id, str(second))]


def test_messages_read_in_worker_processes_arrive_in_order(store, tmp_path):
    # Several files: read by the worker pool, stored in the order given, each with its own rows.
    paths = [make_zip(tmp_path, {f"{name}.xml": example(name)}, f"{name}.zip") for name in ("JW323", "JW325", "JW305")]
    with store.connect() as con:
        outcomes = list(ingest.ingest_files(con, "berichten", paths, PSEUDONYMISER, "run-1", _archief(tmp_path)))
        counts = tuple(
            con.execute(f"select count(*) from raw.{table}").fetchone()[0]
            for table in ("berichten_declaratie", "berichten_declaratie_antwoord", "berichten_start")
        )
    assert [(o.path, o.status, o.rows_loaded) for o in outcomes] == [
        (str(paths[0]), "loaded", 5),
        (str(paths[1]), "loaded", 3),
        (str(paths[2]), "loaded", 2),
    ]
    assert counts == (5, 3, 2)
