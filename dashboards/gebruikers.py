"""The users file of the dashboard: create demo accounts, add a user, unlock one after failed logins.

streamlit-authenticator's format (bcrypt hashes, made here with bcrypt itself so the CLI does
not import Streamlit, under credentials.usernames, the cookie's name and secret under cookie)
plus ``rol`` and ``gemeente`` per user. Written with mode 0600 like the pseudonymisation key:
it holds the secret that signs the login cookie. Every change of the file, by the CLI or by the running app
(``lees_voor_inloggen``, ``bewaar_inloggen``), reads and writes it under one lock and swaps it in whole.
"""

from __future__ import annotations

import copy
import fcntl
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import bcrypt
import yaml

from dashboards.toegang import REGIO, Rol

# rol, gebruiker, wachtwoord, gemeente: the README lists these; demo only, never for real data.
DEMO_GEBRUIKERS = [
    ("raad", "raad", "raad-demo", REGIO),
    ("beleid", "beleid", "beleid-demo", REGIO),
    ("controller", "controller", "controller-demo", REGIO),
    ("beheer", "beheer", "beheer-demo", REGIO),
    ("beleid", "enschede", "enschede-demo", "GM0153"),
]


def _leeg() -> dict:
    return {
        "credentials": {"usernames": {}},
        "cookie": {"name": "stuurwiel_sessie", "key": secrets.token_hex(32), "expiry_days": 1 / 3},
    }


def _lees(pad: Path) -> dict:
    return yaml.safe_load(pad.read_text(encoding="utf-8")) if pad.exists() else _leeg()


def _schrijf(pad: Path, config: dict) -> None:
    pad.parent.mkdir(parents=True, exist_ok=True)
    tmp = pad.with_name(pad.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as uit:
        yaml.safe_dump(config, uit, allow_unicode=True, sort_keys=True)
    os.replace(tmp, pad)


@contextmanager
def _slot(pad: Path) -> Iterator[None]:
    """The users file's lock (a file beside it), held while one writer reads, changes and writes the file, so no
    writer undoes another's change."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(pad.with_name(pad.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def voeg_toe(pad: Path, gebruiker: str, rol: str, gemeente: str, wachtwoord: str, naam: str | None = None) -> None:
    """Add or replace one account (the password is stored only as a bcrypt hash)."""
    Rol[rol]  # refuse an unknown role early
    wachtwoord_hash = bcrypt.hashpw(wachtwoord.encode(), bcrypt.gensalt()).decode()
    with _slot(pad):
        config = _lees(pad)
        config["credentials"]["usernames"][gebruiker.lower()] = {
            "name": naam or gebruiker,
            "password": wachtwoord_hash,
            "rol": rol,
            "gemeente": gemeente,
            "roles": [rol],
            "failed_login_attempts": 0,
            "logged_in": False,
        }
        _schrijf(pad, config)


def maak_demo(pad: Path) -> list[tuple[str, str, str, str]]:
    """The demo accounts of DEMO_GEBRUIKERS; returns them for printing."""
    for rol, gebruiker, wachtwoord, gemeente in DEMO_GEBRUIKERS:
        voeg_toe(
            pad,
            gebruiker,
            rol,
            gemeente,
            wachtwoord,
            naam=f"Demo {rol}" if gemeente == REGIO else f"Demo {rol} {gebruiker.capitalize()}",
        )
    return DEMO_GEBRUIKERS


def ontgrendel(pad: Path, gebruiker: str) -> None:
    """Reset the failed-login counter of an account that was locked."""
    with _slot(pad):
        config = _lees(pad)
        config["credentials"]["usernames"][gebruiker]["failed_login_attempts"] = 0
        _schrijf(pad, config)


# --- streamlit-authenticator's reads and writes (dashboards/auth.py installs these in its Helpers) ---------------

# Per account, all the running app may change: the CLI alone sets passwords, roles and gemeenten.
_INLOGSTAND = ("failed_login_attempts", "logged_in")


class _Gelezen(dict):
    """The credentials as streamlit-authenticator read them, with a copy of how they were (`bij_lezen`)."""

    bij_lezen: dict | None = None


def lees_voor_inloggen(path: str) -> dict:
    """The users file for streamlit-authenticator (its Helpers.read_config_file): the credentials remember how
    they were read, so `bewaar_inloggen` writes back only what this login run changed."""
    config = _lees(Path(path))
    credentials = _Gelezen(config["credentials"])
    credentials.bij_lezen = copy.deepcopy(config["credentials"])
    config["credentials"] = credentials
    return config


def bewaar_inloggen(path: str, key: str, items: dict) -> None:
    """streamlit-authenticator's write of the users file (its Helpers.update_config_file).

    The library's own write truncates the file and rewrites it from the copy its session read at the start of the
    run: a session reading meanwhile found an empty file (an exception on the login page, seen with two browsers
    during publishes), concurrent sessions undid each other's failed-login counts, and an account `stuurwiel
    gebruikers` changed meanwhile was written back as it was. Here, under the file's lock, only what this run
    changed in an account's login state goes into the file as it is now (failed attempts as the number added), and
    the file is swapped in whole.
    """
    if key != "credentials":
        raise ValueError(f"streamlit-authenticator wrote {key!r}; the users file takes only login state from it")
    bij_lezen = (getattr(items, "bij_lezen", None) or {}).get("usernames", {})
    pad = Path(path)
    with _slot(pad):
        config = _lees(pad)
        accounts = config["credentials"]["usernames"]
        for gebruiker, velden in items["usernames"].items():
            if gebruiker in accounts:  # an account removed meanwhile stays removed
                _werk_bij(accounts[gebruiker], velden, bij_lezen.get(gebruiker))
        _schrijf(pad, config)
    if isinstance(items, _Gelezen):
        items.bij_lezen = copy.deepcopy(dict(items))  # a second write in the same run carries only what follows


def _werk_bij(account: dict, velden: dict, voor: dict | None) -> None:
    """Carry one account's login state from the run (`velden`, read as `voor`) into the file's `account`."""
    for veld in _INLOGSTAND:
        if veld not in velden or (voor is not None and voor.get(veld) == velden[veld]):
            continue  # unchanged by this run: another session's value stands
        eerder = (voor or {}).get(veld) or 0
        if veld == "failed_login_attempts" and voor is not None and velden[veld] > eerder:
            account[veld] = (account.get(veld) or 0) + velden[veld] - eerder
        else:
            account[veld] = velden[veld]
