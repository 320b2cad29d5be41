"""The users file under many sessions at once: streamlit-authenticator reads it and writes its login state to it on
every login (a reload with the session cookie included), while other sessions read it and `stuurwiel gebruikers`
changes it. No reader finds it empty or half, no session undoes another's failed attempts, and no session writes
back an account as it was before the CLI changed it.

The sessions are the library's own AuthenticationModel on the file, writing through Helpers.update_config_file as it
does after a login (dashboards/auth.py installs Stuurwiel's read and write there).
"""

from __future__ import annotations

import threading

import bcrypt
import pytest
import yaml
from streamlit_authenticator.models.authentication_model import AuthenticationModel
from streamlit_authenticator.utilities.helpers import Helpers

import dashboards.auth  # noqa: F401 - installs the users file's read and write in the library
from dashboards import gebruikers


@pytest.fixture(autouse=True)
def snelle_hashes(monkeypatch):
    """bcrypt at its lowest cost: these tests are about the file, not the hash."""
    gensalt = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda: gensalt(rounds=4))


def _sessie(pad) -> AuthenticationModel:
    """A login run's view of the file, read as the library reads it."""
    return AuthenticationModel(path=str(pad), auto_hash=False)


def _bewaar(sessie: AuthenticationModel) -> None:
    Helpers.update_config_file(sessie.path, "credentials", sessie.credentials)  # as the library does after a login


def _account(pad, gebruiker: str) -> dict:
    return yaml.safe_load(pad.read_text())["credentials"]["usernames"][gebruiker]


def test_sessions_writing_login_state_never_leave_a_reader_an_empty_or_half_file(tmp_path):
    pad = tmp_path / "gebruikers.yaml"
    for n in range(12):  # a file of some size, so a write is not a single syscall's worth
        gebruikers.voeg_toe(pad, f"gebruiker{n}", "raad", "REGIO", f"wachtwoord-{n}")
    klaar = threading.Event()
    fouten: list[str] = []

    def schrijver(n: int) -> None:
        while not klaar.is_set():
            sessie = _sessie(pad)
            sessie.credentials["usernames"][f"gebruiker{n}"]["logged_in"] = True  # a login with the session cookie
            _bewaar(sessie)

    schrijvers = [threading.Thread(target=schrijver, args=(n,)) for n in range(2)]
    for draad in schrijvers:
        draad.start()
    try:
        for _ in range(60):
            config = Helpers.read_config_file(str(pad))  # what the next session's cookie and login read
            if not config or "cookie" not in config or len(config["credentials"]["usernames"]) != 12:
                fouten.append(repr(config)[:200])
    finally:
        klaar.set()
        for draad in schrijvers:
            draad.join()
    assert not fouten, fouten[:3]
    assert _account(pad, "gebruiker0")["logged_in"] and _account(pad, "gebruiker1")["logged_in"]


def test_concurrent_failed_attempts_all_count(tmp_path):
    pad = tmp_path / "gebruikers.yaml"
    gebruikers.voeg_toe(pad, "raad", "raad", "REGIO", "raad-test")
    sessies = [_sessie(pad) for _ in range(3)]  # three wrong passwords at once: each run read 0 attempts
    for sessie in sessies:
        sessie.credentials["usernames"]["raad"]["failed_login_attempts"] += 1
        _bewaar(sessie)
    assert _account(pad, "raad")["failed_login_attempts"] == 3
    sessie = _sessie(pad)  # then the right password: the library sets the count back to 0
    sessie.credentials["usernames"]["raad"]["failed_login_attempts"] = 0
    _bewaar(sessie)
    assert _account(pad, "raad")["failed_login_attempts"] == 0


def test_a_login_run_never_writes_back_what_the_cli_changed_meanwhile(tmp_path):
    pad = tmp_path / "gebruikers.yaml"
    gebruikers.voeg_toe(pad, "raad", "raad", "REGIO", "raad-test")
    gebruikers.voeg_toe(pad, "beleid", "beleid", "REGIO", "beleid-oud")
    gebruikers.voeg_toe(pad, "weg", "beheer", "REGIO", "weg-test")
    sessie = _sessie(pad)  # raad's login run has read the file ...
    gebruikers.voeg_toe(pad, "beleid", "raad", "GM0153", "beleid-nieuw")  # ... beheer changes beleid ...
    gebruikers.voeg_toe(pad, "nieuw", "raad", "REGIO", "nieuw-test")  # ... adds an account ...
    config = yaml.safe_load(pad.read_text())
    del config["credentials"]["usernames"]["weg"]  # ... and removes one (by hand: the CLI has no remove)
    gebruikers._schrijf(pad, config)
    sessie.credentials["usernames"]["raad"]["logged_in"] = True
    _bewaar(sessie)
    beleid = _account(pad, "beleid")
    assert (beleid["rol"], beleid["gemeente"]) == ("raad", "GM0153")
    assert bcrypt.checkpw(b"beleid-nieuw", beleid["password"].encode())
    usernames = yaml.safe_load(pad.read_text())["credentials"]["usernames"]
    assert "nieuw" in usernames and "weg" not in usernames
    assert usernames["raad"]["logged_in"] is True
