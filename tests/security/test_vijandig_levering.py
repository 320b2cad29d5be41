"""One bad file never takes the rest of its delivery down: through the real ingest function, a delivery with
hostile and broken files among good ones loads and reports the good ones and rejects each bad one with its
reason, in meta.loads as in the outcome the CLI prints."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from pipelines import ingest, laadplan
from pipelines.archief import Archief
from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import FileRejected
from pipelines.warehouse import Warehouse
from tests.pipelines.sources.berichten_files import example

PSEUDONYMISER = Pseudonymiser(b"l" * 32)
GROOTBOEK = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;Crediteurnummer;Crediteurnaam;"
    "Omschrijving;Bedrag\n"
)
BOEKING = "2024;15-03-2024;0153;6.71b;3.4.1;KP1;C1;Zorg BV;Begeleiding maart;1.234,56\n"


@pytest.fixture
def store(tmp_path) -> Warehouse:
    warehouse = Warehouse(tmp_path / "warehouse.duckdb")
    warehouse.ensure_schema()
    return warehouse


def _ingest(store: Warehouse, tmp_path: Path, source: str, paths: list[Path]) -> list[ingest.FileOutcome]:
    with store.connect() as con:
        archief = Archief(tmp_path / "archive", b"a" * 32)
        return list(ingest.ingest_files(con, source, paths, PSEUDONYMISER, "run-vijandig", archief))


def _loads(store: Warehouse) -> dict[str, tuple]:
    with store.connect(read_only=True) as con:
        rows = con.execute("select bestand, status, rijen_geladen, reden, melding from meta.loads").fetchall()
    return {Path(bestand).name: (status, geladen, reden, melding) for bestand, status, geladen, reden, melding in rows}


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _message_files(tmp_path: Path) -> tuple[list[Path], dict[str, str]]:
    """Good message deliveries with hostile ones between them; per bad file, the reason it must be refused for."""
    good_301, good_305 = example("JW301"), example("JW305")
    files = {
        "a_goed.zip": _zip(tmp_path / "a_goed.zip", {"301.xml": good_301}),
        "b_bom.zip": _zip(tmp_path / "b_bom.zip", {"305.xml": good_305, "bom.xml": b" " * (30 << 20)}),
        "c_doctype.xml": good_305.replace(b"<jw305:Bericht", b'<!DOCTYPE x [<!ENTITY e "e">]>\n<jw305:Bericht', 1),
        "d_afgebroken.zip": _zip(tmp_path / "d.zip", {"305.xml": good_305}).read_bytes()[:300],
        "e_goed.xml": good_305,
        "f_geen_tekst.xml": bytes(range(256)) * 16,
        "g_in_zip.zip": _zip(
            tmp_path / "g.zip", {"binnen.zip": _zip(tmp_path / "binnen.zip", {"a.xml": good_301}).read_bytes()}
        ),
    }
    paths = []
    for name, content in files.items():
        path = tmp_path / "levering" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content.read_bytes() if isinstance(content, Path) else content)
        paths.append(path)
    reasons = {
        "b_bom.zip": "keer ingepakt",
        "c_doctype.xml": "DOCTYPE niet toegestaan",
        "d_afgebroken.zip": "geen geldig zip-bestand",
        "f_geen_tekst.xml": "geen geldige XML",
        "g_in_zip.zip": "zip-bestand in een zip-bestand",
    }
    return paths, reasons


def test_a_message_delivery_loads_its_good_files_beside_hostile_ones(store, tmp_path):
    paths, reasons = _message_files(tmp_path)
    outcomes = {Path(o.path).name: o for o in _ingest(store, tmp_path, "berichten", paths)}
    assert sorted(outcomes) == sorted(p.name for p in paths)
    for name in ("a_goed.zip", "e_goed.xml"):
        assert outcomes[name].status == "loaded" and outcomes[name].rows_loaded > 0, name
    for name, reason in reasons.items():
        outcome = outcomes[name]
        assert outcome.status == "rejected" and outcome.rows_loaded == 0, name
        assert reason in outcome.errors[0]["melding"], (name, outcome.errors)
    recorded = _loads(store)
    assert {name: status for name, (status, *_) in recorded.items()} == {n: o.status for n, o in outcomes.items()}
    for name, reason in reasons.items():
        assert recorded[name][2] == "bestand_onleesbaar" and reason in recorded[name][3]
    with store.connect(read_only=True) as con:
        loaded = con.execute("select count(*) from raw.berichten_toewijzing").fetchone()[0]
        loaded += con.execute("select count(*) from raw.berichten_start").fetchone()[0]
    assert loaded == outcomes["a_goed.zip"].rows_loaded + outcomes["e_goed.xml"].rows_loaded


def test_a_csv_delivery_loads_its_good_files_beside_broken_ones(store, tmp_path):
    folder = tmp_path / "grootboek"
    folder.mkdir()
    files = {
        "a_goed.csv": (GROOTBOEK + BOEKING).encode("cp1252"),
        "b_lang_veld.csv": (GROOTBOEK + BOEKING.replace("Begeleiding maart", "x" * (10 << 20))).encode(),
        "c_open_aanhalingsteken.csv": (GROOTBOEK + BOEKING.replace("Zorg BV", '"Zorg BV')).encode(),
        "d_kop_met_cr.csv": GROOTBOEK.replace(";Taakveld", "\r;Taakveld").encode() + BOEKING.encode(),
        "e_goed.csv": (GROOTBOEK + BOEKING.replace("maart", "april")).encode("cp1252"),
    }
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    outcomes = {Path(o.path).name: o for o in _ingest(store, tmp_path, "grootboek", paths)}
    assert [outcomes[n].status for n in files] == ["loaded", "rejected", "partially_loaded", "rejected", "loaded"]
    assert "regel langer dan" in outcomes["b_lang_veld.csv"].errors[0]["melding"]
    # A quote left open runs to the end of the file: that one record has too few fields and is quarantined.
    assert [e["controle"] for e in outcomes["c_open_aanhalingsteken.csv"].errors] == ["aantal_kolommen"]
    assert "kopregel" in outcomes["d_kop_met_cr.csv"].errors[0]["melding"]
    with store.connect(read_only=True) as con:
        assert con.execute("select count(*) from raw.grootboek").fetchone()[0] == 2


class _Crashing:
    """A reader with a bug: it raises something other than FileRejected on one file."""

    def __init__(self, reader) -> None:
        self.reader = reader

    def read(self, path, pseudonymiser):
        if "kapot" in Path(path).name:
            raise KeyError("123456782")  # the text of an unexpected error may quote the content
        return self.reader.read(path, pseudonymiser)


def test_a_reader_bug_on_one_file_rejects_that_file_only(store, tmp_path, monkeypatch):
    """Read in this process (one core), so the patched reader is the one used."""
    monkeypatch.setitem(ingest.SOURCES, "grootboek", _Crashing(ingest.SOURCES["grootboek"]))
    monkeypatch.setattr(ingest.os, "cpu_count", lambda: 1)
    paths = []
    for name in ("a.csv", "kapot.csv", "c.csv"):
        paths.append(tmp_path / name)
        paths[-1].write_text(GROOTBOEK + BOEKING.replace("maart", name), encoding="cp1252")
    outcomes = _ingest(store, tmp_path, "grootboek", paths)
    assert [o.status for o in outcomes] == ["loaded", "rejected", "loaded"]
    melding = outcomes[1].errors[0]["melding"]
    assert "onverwachte fout KeyError" in melding and "123456782" not in melding


def test_a_file_rejected_names_its_reason_never_a_traceback(tmp_path):
    """The rejection the steward reads is one Dutch line, the file and what is wrong with it."""
    path = tmp_path / "x.xml"
    path.write_bytes(b"<a><b></a>")
    with pytest.raises(FileRejected) as refused:
        ingest.SOURCES["berichten"].read(path, PSEUDONYMISER)
    assert str(refused.value).startswith(f"{path}, regel 1: geen geldige XML") and "\n" not in str(refused.value)


def test_a_symbolic_link_or_a_pipe_in_the_inbox_is_never_a_delivery(tmp_path):
    """Whoever may write the inbox must not make a load read (and archive, and remove) any other file the pipeline
    can read, such as a key or another region's export; a pipe would make a reader wait forever."""
    outside = tmp_path / "geheim"
    outside.mkdir()
    (outside / "pseudonym.key").write_bytes(b"k" * 32)
    (outside / "grootboek_2024.csv").write_text(GROOTBOEK + BOEKING, encoding="cp1252")
    inbox = tmp_path / "inbox"
    (inbox / "map").mkdir(parents=True)
    good = inbox / "grootboek_2023.csv"
    good.write_text(GROOTBOEK + BOEKING.replace("2024", "2023"), encoding="cp1252")
    (inbox / "sleutel.csv").symlink_to(outside / "pseudonym.key")
    (inbox / "grootboek_2024.csv").symlink_to(outside / "grootboek_2024.csv")
    (inbox / "map" / "buiten").symlink_to(outside, target_is_directory=True)
    os.mkfifo(inbox / "pijp.csv")
    assert ingest.expand([inbox]) == [good]
    plan = laadplan.maak([inbox])
    assert [f for files in plan.bestanden.values() for f in files] + plan.onbekend == [good]
