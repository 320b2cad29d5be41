"""The pseudonym key: made only by an explicit command, never silently re-created, and the same for every load.

A key re-created because its path was wrong would give every client a new pseudonym: every client would be
counted twice and nothing would say so. These tests try to get a load to run on a key it did not ask for.
"""

from __future__ import annotations

import stat
from pathlib import Path

import duckdb
import pytest

from pipelines import cli, ingest, privacy
from pipelines.archief import Archief
from pipelines.config import Settings
from pipelines.privacy import Pseudonymiser, SleutelGewijzigd, SleutelOntbreekt
from pipelines.resources import StuurwielResource
from pipelines.warehouse import Warehouse

HEADER = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;Crediteurnummer;Crediteurnaam;Omschrijving;Bedrag"
)
ROW = "2024;15-03-2024;0153;6.71b;3.4.1;KP1;C1;Zorg BV;Begeleiding {n};1.234,56"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A home whose keys are not there (the suite's keys are pointed away from)."""
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.delenv("STUURWIEL_KEY_FILE")
    monkeypatch.delenv("STUURWIEL_ARCHIVE_KEY_FILE")
    return tmp_path


def _ledger(folder: Path, n: int) -> Path:
    path = folder / f"grootboek_{n}.csv"
    path.write_text(f"{HEADER}\n{ROW.format(n=n)}\n", encoding="utf-8")
    return path


def test_a_key_is_made_private_and_never_replaced(tmp_path):
    path = tmp_path / "geheim" / "pseudonym.key"
    key = privacy.maak_sleutel(path)
    assert len(key) == 32 and path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with pytest.raises(FileExistsError):
        privacy.maak_sleutel(path)
    assert path.read_bytes() == key


def test_reading_a_missing_key_says_where_and_what_to_do_and_makes_nothing(tmp_path):
    path = tmp_path / "verkeerd" / "pseudonym.key"
    with pytest.raises(SleutelOntbreekt) as raised:
        privacy.lees_sleutel(path)
    assert str(path) in str(raised.value) and "stuurwiel sleutel maak" in str(raised.value)
    assert "STUURWIEL_KEY_FILE" in str(raised.value)
    assert not path.exists() and not path.parent.exists()


def test_a_key_of_the_wrong_length_is_refused(tmp_path):
    path = tmp_path / "pseudonym.key"
    path.write_bytes(b"kort")
    with pytest.raises(ValueError):
        privacy.lees_sleutel(path)


def test_the_loader_never_makes_a_key(home):
    """The resource every source asset gets its pseudonymiser and archive from: a missing key stops it."""
    resource = StuurwielResource()
    with pytest.raises(SleutelOntbreekt, match="stuurwiel sleutel maak"):
        resource.pseudonymiser()
    with pytest.raises(SleutelOntbreekt, match="STUURWIEL_ARCHIVE_KEY_FILE"):
        resource.archief()
    assert not (home / ".secrets").exists()


def test_stuurwiel_load_without_a_key_stops_before_anything_is_written(home, capsys):
    bronnen = home / "bronnen"
    bronnen.mkdir()
    _ledger(bronnen, 1)
    assert cli.main(["load", str(bronnen)]) == 2
    err = capsys.readouterr().err
    key_path = home / ".secrets" / "pseudonym.key"
    assert str(key_path) in err and "stuurwiel sleutel maak" in err
    assert not key_path.exists()
    assert not (home / "data").exists(), "no warehouse, no archive, no log"


def test_sleutel_maak_makes_both_keys_once(home, capsys):
    assert cli.main(["sleutel", "maak"]) == 0
    settings = Settings.from_env()
    pseudoniem, archief = settings.key_path.read_bytes(), settings.archive_key_path.read_bytes()
    assert pseudoniem != archief, "two separate keys"
    assert cli.main(["sleutel", "maak"]) == 0
    assert "bestaat al" in capsys.readouterr().err
    assert (settings.key_path.read_bytes(), settings.archive_key_path.read_bytes()) == (pseudoniem, archief)


def test_the_fingerprint_names_the_key_without_revealing_it():
    a, b = b"a" * 32, b"b" * 32
    assert privacy.vingerafdruk(a) == privacy.vingerafdruk(a) != privacy.vingerafdruk(b)
    assert a.hex()[:8] not in privacy.vingerafdruk(a) and "a" * 8 not in privacy.vingerafdruk(a)


def test_every_load_records_its_key_and_another_key_is_refused(tmp_path):
    store = Warehouse(tmp_path / "warehouse.duckdb")
    store.ensure_schema()
    archief = Archief(tmp_path / "archief", b"x" * 32)
    eerste, tweede = Pseudonymiser(b"1" * 32), Pseudonymiser(b"2" * 32)
    with store.connect() as con:
        list(ingest.ingest_files(con, "grootboek", [_ledger(tmp_path, 1)], eerste, "run-1", archief))
        list(ingest.ingest_files(con, "grootboek", [_ledger(tmp_path, 2)], eerste, "run-2", archief))
        with pytest.raises(SleutelGewijzigd) as raised:
            list(ingest.ingest_files(con, "grootboek", [_ledger(tmp_path, 3)], tweede, "run-3", archief))
    assert eerste.vingerafdruk in str(raised.value) and tweede.vingerafdruk in str(raised.value)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select sleutel from meta.loads").fetchall() == [(eerste.vingerafdruk,)] * 2
        assert con.execute("select count(*) from raw.grootboek").fetchone()[0] == 2, "nothing of the refused load"
    assert len(list((tmp_path / "archief").rglob("*.versleuteld"))) == 2, "the refused file was not even archived"
