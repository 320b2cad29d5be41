"""The archive of originals survives a killed writer and a power cut: an archived file is whole or absent, what a
killed writer left half-written is removed by the next archive write (a live writer's never), and the rename that
puts a file in place is flushed before the load goes on to remove the inbox copy."""

from __future__ import annotations

import os
import random
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines import archief, cli
from pipelines.archief import ONDERWEG, Archief
from pipelines.config import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
KEY = bytes(range(32))
SHA = "d" * 64
# Archives one file and says when it is done: the writer that the test kills.
SCHRIJVER = """
import sys
from pathlib import Path
from pipelines.archief import Archief
from pipelines.config import Settings
Archief.van(Settings.from_env()).bewaar(Path(sys.argv[1]), sys.argv[2])
print("klaar", flush=True)
"""


def _dode_pid() -> int:
    """The pid of a process that has ended."""
    proces = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proces.stdout)


def test_a_dead_writers_half_file_is_removed_by_the_next_archive_write_and_a_live_ones_kept(tmp_path):
    store = Archief(tmp_path / "archief", KEY)
    onderweg = store.map / ONDERWEG
    onderweg.mkdir(parents=True)
    levend = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dood = onderweg / f"{SHA[:12]}_levering.xml.versleuteld.{_dode_pid()}.tmp"
        bezig = onderweg / f"{SHA[:12]}_ander.xml.versleuteld.{levend.pid}.tmp"
        for pad in (dood, bezig):
            pad.write_bytes(b"half")
        original = tmp_path / "nieuw.csv"
        original.write_bytes(b"a;b\n1;2\n")
        target = store.bewaar(original, "e" * 64)
        assert [p.name for p in onderweg.iterdir()] == [bezig.name], (
            "the dead writer's file must go, the live one's stay"
        )
        assert [p for p in store.map.rglob("*") if p.is_file() and p.parent != onderweg] == [target]
        # Also when the next file was archived before (a re-sent delivery): the archive call still clears them.
        dood.write_bytes(b"half")
        assert store.bewaar(original, "e" * 64) == target
        assert [p.name for p in onderweg.iterdir()] == [bezig.name]
    finally:
        levend.kill()
        levend.wait()


def test_the_archived_file_is_flushed_before_its_rename_and_the_rename_before_the_call_returns(tmp_path, monkeypatch):
    """A power cut after `bewaar` returned (the load then removes the inbox copy) must still find the file: its
    content flushed before the rename, its day folder's entry (and a new day folder's own entry) after it."""
    gebeurd: list[tuple] = []
    fsync, replace = os.fsync, os.replace
    monkeypatch.setattr(
        os, "fsync", lambda fd: (gebeurd.append(("fsync", os.readlink(f"/proc/self/fd/{fd}"))), fsync(fd))[1]
    )
    monkeypatch.setattr(os, "replace", lambda a, b: (gebeurd.append(("replace", str(a), str(b))), replace(a, b))[1])
    original = tmp_path / "levering.csv"
    original.write_bytes(b"BSN;Naam\n123456782;Jan\n")
    target = Archief(tmp_path / "archief", KEY).bewaar(original, SHA)
    monkeypatch.undo()
    [vervang] = [i for i, g in enumerate(gebeurd) if g[0] == "replace" and g[2] == str(target)]
    assert ("fsync", gebeurd[vervang][1]) in gebeurd[:vervang], "the file was not flushed before the rename"
    na = gebeurd[vervang + 1 :]
    assert ("fsync", str(target.parent)) in na, "the day folder was not flushed after the rename"
    assert ("fsync", str(target.parent.parent)) in na, "the new day folder's entry was not flushed"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path / "home"))
    sleutel = tmp_path / "archief.key"
    sleutel.write_bytes(secrets.token_bytes(32))
    monkeypatch.setenv("STUURWIEL_ARCHIVE_KEY_FILE", str(sleutel))
    return Settings.from_env()


def _schrijver(original: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SCHRIJVER, str(original), SHA],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _gedood(proces: subprocess.Popen) -> None:
    proces.send_signal(signal.SIGKILL)
    proces.wait()


def _na_dood(home: Settings, original: Path, terug: Path) -> bool:
    """After a kill: the day holds the whole file, readable with `stuurwiel archief lees`, or nothing. Returns
    whether the file was there."""
    dagen = [p for p in home.archive_dir.iterdir() if p.name != ONDERWEG] if home.archive_dir.exists() else []
    bestanden = [f for dag in dagen for f in dag.iterdir()]
    assert len(bestanden) <= 1, bestanden
    if not bestanden:
        return False
    terug.unlink(missing_ok=True)
    assert cli.main(["archief", "lees", str(bestanden[0]), "--out", str(terug)]) == 0
    assert terug.read_bytes() == original.read_bytes(), "the archived file is not the whole original"
    return True


def test_a_writer_killed_mid_archive_leaves_the_whole_file_or_none_and_the_next_write_clears_its_half(
    home, tmp_path, capsys
):
    """A real process archives a 32 MiB original and is killed (SIGKILL) while its half file is being written, at a
    random moment after it appeared; every next archive write removes the half file and archives the original."""
    original = tmp_path / "levering.xml"
    original.write_bytes(os.urandom(32 << 20))
    terug = tmp_path / "terug.xml"
    onderweg = home.archive_dir / ONDERWEG
    rng = random.Random(15)
    halverwege = 0
    for _ in range(6):
        proces = _schrijver(original)
        eigen = onderweg / f"{SHA[:12]}_{original.name}{archief.SUFFIX}.{proces.pid}.tmp"
        deadline = time.monotonic() + 60
        while not eigen.exists() and proces.poll() is None:
            assert time.monotonic() < deadline, "the writer never started its file"
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.02))
        _gedood(proces)
        if _na_dood(home, original, terug):  # it got past the rename: start again from an empty archive
            _leeg(home)
        elif eigen.exists():
            halverwege += 1
            # Its own half file only: this writer's archive call removed those of the writers killed before it.
            assert list(onderweg.iterdir()) == [eigen]
    assert halverwege >= 3, f"only {halverwege} of 6 kills landed while the file was written"
    # The next write: the last dead writer's half file goes, the original is archived whole.
    target = Archief.van(home).bewaar(original, SHA)
    assert not any(onderweg.iterdir())
    assert _na_dood(home, original, terug) and target.exists()


def _leeg(home: Settings) -> None:
    for dag in home.archive_dir.iterdir():
        if dag.name != ONDERWEG:
            for f in dag.iterdir():
                f.unlink()


def test_a_writer_killed_at_any_moment_leaves_the_whole_file_or_none(home, tmp_path, capsys):
    """Kills at random moments of the whole process's life, the rename and the flushes included."""
    original = tmp_path / "levering.xml"
    original.write_bytes(os.urandom(4 << 20))
    terug = tmp_path / "terug.xml"
    proces = _schrijver(original)
    gestart = time.monotonic()
    assert proces.communicate(timeout=120)[0].strip() == "klaar"
    duur = time.monotonic() - gestart
    assert _na_dood(home, original, terug)
    _leeg(home)
    rng = random.Random(7)
    for _ in range(5):
        proces = _schrijver(original)
        time.sleep(rng.uniform(0.5, 1.0) * duur)
        _gedood(proces)
        if _na_dood(home, original, terug):
            _leeg(home)
    Archief.van(home).bewaar(original, SHA)
    assert not any((home.archive_dir / ONDERWEG).iterdir()) and _na_dood(home, original, terug)


def test_retention_and_the_old_release_encryption_never_take_the_temporaries_folder_for_a_day(tmp_path):
    store = Archief(tmp_path / "archief", KEY)
    (store.map / ONDERWEG).mkdir(parents=True)
    bezig = store.map / ONDERWEG / f"x.versleuteld.{os.getpid()}.tmp"
    bezig.write_bytes(b"half")
    assert archief.opruimen(store.map, 1) == []
    assert store.versleutel_oude() == []
    assert bezig.exists(), "this live process's file being written was touched"
