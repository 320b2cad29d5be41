"""The users file of the dashboard: create demo accounts, add a user, unlock one after failed logins.

streamlit-authenticator's format (bcrypt hashes, made here with bcrypt itself so the CLI does
not import Streamlit, under credentials.usernames, the cookie's name and secret under cookie)
plus ``rol`` and ``gemeente`` per user. Written with mode 0600 like the pseudonymisation key:
it holds the secret that signs the login cookie.
"""

from __future__ import annotations

import os
import secrets
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


def voeg_toe(pad: Path, gebruiker: str, rol: str, gemeente: str, wachtwoord: str, naam: str | None = None) -> None:
    """Add or replace one account (the password is stored only as a bcrypt hash)."""
    Rol[rol]  # refuse an unknown role early
    config = _lees(pad)
    config["credentials"]["usernames"][gebruiker.lower()] = {
        "name": naam or gebruiker,
        "password": bcrypt.hashpw(wachtwoord.encode(), bcrypt.gensalt()).decode(),
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
    config = _lees(pad)
    config["credentials"]["usernames"][gebruiker]["failed_login_attempts"] = 0
    _schrijf(pad, config)
