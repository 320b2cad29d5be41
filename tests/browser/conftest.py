"""Serve the dashboard on a free port against the fixture snapshot of tests/dashboard."""

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_MODULE = PROJECT_ROOT / "tests" / "dashboard" / "snapshot_fixture.py"


def _snapshot_fixture():
    spec = importlib.util.spec_from_file_location("stuurwiel_snapshot_fixture", FIXTURE_MODULE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


@pytest.fixture
def dashboard_url(tmp_path: Path) -> Iterator[str]:
    """Start `streamlit run dashboards/app.py` on a free port; stop it afterwards."""
    serving = _snapshot_fixture().build_snapshot(tmp_path / "serving.duckdb")
    port = _free_port()
    log = tmp_path / "streamlit.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboards/app.py",
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
    ]
    env = {**os.environ, "STUURWIEL_SERVING": str(serving)}
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for_health(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
