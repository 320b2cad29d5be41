"""The archive of original files: encrypted with its own key, private file modes, a retention period, and a way
for beheer to read a file back. The tests try to read an original without the key, to change or cut an archive
file unnoticed, and to make the archive hold a whole delivery in memory."""

from __future__ import annotations

import io
import os
import stat
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines import archief, cli, ingest
from pipelines.archief import Archief, ArchiefOnleesbaar, ontsleutel, ontsleutel_bestand, versleutel
from pipelines.config import Settings
from pipelines.privacy import Pseudonymiser
from pipelines.warehouse import Warehouse

KEY = bytes(range(32))
ORIGINEEL = b"BSN;Naam;Adres\n123456782;Jan de Vries;Kerkstraat 1 Enschede\n"


def _encrypt(data: bytes, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    versleutel(io.BytesIO(data), out, key)
    return out.getvalue()


def _decrypt(data: bytes, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    ontsleutel(io.BytesIO(data), out, key)
    return out.getvalue()


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 64 bytes, so a few hundred bytes cross several chunk boundaries."""
    monkeypatch.setattr(archief, "CHUNK", 64)
    return 64


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_every_original_comes_back_exactly(data):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(archief, "CHUNK", 64)
        encrypted = _encrypt(data)
        assert _decrypt(encrypted) == data


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 128, 200])
def test_chunk_boundaries(small_chunks, size):
    data = os.urandom(size)
    assert _decrypt(_encrypt(data)) == data


def test_the_archive_file_holds_no_readable_personal_data():
    encrypted = _encrypt(ORIGINEEL * 100)
    for secret in (b"123456782", b"Jan de Vries", b"Kerkstraat"):
        assert secret not in encrypted


def test_the_wrong_key_reads_nothing():
    with pytest.raises(ArchiefOnleesbaar, match="verkeerde archiefsleutel"):
        _decrypt(_encrypt(ORIGINEEL), bytes(32))


def _chunks_of(encrypted: bytes, chunk: int) -> tuple[bytes, list[bytes]]:
    header, body = encrypted[:15], encrypted[15:]
    size = chunk + 16
    return header, [body[i : i + size] for i in range(0, len(body), size)]


def test_a_changed_byte_anywhere_is_noticed(small_chunks):
    encrypted = _encrypt(os.urandom(300))
    for position in range(len(encrypted)):
        changed = bytearray(encrypted)
        changed[position] ^= 0x01
        with pytest.raises(ArchiefOnleesbaar):
            _decrypt(bytes(changed))


def test_cut_dropped_or_swapped_chunks_are_noticed(small_chunks):
    header, chunks = _chunks_of(_encrypt(os.urandom(300)), small_chunks)
    assert len(chunks) == 5
    tampered = {
        "cut at a chunk boundary": header + b"".join(chunks[:3]),
        "only the header": header,
        "a middle chunk dropped": header + b"".join(chunks[:2] + chunks[3:]),
        "two chunks swapped": header + b"".join([chunks[1], chunks[0], *chunks[2:]]),
        "the last chunk repeated": header + b"".join(chunks + chunks[-1:]),
    }
    for name, data in tampered.items():
        with pytest.raises(ArchiefOnleesbaar):
            _decrypt(data)
            pytest.fail(name)


def test_chunks_of_two_files_cannot_be_mixed(small_chunks):
    data = os.urandom(200)
    header_a, chunks_a = _chunks_of(_encrypt(data), small_chunks)
    _, chunks_b = _chunks_of(_encrypt(data), small_chunks)
    with pytest.raises(ArchiefOnleesbaar):
        _decrypt(header_a + chunks_a[0] + chunks_b[1] + b"".join(chunks_a[2:]))


def test_a_file_of_another_format_is_refused():
    with pytest.raises(ArchiefOnleesbaar, match="geen versleuteld archiefbestand"):
        _decrypt(ORIGINEEL)


def test_a_large_delivery_is_encrypted_streaming(tmp_path):
    """64 MiB in, well under 64 MiB in memory: the archive never holds a delivery whole."""
    original = tmp_path / "groot.xml"
    with open(original, "wb") as fh:
        fh.truncate(64 << 20)
    tracemalloc.start()
    try:
        target = Archief(tmp_path / "archief", KEY).bewaar(original, "f" * 64)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, f"peak {peak / 2**20:.1f} MiB"
    assert target.stat().st_size > 64 << 20


def test_files_are_0600_and_folders_0700_whatever_the_umask(tmp_path):
    original = tmp_path / "levering.csv"
    original.write_bytes(ORIGINEEL)
    oud = os.umask(0)
    try:
        target = Archief(tmp_path / "archief", KEY).bewaar(original, "a" * 64)
    finally:
        os.umask(oud)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "archief").stat().st_mode) == 0o700
    assert [p.name for p in target.parent.iterdir()] == [target.name], "no temporary file left"


def test_ingest_archives_every_original_encrypted_and_nothing_in_plain(tmp_path):
    original = tmp_path / "grootboek.csv"
    original.write_text(
        "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;Crediteurnummer;Crediteurnaam;"
        "Omschrijving;Bedrag\n2024;15-03-2024;0153;6.71b;3.4.1;KP1;C1;Zorg BV;Jan de Vries 123456782;1.234,56\n",
        encoding="utf-8",
    )
    store = Warehouse(tmp_path / "warehouse.duckdb")
    store.ensure_schema()
    with store.connect() as con:
        list(
            ingest.ingest_files(
                con, "grootboek", [original], Pseudonymiser(b"k" * 32), "r", Archief(tmp_path / "a", KEY)
            )
        )
    [archived] = [p for p in (tmp_path / "a").rglob("*") if p.is_file()]
    assert archived.name.endswith(".versleuteld")
    assert b"Jan de Vries" not in archived.read_bytes() and b"123456782" not in archived.read_bytes()
    ontsleutel_bestand(archived, tmp_path / "terug.csv", KEY)
    assert (tmp_path / "terug.csv").read_bytes() == original.read_bytes()


def test_retention_removes_only_the_days_past_it(tmp_path):
    root = tmp_path / "archief"
    for day in ("2018-12-05", "2019-12-05", "2019-12-06", "2026-01-01", "niet-een-dag"):
        (root / day).mkdir(parents=True)
        (root / day / "x.versleuteld").write_bytes(b"x")
    weg = archief.opruimen(root, 7, vandaag=date(2026, 12, 6))
    assert [p.name for p in weg] == ["2018-12-05", "2019-12-05"]
    assert sorted(p.name for p in root.iterdir()) == ["2019-12-06", "2026-01-01", "niet-een-dag"]


def test_retention_on_29_february(tmp_path):
    (tmp_path / "2017-02-27").mkdir()
    (tmp_path / "2017-02-28").mkdir()
    assert [p.name for p in archief.opruimen(tmp_path, 7, vandaag=date(2024, 2, 29))] == ["2017-02-27"]


@pytest.fixture
def home(tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.delenv("STUURWIEL_KEY_FILE")
    monkeypatch.delenv("STUURWIEL_ARCHIVE_KEY_FILE")
    assert cli.main(["sleutel", "maak"]) == 0
    return Settings.from_env()


def test_the_archive_key_is_not_the_pseudonym_key(home):
    assert home.archive_key_path != home.key_path
    assert home.archive_key_path.read_bytes() != home.key_path.read_bytes()
    original = home.home / "levering.csv"
    original.write_bytes(ORIGINEEL)
    target = Archief.van(home).bewaar(original, "b" * 64)
    with pytest.raises(ArchiefOnleesbaar):
        ontsleutel_bestand(target, home.home / "terug", home.key_path.read_bytes())


def test_beheer_reads_a_file_back_with_the_cli(home, capsys):
    original = home.home / "levering.csv"
    original.write_bytes(ORIGINEEL)
    target = Archief.van(home).bewaar(original, "c" * 64)
    out = home.home / "uit" / "levering.csv"
    out.parent.mkdir()
    assert cli.main(["archief", "lees", str(target), "--out", str(out)]) == 0
    assert out.read_bytes() == ORIGINEEL and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert cli.main(["archief", "lees", str(target), "--out", str(out)]) == 2, "never overwrites"
    damaged = home.home / "kapot.versleuteld"
    damaged.write_bytes(target.read_bytes()[:-1])
    assert cli.main(["archief", "lees", str(damaged), "--out", str(home.home / "kapot.csv")]) == 1
    assert not (home.home / "kapot.csv").exists(), "nothing half-decrypted is left"


def test_opruimen_cli_uses_the_configured_retention(home, monkeypatch, capsys):
    oud = home.archive_dir / f"{date.today().year - 3}-01-01"
    oud.mkdir(parents=True)
    assert cli.main(["archief", "opruimen"]) == 0
    assert oud.exists(), "within the default of 7 years"
    monkeypatch.setenv("STUURWIEL_ARCHIEF_BEWAARJAREN", "2")
    assert cli.main(["archief", "opruimen"]) == 0
    assert not oud.exists()
    assert cli.main(["archief", "opruimen", "--bewaarjaren", "0"]) == 2


def test_originals_an_earlier_release_archived_in_plain_are_encrypted_in_place(home):
    day = home.archive_dir / "2025-01-01"
    day.mkdir(parents=True)
    (day / "abc_levering.csv").write_bytes(ORIGINEEL)
    assert cli.main(["archief", "versleutel-oude"]) == 0
    [encrypted] = day.iterdir()
    assert encrypted.name == "abc_levering.csv.versleuteld" and ORIGINEEL not in encrypted.read_bytes()
    ontsleutel_bestand(encrypted, home.home / "terug.csv", home.archive_key_path.read_bytes())
    assert (home.home / "terug.csv").read_bytes() == ORIGINEEL


def test_a_missing_archive_key_stops_the_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.setenv("STUURWIEL_ARCHIVE_KEY_FILE", str(tmp_path / "nergens" / "archief.key"))
    assert cli.main(["archief", "versleutel-oude"]) == 2
    assert "STUURWIEL_ARCHIVE_KEY_FILE" in capsys.readouterr().err
    assert not Path(tmp_path / "nergens").exists()
