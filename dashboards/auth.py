"""Login with streamlit-authenticator: bcrypt-hashed passwords in a users file, a signed cookie, and limits.

The users file (``STUURWIEL_USERS``, default ``.secrets/gebruikers.yaml``) is streamlit-authenticator's
own format plus two fields per user: ``rol`` and ``gemeente``. The library records failed attempts in the
same file and refuses a user after ``MAX_POGINGEN`` of them until beheer unlocks the account
(``stuurwiel gebruikers ontgrendel NAAM``). A session ends ``SESSIE_UREN`` after login, and after
``INACTIEF_MINUTEN`` without any click; the cookie that lets a reload skip the login expires with it.

Production behind a municipal identity provider: see docs/deployment.md (Streamlit's own ``st.login``).
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st
import streamlit_authenticator as stauth
import yaml
from streamlit_authenticator.utilities.helpers import Helpers

from dashboards import audit, gebruikers
from dashboards.toegang import Rol, Toegang
from pipelines.config import Settings

# streamlit-authenticator reads and writes the users file through these two; its own write truncates the file that
# other sessions are reading. Stuurwiel's keep the file whole and each session's changes its own.
Helpers.read_config_file = staticmethod(gebruikers.lees_voor_inloggen)
Helpers.update_config_file = staticmethod(gebruikers.bewaar_inloggen)

MAX_POGINGEN = 5
SESSIE_UREN = 8
INACTIEF_MINUTEN = 60
_VELDEN = {
    "Form name": "Inloggen bij Stuurwiel",
    "Username": "Gebruikersnaam",
    "Password": "Wachtwoord",
    "Login": "Inloggen",
}
_FOUTEN = {
    "Maximum number of login attempts exceeded": "Dit account is geblokkeerd na te veel mislukte pogingen. "
    "Vraag beheer om het te ontgrendelen.",
}


def gebruikers_pad() -> Path:
    return Settings.from_env().users_path


def _gebruikers(pad: Path) -> dict:
    return yaml.safe_load(pad.read_text(encoding="utf-8")) or {}


def inloggen() -> Toegang | None:
    """The logged-in user's rights, or None after drawing the login form (the page should stop)."""
    pad = gebruikers_pad()
    if not pad.exists():
        st.error(
            f"Geen gebruikersbestand gevonden ({pad.name}). Maak gebruikers aan met "
            "`stuurwiel gebruikers demo` of `stuurwiel gebruikers toevoegen`."
        )
        return None
    config = _gebruikers(pad)
    cookie = config["cookie"]
    authenticator = stauth.Authenticate(
        str(pad),
        cookie["name"],
        cookie["key"],
        cookie_expiry_days=SESSIE_UREN / 24,
        auto_hash=False,
    )
    _verloop(authenticator)
    if not st.session_state.get("authentication_status") and authenticator.cookie_controller.get_cookie():
        st.session_state["via_cookie"] = True  # kept: the run that logs the login may be a later one
    try:
        authenticator.login(location="main", fields=_VELDEN, max_login_attempts=MAX_POGINGEN, key="inloggen")
    except stauth.LoginError as fout:
        st.error(_FOUTEN.get(str(fout), "Inloggen is niet gelukt."))
        return None
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error("Gebruikersnaam of wachtwoord klopt niet.")
        return None
    if not status:
        st.caption(
            "Stuurwiel toont gevoelige gegevens over inwoners: alleen voor medewerkers en raadsleden met een account."
        )
        return None
    toegang = _toegang(st.session_state["username"], config)
    if toegang is None:
        authenticator.logout(location="unrendered")
        st.error("Dit account heeft geen geldige rol of gemeente. Vraag beheer om het te herstellen.")
        return None
    if "ingelogd_op" not in st.session_state:
        st.session_state["ingelogd_op"] = time.time()
        audit.schrijf(
            toegang.gebruiker,
            "ingelogd",
            f"{toegang.rol.name} {toegang.gemeentecode} "
            f"({'sessiecookie' if st.session_state.get('via_cookie') else 'wachtwoord'})",
        )
    st.session_state["laatst_actief"] = time.time()
    with st.sidebar:
        st.caption(
            f"Ingelogd als **{st.session_state.get('name') or toegang.gebruiker}** · "
            f"{toegang.rol.label} · {'regio' if toegang.regio_gebruiker else toegang.gemeentecode}"
        )
        authenticator.logout(
            "Uitloggen",
            location="sidebar",
            key="uitloggen",
            callback=lambda _: audit.schrijf(toegang.gebruiker, "uitgelogd", ""),
        )
    return toegang


def _verloop(authenticator: stauth.Authenticate) -> None:
    """End a session that is too old or has been idle too long; the user logs in again."""
    if not st.session_state.get("authentication_status"):
        return
    nu = time.time()
    te_oud = nu - st.session_state.get("ingelogd_op", nu) > SESSIE_UREN * 3600
    inactief = nu - st.session_state.get("laatst_actief", nu) > INACTIEF_MINUTEN * 60
    if te_oud or inactief:
        audit.schrijf(st.session_state.get("username") or "?", "sessie_verlopen", "")
        authenticator.logout(location="unrendered")
        for sleutel in ("ingelogd_op", "laatst_actief"):
            st.session_state.pop(sleutel, None)
        st.info("Uw sessie is verlopen. Log opnieuw in.")


def _toegang(gebruiker: str, config: dict) -> Toegang | None:
    """Rights from the users file: never from anything the browser sends."""
    gegevens = config.get("credentials", {}).get("usernames", {}).get(gebruiker, {})
    try:
        return Toegang(gebruiker, Rol[gegevens["rol"]], gegevens["gemeente"])
    except (KeyError, TypeError):
        return None
