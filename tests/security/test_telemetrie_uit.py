"""Usage statistics of dbt, Dagster, Streamlit and Great Expectations are off, also without the Makefile.

Each test asks the tool's own settings resolution (dbt's Flags, Dagster's instance, Streamlit's config)
what it would do, and first shows that the same probe does report "on" where our settings are absent, so a
probe that cannot see telemetry cannot pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest
import yaml

from pipelines import cli, run
from pipelines.telemetrie import UIT

ROOT = Path(__file__).resolve().parents[2]

_DBT_VLAG = """
import sys
from dbt.cli.flags import Flags
from dbt.cli.main import cli

args = ["parse", "--project-dir", sys.argv[1], "--profiles-dir", sys.argv[1]]
ctx = cli.make_context("dbt", list(args), resilient_parsing=True)
sub = cli.get_command(ctx, "parse").make_context("parse", args[1:], parent=ctx)
print(Flags(sub).SEND_ANONYMOUS_USAGE_STATS)
"""

_STREAMLIT_VLAG = """
import sys
from streamlit import config
from streamlit.web import bootstrap, cli

ctx = cli.main_run.make_context("run", sys.argv[1:])
bootstrap.load_config_options({k: v for k, v in ctx.params.items() if k not in ("target", "args")})
print(config.get_option("browser.gatherUsageStats"))
"""


def _zonder_onze_variabelen() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in UIT}


def _python(code: str, *args: str, cwd: Path, env: dict[str, str]) -> str:
    uit = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert uit.returncode == 0, uit.stderr
    return uit.stdout.strip().splitlines()[-1]


def test_importing_stuurwiel_switches_every_tool_off_even_when_the_user_switched_it_on():
    aan = {**_zonder_onze_variabelen(), "DBT_SEND_ANONYMOUS_USAGE_STATS": "True", "GX_ANALYTICS_ENABLED": "True"}
    code = f"import os, json, pipelines.config; print(json.dumps({{k: os.environ.get(k) for k in {list(UIT)!r}}}))"
    assert yaml.safe_load(_python(code, cwd=ROOT, env=aan)) == UIT


def test_dbt_sends_nothing(tmp_path):
    zonder = _zonder_onze_variabelen()
    # the probe sees "on": a project without our flag and no variable
    (tmp_path / "dbt_project.yml").write_text("name: x\nversion: '1'\nprofile: x\n")
    assert _python(_DBT_VLAG, str(tmp_path), cwd=tmp_path, env=zonder) == "True"
    # the project's own flag, for whoever runs dbt by hand
    project = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text())
    assert project["flags"]["send_anonymous_usage_stats"] is False
    assert _python(_DBT_VLAG, str(ROOT / "dbt_project"), cwd=tmp_path, env=zonder) == "False"
    # dbt lets the variable beat the project: a user's DBT_SEND_ANONYMOUS_USAGE_STATS=True is overridden
    # by Stuurwiel's code before dbt starts (the dbt step inherits this process's environment)
    aan = {**zonder, "DBT_SEND_ANONYMOUS_USAGE_STATS": "True"}
    assert _python(_DBT_VLAG, str(ROOT / "dbt_project"), cwd=tmp_path, env=aan) == "True"
    assert _python("import pipelines\n" + _DBT_VLAG, str(ROOT / "dbt_project"), cwd=tmp_path, env=aan) == "False"


def test_dagster_sends_nothing_from_a_home_the_code_creates(tmp_path, monkeypatch):
    from dagster._core.telemetry_upload import is_running_in_test

    # the probe sees "on": an instance whose dagster.yaml says nothing about telemetry
    leeg = tmp_path / "leeg"
    leeg.mkdir()
    (leeg / "dagster.yaml").write_text("{}\n")
    oud = dg.DagsterInstance.from_config(str(leeg))
    try:
        assert oud.telemetry_enabled
    finally:
        oud.dispose()
    assert yaml.safe_load((ROOT / "dagster.yaml").read_text())["telemetry"]["enabled"] is False
    nieuw = tmp_path / "nieuw" / "dagster_home"
    monkeypatch.setenv("DAGSTER_HOME", str(nieuw))
    instance = run.instance_for_load()
    try:
        assert (nieuw / "dagster.yaml").exists() and not instance.telemetry_enabled
    finally:
        instance.dispose()
    # and the uploader stays silent for any instance, also one with an old dagster.yaml
    assert is_running_in_test()


def _serve_opdracht(monkeypatch) -> list[str]:
    gestart = []
    monkeypatch.setattr(cli.subprocess, "call", lambda opdracht, **kw: gestart.append(opdracht) or 0)
    cli.main(["serve", "--port", "8599"])
    (opdracht,) = gestart
    return opdracht[opdracht.index("run") + 1 :]


def test_streamlit_sends_nothing_also_outside_the_project_folder(tmp_path, monkeypatch):
    zonder = _zonder_onze_variabelen()
    app = str(ROOT / "dashboards" / "app.py")
    # the probe sees "on": Streamlit's default, started where no .streamlit/config.toml is
    assert _python(_STREAMLIT_VLAG, app, cwd=tmp_path, env=zonder) == "True"
    assert _python(_STREAMLIT_VLAG, app, cwd=ROOT, env=zonder) == "False"  # .streamlit/config.toml
    assert _python(_STREAMLIT_VLAG, *_serve_opdracht(monkeypatch), cwd=tmp_path, env=zonder) == "False"
    aan = {**zonder, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "true"}
    assert _python(_STREAMLIT_VLAG, *_serve_opdracht(monkeypatch), cwd=tmp_path, env=aan) == "False"


def test_great_expectations_sends_nothing():
    assert os.environ["GX_ANALYTICS_ENABLED"] == "False"  # GX 1.x's switch, honoured by every context
    # GX 1.24 ships no analytics client any more; should an upgrade bring one back, look again
    for client in ("posthog", "segment", "analytics"):
        with pytest.raises(ImportError):
            __import__(client)
