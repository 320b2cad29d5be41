"""Serve the dashboard once per session against the fixture snapshot of tests/dashboards, with a users file
holding one account per role, and drive it in a real (Debian) Chromium through Playwright.

The server, the browser and one logged-in context per account are session-scoped: starting Streamlit and
Chromium and logging in cost seconds each, and the tests only read. Tests that need a clean browser (the
login form, logout) take the function-scoped `context`, which has no cookies.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_hulp import CHROMIUM, FIXTURE_DIR, GEBRUIKERS, PROJECT_ROOT, TIMEOUT_MS, inloggen, laad, snapshot_fixture


def _kwaliteit(serving: Path) -> None:
    """A quality snapshot beside the serving file (Datakwaliteit then has deliveries to show), built with the
    helper of tests/dashboards/test_datakwaliteit.py; its deliveries are older than the snapshot, so no page
    carries the 'tegengehouden' warning. Without that helper the page shows its empty state instead."""
    try:
        snapshot_fixture()  # puts tests/dashboards on sys.path for the helper's own imports
        module = laad("stuurwiel_test_datakwaliteit", FIXTURE_DIR / "test_datakwaliteit.py")
        module.build_kwaliteit(serving.parent, module.VOOR_PUBLICATIE)
    except Exception as fout:  # noqa: BLE001 - another engineer's helper; the suite still runs without it
        print(f"no quality snapshot for the browser tests: {fout!r}", file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit stopped with code {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit not healthy after {timeout} s:\n{log.read_text()}")


@dataclass(frozen=True)
class Server:
    url: str
    serving: Path
    users: Path
    audit: Path
    log: Path


@contextmanager
def _serveer(tmp: Path, serving: Path, users: Path) -> Iterator[Server]:
    """`streamlit run dashboards/app.py` on a free port against `serving`, with the accounts in `users` and the
    audit log under `tmp`; stopped afterwards."""
    audit = tmp / "audit" / "toegang.jsonl"
    port = _free_port()
    log = tmp / "streamlit.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboards/app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    env = {
        **os.environ,
        "STUURWIEL_SERVING": str(serving),
        "STUURWIEL_USERS": str(users),
        "STUURWIEL_AUDIT": str(audit),
    }
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for_health(url, process, log)
        yield Server(url, serving, users, audit, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app served against the fixture snapshot, with one account per role (GEBRUIKERS)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed at /usr/bin/chromium")
    from dashboards import gebruikers

    tmp = tmp_path_factory.mktemp("browser")
    serving = snapshot_fixture().build_snapshot(tmp / "serving.duckdb")
    _kwaliteit(serving)
    users = tmp / "gebruikers.yaml"
    for gebruiker, (rol, gemeente, wachtwoord) in GEBRUIKERS.items():
        gebruikers.voeg_toe(users, gebruiker, rol, gemeente, wachtwoord, naam=f"Test {gebruiker}")
    with _serveer(tmp, serving, users) as served:
        yield served


@pytest.fixture(scope="session")
def serveer():
    """serveer(tmp, serving, users): a context manager serving the app on a home of a test's own (a test that
    publishes while the browser reads must not change the snapshot the other browser tests read)."""
    return _serveer


@pytest.fixture(scope="session")
def browser(server: Server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _nieuwe_context(browser):
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True, locale="nl-NL")
    ctx.set_default_timeout(TIMEOUT_MS)
    return ctx


@pytest.fixture
def context(browser):
    """A fresh browser context (no cookies) for one test."""
    ctx = _nieuwe_context(browser)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def ingelogd(browser, server: Server):
    """ingelogd(gebruiker): a browser context in which `gebruiker` logged in once through the form (so the
    login cookie is set), shared by the tests; a new page in it should skip the login form."""
    contexts = {}

    def maak(gebruiker: str):
        if gebruiker not in contexts:
            ctx = _nieuwe_context(browser)
            page = ctx.new_page()
            inloggen(page, server.url + "/", gebruiker)
            page.close()
            contexts[gebruiker] = ctx
        return contexts[gebruiker]

    try:
        yield maak
    finally:
        for ctx in contexts.values():
            ctx.close()
