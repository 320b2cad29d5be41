"""Login through the real form: wrong passwords, the lock after too many, roles from the users file,
expiry of a session, and the audit log of what a user opened."""

import time
from pathlib import Path

import yaml
from streamlit.testing.v1 import AppTest

from dashboards import audit, auth, gebruikers
from dashboards.toegang import REGIO, Rol, Toegang

# Not `from conftest import APP`: with several test folders on sys.path, "conftest" may be another folder's.
APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"


def _inloggen(at, gebruiker: str, wachtwoord: str):
    at.text_input[0].input(gebruiker)
    at.text_input[1].input(wachtwoord)
    return at.button[0].click().run()


def test_without_login_only_the_form_is_shown(serving, users_file):

    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Gebruikersnaam", "Wachtwoord"]
    assert not at.metric and not at.dataframe


def test_wrong_password_then_the_right_one(serving, users_file):

    at = AppTest.from_file(APP, default_timeout=30).run()
    _inloggen(at, "raad", "fout-wachtwoord")
    assert [e.value for e in at.error] == ["Gebruikersnaam of wachtwoord klopt niet."]
    assert not at.metric
    _inloggen(at, "raad", "raad-test")
    assert not at.exception and not at.error
    assert at.metric, "logged in, the overview shows its tiles"
    assert any("Ingelogd als" in c.value and "Raad" in c.value for c in at.sidebar.caption)


def test_an_account_locks_after_too_many_failed_attempts(serving, users_file):

    at = AppTest.from_file(APP, default_timeout=30).run()
    for _ in range(auth.MAX_POGINGEN):
        _inloggen(at, "beleid", "geraden")
    _inloggen(at, "beleid", "beleid-test")  # the right password no longer helps
    assert "geblokkeerd" in at.error[0].value
    assert not at.metric
    gebruikers.ontgrendel(users_file, "beleid")
    _inloggen(at, "beleid", "beleid-test")
    assert at.metric


def test_role_and_gemeente_come_from_the_users_file_not_the_session(app_als, users_file):
    config = yaml.safe_load(users_file.read_text())
    assert config["credentials"]["usernames"]["enschede"]["password"].startswith("$2b$")  # bcrypt, not plain
    at = app_als("enschede")
    at.session_state["roles"] = ["beheer"]  # what a session claims does not count
    at.run()
    assert at.selectbox(key="gemeente").options == ["Enschede"]  # not Hengelo; the region of two is hidden too


def test_a_session_expires_after_inactivity(app_als):
    at = app_als("raad").run()
    assert at.metric
    at.session_state["laatst_actief"] = time.time() - 60 * (auth.INACTIEF_MINUTEN + 1)
    at.run()
    assert not at.metric
    assert at.info[0].value == "Uw sessie is verlopen. Log opnieuw in."


def test_page_views_and_downloads_are_in_the_audit_log(app_als):
    at = app_als("beheer").run()
    at.switch_page("views/definities.py").run()
    regels = audit.lees(Toegang("beheer", Rol.beheer, REGIO))
    assert {"ingelogd", "pagina"} <= set(regels["actie"])
    assert {"stuurwiel", "definities"} <= set(regels.loc[regels["actie"] == "pagina", "onderwerp"])
    assert set(regels["gebruiker"]) == {"beheer"}
    audit.schrijf("beheer", "download", "indicatoren.csv")
    nieuwste = audit.lees(Toegang("beheer", Rol.beheer, REGIO)).iloc[0]
    assert nieuwste.tolist()[1:] == ["beheer", "download", "indicatoren.csv"]


def test_the_audit_log_is_only_ever_appended(tmp_path, monkeypatch):
    pad = tmp_path / "toegang.jsonl"
    monkeypatch.setenv("STUURWIEL_AUDIT", str(pad))
    audit.schrijf("a", "pagina", "stuurwiel")
    eerste = pad.read_bytes()
    audit.schrijf("b", "download", "x.csv")
    assert pad.read_bytes().startswith(eerste)
    assert oct(pad.stat().st_mode & 0o777) == "0o640"
