"""Hostile XML and zip deliveries are refused safely: entity bombs, external entities (file and network), deep
nesting, DOCTYPEs, and zip bombs, which are refused before anything is decompressed, also on the inbox
sensor's path (the load plan's look at a file)."""

from __future__ import annotations

import socket
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from pipelines import laadplan
from pipelines.privacy import Pseudonymiser
from pipelines.sources import berichten
from pipelines.sources.base import FileRejected
from pipelines.sources.berichten import ziparchive
from tests.pipelines.sources.berichten_files import example

PSEUDONYMISER = Pseudonymiser(b"v" * 32)
GOOD = example("JW305")
DOCTYPE_AT = b"<jw305:Bericht"


def _with_doctype(doctype: bytes, reference: bytes = b"") -> bytes:
    """The good 305 with ``doctype`` before its root and ``reference`` inside a field."""
    data = GOOD.replace(DOCTYPE_AT, doctype + b"\n" + DOCTYPE_AT, 1)
    return data.replace(b"<jw305:StatusAanlevering>1<", b"<jw305:StatusAanlevering>" + reference + b"1<", 1)


def _refused(path: Path, match: str, seconds: float = 5.0) -> FileRejected:
    started = time.monotonic()
    with pytest.raises(FileRejected, match=match) as refused:
        berichten.read(path, PSEUDONYMISER)
    assert time.monotonic() - started < seconds
    return refused.value


def _laughs(levels: int = 10) -> bytes:
    entities = b'<!ENTITY l0 "lol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, levels)
    )
    return b"<!DOCTYPE lolz [" + entities + b"]>"


def test_the_good_message_loads(tmp_path):
    """The baseline every hostile variant below is made from."""
    path = tmp_path / "goed.xml"
    path.write_bytes(GOOD)
    result = berichten.read(path, PSEUDONYMISER)
    assert result.rows_loaded == result.rows_in > 0


def test_billion_laughs_is_refused_quickly(tmp_path):
    path = tmp_path / "lol.xml"
    path.write_bytes(_with_doctype(_laughs(), b"&l9;"))  # a billion 'lol's if it were expanded
    _refused(path, "geen geldige XML|DOCTYPE", seconds=5)


def test_a_file_entity_is_never_read(tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM-123")
    for name, doctype, reference in (
        ("general", f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>', b"&e;"),
        ("parameter", f'<!DOCTYPE x [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>', b""),
        ("external-dtd", f'<!DOCTYPE x SYSTEM "file://{secret}">', b""),
    ):
        path = tmp_path / f"{name}.xml"
        path.write_bytes(_with_doctype(doctype.encode(), reference))
        assert "GEHEIM" not in str(_refused(path, "DOCTYPE|geen geldige XML"))


@pytest.fixture
def listener():
    """A local TCP port that records whether anyone connected."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def _connected(server: socket.socket) -> bool:
    try:
        server.accept()[0].close()
    except BlockingIOError:
        return False
    return True


def test_a_network_entity_opens_no_connection(tmp_path, listener):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/x"
    for name, doctype, reference in (
        ("general", f'<!DOCTYPE x [<!ENTITY e SYSTEM "{url}">]>', b"&e;"),
        ("parameter", f'<!DOCTYPE x [<!ENTITY % p SYSTEM "{url}.dtd"> %p;]>', b""),
        ("external-dtd", f'<!DOCTYPE x SYSTEM "{url}.dtd">', b""),
    ):
        path = tmp_path / f"{name}.xml"
        path.write_bytes(_with_doctype(doctype.encode(), reference))
        _refused(path, "DOCTYPE|geen geldige XML")
        time.sleep(0.05)
        assert not _connected(listener), name


def test_even_a_harmless_doctype_is_refused(tmp_path):
    path = tmp_path / "doctype.xml"
    path.write_bytes(_with_doctype(b"<!DOCTYPE x>"))
    _refused(path, "DOCTYPE niet toegestaan")


@pytest.mark.parametrize("depth", [300, 200_000])
def test_deep_nesting_is_refused(tmp_path, depth):
    """Inside a record, where the reader walks recursively: libxml2 stops at 256 levels."""
    nest = b"<jw305:X>" * depth + b"</jw305:X>" * depth
    path = tmp_path / "diep.xml"
    path.write_bytes(GOOD.replace(b"<jw305:StatusAanlevering>", nest + b"<jw305:StatusAanlevering>", 1))
    _refused(path, "geen geldige XML: Excessive depth")


# --- zips ---------------------------------------------------------------------------------------------


def _forbid_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, fail the test if any zip entry is decompressed (by the reader's fast path or by zipfile)."""

    def forbidden(*args, **kwargs):
        raise AssertionError("a zip entry was decompressed")

    monkeypatch.setattr(ziparchive, "_entry_bytes", forbidden)
    monkeypatch.setattr(zipfile.ZipFile, "open", forbidden)
    monkeypatch.setattr(zipfile.ZipFile, "read", forbidden)


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_a_high_ratio_entry_is_refused_before_decompression(tmp_path, monkeypatch):
    # 20 MB of one repeated byte deflates about 1,000 times: the declared size and ratio give it away.
    bomb = _zip(tmp_path / "bom.zip", {"a.xml": GOOD, "b.xml": b"<" + b"a" * (20 << 20)})
    assert bomb.stat().st_size < 100_000
    _forbid_inflating(monkeypatch)
    _refused(bomb, "keer ingepakt")


def test_many_small_entries_that_make_a_bomb_together_are_refused(tmp_path, monkeypatch):
    # Each entry is below the per-entry ratio threshold; together they inflate 1,000 times.
    entry = b" " * (1 << 20)
    bomb = _zip(tmp_path / "bom.zip", {f"{i}.xml": entry for i in range(300)})
    _forbid_inflating(monkeypatch)
    _refused(bomb, "keer ingepakt")


def test_an_entry_larger_than_a_message_can_be_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ziparchive, "MAX_ENTRY_BYTES", 1 << 20)
    path = _zip(tmp_path / "groot.zip", {"a.xml": GOOD + b" " * (2 << 20)})
    _forbid_inflating(monkeypatch)
    _refused(path, "meer dan 1048576")


def test_a_hundred_thousand_entries_are_refused_before_decompression(tmp_path, monkeypatch):
    path = tmp_path / "veel.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for i in range(100_000):
            archive.writestr(f"{i}.xml", b"")
    _forbid_inflating(monkeypatch)
    _refused(path, "100000 entries", seconds=10)


def _forge_size(path: Path, size: int) -> None:
    """Rewrite every uncompressed size the zip declares (local headers and central directory) as ``size``."""
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at != -1:
            data[at + offset : at + offset + 4] = struct.pack("<I", size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_a_forged_small_size_inflates_no_more_than_it_declares(tmp_path):
    """The header says 2,000 bytes, the stream inflates to 50 MB: refused with at most a little inflated."""
    path = _zip(
        tmp_path / "vervalst.zip", {"a.xml": GOOD.replace(b"</jw305:Bericht>", b" " * (50 << 20) + b"</jw305:Bericht>")}
    )
    _forge_size(path, 2_000)
    assert zipfile.ZipFile(path).infolist()[0].file_size == 2_000
    tracemalloc.start()
    try:
        _refused(path, "zip-entry onleesbaar")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 << 20


def test_a_zip_inside_a_zip_is_refused(tmp_path):
    inner = _zip(tmp_path / "binnen.zip", {"a.xml": GOOD})
    by_name = _zip(tmp_path / "naam.zip", {"a.xml": GOOD, "binnen.zip": inner.read_bytes()})
    _refused(by_name, "zip-bestand in een zip-bestand")
    # A nested zip under another name is refused by its content.
    disguised = _zip(tmp_path / "vermomd.zip", {"a.xml": GOOD, "b.xml": inner.read_bytes()})
    _refused(disguised, "zip-bestand in een zip-bestand")


def test_a_control_character_in_an_entry_name_is_escaped(tmp_path):
    path = _zip(tmp_path / "naam.zip", {"\x1b[31mrood\n.xml": b"geen xml"})
    message = str(_refused(path, "geen geldige XML"))
    assert "\x1b" not in message and "\n" not in message and "\\x1b[31mrood\\n.xml" in message


def test_the_inbox_sensors_look_at_a_bomb_inflates_nothing_big(tmp_path):
    """The sensor builds its load plan (detection, period) from a quick look at each file: on a bomb that look
    inflates a few KB at most, and the bomb is still planned as a message delivery, for the reader to refuse."""
    bomb = _zip(tmp_path / "bom.zip", {"a.xml": GOOD, "b.xml": GOOD + b" " * (100 << 20)})
    good = _zip(tmp_path / "goed.zip", {"a.xml": GOOD})
    tracemalloc.start()
    try:
        plan = laadplan.maak([bomb, good])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 << 20
    assert berichten.NAME in plan.geleverd
    assert berichten.periode(bomb) is None and berichten.periode(good) is not None
    assert berichten.detect(bomb, bomb.read_bytes()[:4096])
    _refused(bomb, "keer ingepakt")
