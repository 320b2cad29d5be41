"""Usage statistics of the tools Stuurwiel starts, switched off in every process that loads its code.

Social-domain data on municipal networks: nothing about a run may leave the machine, also not when someone
starts the CLI, `dagster dev` or a test without the Makefile (which sets the same variables) or with a
DAGSTER_HOME whose dagster.yaml says nothing about telemetry. ``pipelines/__init__.py`` calls ``zet_uit``,
so the variables hold before dbt, Dagster, Great Expectations or a served dashboard starts, and child
processes (dbt, ``stuurwiel serve``) inherit them. The config files say the same for whoever runs a tool
directly: dbt_project.yml (flags), dagster.yaml (telemetry), .streamlit/config.toml (browser).
"""

from __future__ import annotations

import os

UIT = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    # Dagster's uploader only asks whether this is set; its instance setting is in dagster.yaml.
    "DAGSTER_DISABLE_TELEMETRY": "1",
    "GX_ANALYTICS_ENABLED": "False",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
}


def zet_uit() -> None:
    """Override, not default: a value the user exported earlier must not switch statistics back on."""
    os.environ.update(UIT)
