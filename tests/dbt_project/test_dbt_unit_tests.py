"""The dbt unit tests (`unit_tests:` beside each indicator model): hand-built rows in, hand-worked rows out.

dbt needs the input relations to exist to learn their column types, so the project is first built empty
(`dbt build --empty`: every model with zero rows) in a scratch warehouse; then only the unit tests run.
The pipeline's own `dbt build` leaves them out (pipelines/assets/dbt.py).
"""

from __future__ import annotations

import os
import subprocess

import dagster as dg
import pytest
import yaml

from pipelines import indicatoren
from pipelines.assets.dbt import DBT_EXECUTABLE
from pipelines.assets.reference import cbs_referentie
from pipelines.config import DBT_PROJECT_DIR
from pipelines.resources import StuurwielResource


def _dbt(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            DBT_EXECUTABLE,
            *args,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            env["DBT_TARGET_PATH"],
        ],
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def dbt_env(tmp_path_factory, monkeypatch_module):
    home = tmp_path_factory.mktemp("dbt-unit")
    monkeypatch_module.setenv("STUURWIEL_HOME", str(home))
    assert dg.materialize([cbs_referentie], resources={"stuurwiel": StuurwielResource()}).success
    env = {
        **os.environ,
        "STUURWIEL_HOME": str(home),
        "DBT_TARGET_PATH": str(home / "target"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    built = _dbt(
        "build",
        "--empty",
        "--exclude-resource-type",
        "unit_test",
        "--exclude-resource-type",
        "test",
        "--exclude",
        "tag:serving",
        env=env,
    )
    assert built.returncode == 0, built.stdout[-3000:]
    return env


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_every_indicator_has_unit_tests():
    tested = set()
    for path in (DBT_PROJECT_DIR / "models").rglob("*.yml"):
        tested |= {t["model"] for t in yaml.safe_load(path.read_text(encoding="utf-8")).get("unit_tests", [])}
    missing = {d["model"] for d in indicatoren.definitions()} - tested
    assert not missing, f"indicators without a dbt unit test: {sorted(missing)}"


def test_dbt_unit_tests_pass(dbt_env):
    result = _dbt("test", "--select", "test_type:unit", env=dbt_env)
    assert result.returncode == 0, result.stdout[-6000:]
    assert "PASS=" in result.stdout
