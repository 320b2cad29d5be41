"""A file still being copied into data/inbox/ is never loaded half, and never deleted before it is archived.

The inbox sensor takes a file once its transfer is over: not named as a transfer tool names a file it is still
writing, and unchanged (st_mtime and st_ctime) for STUURWIEL_INBOX_RUST seconds (docs/deployment.md). These tests
write real files while the sensor evaluates, and run the step that archives the files and clears the inbox.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines import sensors

RUST = 1.5  # seconds a file must be unchanged in these tests (60 in production)


@pytest.fixture
def inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.setenv("STUURWIEL_INBOX_RUST", str(RUST))
    folder = tmp_path / "data" / "inbox"
    folder.mkdir(parents=True)
    return folder


def _taken(inbox: Path) -> set[str]:
    """The inbox files the sensor would load now: every path in its run request's config."""
    request = sensors.inbox(dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral()))
    if isinstance(request, dg.SkipReason):
        return set()
    ops = request.run_config["ops"].values()
    return {Path(p).relative_to(inbox).as_posix() for op in ops for p in op["config"]["paths"]}


def _write(path: Path, size: int = 4096) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(size))
    return path


class _Copy(threading.Thread):
    """A transfer in progress: appends a block every 50 ms until stopped."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path, self.stop = path, threading.Event()

    def run(self) -> None:
        with open(self.path, "ab") as fh:
            while not self.stop.is_set():
                fh.write(os.urandom(1024))
                fh.flush()
                time.sleep(0.05)


def test_a_growing_file_is_not_taken_until_its_transfer_is_over(inbox: Path):
    _write(inbox / "berichten" / "jw301.zip")
    time.sleep(RUST + 0.2)
    copy = _Copy(inbox / "berichten" / "jw305.zip")
    copy.start()
    try:
        deadline = time.monotonic() + 3 * RUST
        while time.monotonic() < deadline:  # evaluated again and again while the copy grows: never taken
            assert _taken(inbox) == {"berichten/jw301.zip"}
            time.sleep(0.1)
    finally:
        copy.stop.set()
        copy.join()
    size = (inbox / "berichten" / "jw305.zip").stat().st_size
    assert _taken(inbox) == {"berichten/jw301.zip"}  # just finished: not yet quiet long enough
    time.sleep(RUST + 0.2)
    assert _taken(inbox) == {"berichten/jw301.zip", "berichten/jw305.zip"}
    assert (inbox / "berichten" / "jw305.zip").stat().st_size == size


def test_a_copy_that_keeps_the_senders_old_modification_time_waits_too(inbox: Path):
    """cp -p, scp -p and many SMB clients set the sender's modification time: a year old, yet still being written."""
    path = _write(inbox / "grootboek.csv")
    year_ago = time.time() - 365 * 24 * 3600
    os.utime(path, (year_ago, year_ago))
    assert _taken(inbox) == set()
    time.sleep(RUST + 0.2)
    assert _taken(inbox) == {"grootboek.csv"}


def test_names_of_transfers_in_progress_are_never_taken(inbox: Path):
    for name in ("levering.zip.part", "grootboek.csv.tmp", ".jw301.zip.Xa8f3k", "~grootboek.csv", "a.filepart"):
        _write(inbox / name)
    _write(inbox / "klaar.zip")
    time.sleep(RUST + 0.2)
    assert _taken(inbox) == {"klaar.zip"}
    (inbox / "levering.zip.part").rename(inbox / "levering.zip")  # the tool renames the file into place when done
    assert _taken(inbox) == {"klaar.zip"}  # the rename is a change: quiet again first
    time.sleep(RUST + 0.2)
    assert _taken(inbox) == {"klaar.zip", "levering.zip"}


@pytest.fixture
def home(inbox: Path) -> Path:
    home = inbox.parent.parent
    (home / ".secrets").mkdir(mode=0o700)
    for name in ("pseudonym.key", "archief.key"):
        (home / ".secrets" / name).write_bytes(secrets.token_bytes(32))
    return home


def _archived(home: Path) -> list[Path]:
    return [p for p in (home / "data" / "archive").rglob("*") if p.is_file()]


def _load_unknown(home: Path, files: list[Path]) -> bool:
    """The step that records, archives and clears files no source recognises, as the sensor's run runs it."""
    from pipelines.assets.leveringen import onbekende_bestanden
    from pipelines.resources import StuurwielResource

    result = dg.materialize(
        [onbekende_bestanden],
        resources={"stuurwiel": StuurwielResource()},
        run_config={"ops": {"onbekende_bestanden": {"config": {"paths": [str(p) for p in files], "inbox": False}}}},
        raise_on_error=False,
    )
    return result.success


def test_inbox_files_are_deleted_only_once_archived_and_only_as_archived(home: Path, inbox: Path):
    kept, replaced = _write(inbox / "leesmij.txt"), _write(inbox / "notities.txt")
    archive = home / "data" / "archive"
    archive.parent.mkdir(parents=True, exist_ok=True)
    archive.write_text("geen map")  # archiving fails: the archive folder cannot be made
    assert not _load_unknown(home, [kept])
    assert kept.exists(), "deleted from the inbox although archiving failed"

    archive.unlink()
    # The sender replaces notities.txt right after the step archived it: the new version was never archived.
    from pipelines.archief import Archief

    bewaar = Archief.bewaar

    def archive_then_sender_replaces(self, path, sha):
        target = bewaar(self, path, sha)
        if path == replaced:
            tmp = path.with_name(".notities.txt.nieuw")
            tmp.write_bytes(b"gecorrigeerde levering")
            tmp.replace(path)
        return target

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Archief, "bewaar", archive_then_sender_replaces)
        assert _load_unknown(home, [kept, replaced])
    assert not kept.exists(), "an archived file stays in the inbox"
    assert replaced.read_bytes() == b"gecorrigeerde levering", "a version that was never archived was deleted"
    assert len(_archived(home)) == 2
