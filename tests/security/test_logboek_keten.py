"""The audit log is append-only for the application, tamper-evident, and readable by beheer only.

Each test damages the log the way someone with access to the file could (edit a line, delete one, cut off
the newest lines, empty or replace the file) and checks that the chain says so; the app's own writes are
watched at the system call to prove it only ever appends.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
import rollen_hulp

from dashboards import audit
from dashboards.toegang import GeenToegang

TOEGANG = rollen_hulp.TOEGANG
serving, users_file, app_als = rollen_hulp.serving, rollen_hulp.users_file, rollen_hulp.app_als


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pad = tmp_path / "audit" / "toegang.jsonl"
    monkeypatch.setenv("STUURWIEL_AUDIT", str(pad))
    for i in range(5):
        audit.schrijf(f"gebruiker{i}", "pagina", f"pagina{i}")
    return pad


def _regels(pad: Path) -> list[bytes]:
    return pad.read_bytes().splitlines(keepends=True)


def test_an_untouched_log_holds(log):
    assert audit.controleer(log) == audit.Keten(True, 5)


def test_an_edited_line_breaks_the_chain_at_the_next(log):
    regels = _regels(log)
    regels[2] = regels[2].replace(b"gebruiker2", b"gebruiker9")
    log.write_bytes(b"".join(regels))
    keten = audit.controleer(log)
    assert not keten.intact and keten.regel == 4


def test_an_edit_with_a_recomputed_link_is_caught_by_the_head(log):
    # the forger edits the last line, where no later line points back to it
    regels = _regels(log)
    regels[-1] = regels[-1].replace(b"pagina4", b"pagina9")
    log.write_bytes(b"".join(regels))
    assert not audit.controleer(log).intact


def test_a_deleted_line_breaks_the_chain(log):
    regels = _regels(log)
    del regels[1]
    log.write_bytes(b"".join(regels))
    keten = audit.controleer(log)
    assert not keten.intact and keten.regel == 2


@pytest.mark.parametrize("houd", [4, 1, 0])
def test_cutting_off_the_newest_lines_is_detected(log, houd):
    log.write_bytes(b"".join(_regels(log)[:houd]))
    keten = audit.controleer(log)
    assert not keten.intact and "ingekort" in keten.reden


def test_a_removed_log_is_detected(log):
    log.unlink()
    assert not audit.controleer(log).intact


def test_a_removed_head_is_detected(log):
    audit.kop_pad(log).unlink()
    assert not audit.controleer(log).intact


def test_a_line_appended_by_hand_is_detected(log):
    vreemd = {"tijdstip": "2026-01-01T00:00:00", "gebruiker": "x", "actie": "pagina", "onderwerp": "y"}
    with log.open("a", encoding="utf-8") as uit:
        uit.write(json.dumps(vreemd) + "\n")
    assert not audit.controleer(log).intact


def test_after_a_cut_the_app_keeps_writing_and_the_break_stays_visible(log):
    log.write_bytes(b"".join(_regels(log)[:3]))
    audit.schrijf("beheer", "pagina", "logboek")
    keten = audit.controleer(log)
    assert not keten.intact and keten.regel == 4


def test_a_log_rotated_with_its_head_starts_a_new_chain(log):
    """Rotation as docs/deployment.md says: both files renamed, then the app starts a fresh pair."""
    oud = log.with_name("toegang.jsonl.1")
    log.rename(oud)
    audit.kop_pad(log).rename(audit.kop_pad(oud))
    audit.schrijf("beheer", "pagina", "logboek")
    assert audit.controleer(oud) == audit.Keten(True, 5)
    assert audit.controleer(log) == audit.Keten(True, 1)


def test_concurrent_sessions_keep_one_chain(log):
    def schrijf(n: int) -> None:
        for i in range(20):
            audit.schrijf(f"sessie{n}", "pagina", str(i))

    draden = [threading.Thread(target=schrijf, args=(n,)) for n in range(6)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert audit.controleer(log) == audit.Keten(True, 5 + 6 * 20)


def test_log_and_head_are_not_world_readable(log):
    assert log.stat().st_mode & 0o777 == 0o640
    assert audit.kop_pad(log).stat().st_mode & 0o777 == 0o640


def test_a_log_created_wider_is_narrowed_on_the_next_write(tmp_path, monkeypatch):
    pad = tmp_path / "toegang.jsonl"
    pad.touch()
    pad.chmod(0o666)
    monkeypatch.setenv("STUURWIEL_AUDIT", str(pad))
    audit.schrijf("beheer", "pagina", "logboek")
    assert pad.stat().st_mode & 0o777 == 0o640


def test_the_app_only_ever_opens_the_log_for_append(app_als, monkeypatch):
    """A session of beheer (login, pages, a download) watched at os.open: the log is opened
    write-only with O_APPEND and never with O_TRUNC, and no earlier byte changes."""
    geopend = []
    echt = os.open

    def open_en_onthoud(pad, vlaggen, *args, **kwargs):
        geopend.append((str(pad), vlaggen))
        return echt(pad, vlaggen, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_en_onthoud)
    log = audit.pad()
    at = app_als("beheer").run()
    eerder = log.read_bytes()
    for pagina in ("definities", "logboek"):
        at.switch_page(f"views/{pagina}.py").run()
        assert not at.exception, at.exception
    audit.schrijf("beheer", "download", "indicatoren.csv")  # what a download button's on_click does
    naar_log = [vlaggen for pad, vlaggen in geopend if pad == str(log)]
    assert len(naar_log) >= 4  # login, two pages, the download
    assert all(v & os.O_APPEND and v & os.O_WRONLY and not v & os.O_TRUNC for v in naar_log)
    assert log.read_bytes().startswith(eerder)
    assert audit.controleer(log).intact


@pytest.mark.parametrize("gebruiker", ["raad", "beleid", "controller", "enschede"])
def test_only_beheer_reads_the_log(app_als, gebruiker):
    audit.schrijf("beheer", "download", "geheim-bestand.csv")
    with pytest.raises(GeenToegang):
        audit.lees(TOEGANG[gebruiker])
    at = app_als(gebruiker, pagina="logboek").run()
    assert not at.exception, at.exception
    assert "Logboek" not in [t.value for t in at.title]
    assert not any("geheim-bestand" in df.value.to_csv() for df in at.dataframe)
    assert not audit.lees(TOEGANG["beheer"]).empty


def test_the_logboek_page_shows_whether_the_chain_holds(app_als):
    at = app_als("beheer", pagina="logboek").run()
    assert not at.exception, at.exception
    assert at.success and "klopt" in at.success[0].value and not at.error
    log = audit.pad()
    regels = _regels(log)
    log.write_bytes(b"".join(regels[:-1]))  # the newest line (this visit) cut off
    at.run()
    assert at.error and "gewijzigd" in at.error[0].value
