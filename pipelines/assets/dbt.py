"""The dbt project as Dagster assets: staging -> intermediate -> marts by layer -> serving."""

import fcntl
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any
from unittest import mock

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from packaging import version

from pipelines import bouwstand, regio
from pipelines.config import DBT_PROJECT_DIR, Settings
from pipelines.resources import POOL, StuurwielResource

progress = logging.getLogger("stuurwiel")
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")
# Unit tests check model logic on hand-built rows, not a delivery: they run in the test suite
# (tests/dbt_project/test_dbt_unit_tests.py), not on every load.
NO_UNIT_TESTS = ("--exclude-resource-type", "unit_test")
# The build a load runs. Its file log only at warnings: at debug level dbt formats and writes every statement of
# every node to data/dbt/dbt.log, about 15 % of its CPU; node results and errors are in laatste-load.log anyway.
BUILD = ("build", *NO_UNIT_TESTS, "--log-level-file", "warn")
# The indicator models whose rows the per-indicator serving models replace (macros/indicatoren/per_indicator.sql);
# a build without it, which is not incremental, runs with --full-refresh.
PER_INDICATOR = "STUURWIEL_INDICATOREN"


def ensure_manifest(project: DbtProject = dbt_project) -> None:
    """`dbt parse` when the manifest is missing or older than any dbt source file.

    dagster-dbt only prepares the manifest under `dagster dev`; the CLI, the tests and CI import the
    definitions directly, so they need it too. Several processes may import at once (two test workers on a
    clean clone): a file lock lets one parse while the others wait, and the manifest appears by an atomic
    rename, so nobody reads a half-written one.
    """
    manifest = project.manifest_path
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest.parent / ".manifest.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _manifest_stale(project):
            return
        with tempfile.TemporaryDirectory(dir=manifest.parent, prefix=".parse-") as scratch:
            subprocess.run(
                [
                    DBT_EXECUTABLE,
                    "parse",
                    "--quiet",
                    "--project-dir",
                    str(project.project_dir),
                    "--profiles-dir",
                    str(project.project_dir),
                    "--target-path",
                    scratch,
                ],
                check=True,
            )
            os.replace(Path(scratch) / "manifest.json", manifest)


def _manifest_stale(project: DbtProject) -> bool:
    manifest = project.manifest_path
    sources = [p for d in ("models", "macros", "seeds") for p in (project.project_dir / d).rglob("*") if p.is_file()]
    sources.append(project.project_dir / "dbt_project.yml")
    return not manifest.exists() or manifest.stat().st_mtime < max(p.stat().st_mtime for p in sources)


class StuurwielTranslator(DagsterDbtTranslator):
    """Maps each dbt source table to the asset that loads it (raw/<table>)."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["sources"].get(unique_id) or manifest["nodes"].get(unique_id, {})
        if node.get("resource_type") == "source":
            return spec.replace_attributes(key=dg.AssetKey(["raw", node.get("identifier") or node["name"]]))
        return spec


ensure_manifest()


TRANSLATOR = StuurwielTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


# One asset definition: the serving models ref() every indicator model
# (dbt_project/macros/indicatoren/indicator_modellen.sql), so dbt orders the whole graph itself.
@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=TRANSLATOR, pool=POOL)
def dbt_modellen(context: dg.AssetExecutionContext, dbt: DbtCliResource, stuurwiel: StuurwielResource):
    """The models this run selected (all, or those downstream of the load's deliveries: pipelines/laadplan.py);
    dagster-dbt turns the selection into dbt's --select."""
    deel = len(context.selected_asset_keys) < len(dbt_modellen.keys)
    progress.info(
        "  dbt build: "
        + (f"{len(context.selected_asset_keys)} modellen na de geleverde bronnen" if deel else "alle modellen")
        + " (met dbt-tests) ..."
    )
    settings = stuurwiel.settings
    gekozen = {key.path[-1] for key in context.selected_asset_keys}
    dekt = _dekt(settings, gekozen) if deel else True
    if not dekt:
        context.log.warning(
            "Deze selectie bouwt niet alles wat sinds de vorige build veranderde; de volgende load bouwt dat alsnog."
        )
    indicatoren = bouwstand.per_indicator(gekozen) if deel else None
    args = list(BUILD) if indicatoren else [*BUILD, "--full-refresh"]
    # dagster-dbt hands dbt a copy of os.environ as it starts it; empty means every indicator. The region's name
    # (stuurwiel.toml) goes the same way to dim_gemeente, as the build reads no configuration file itself.
    omgeving = {PER_INDICATOR: ",".join(indicatoren or ()), regio.ENV_NAAM: regio.naam(settings) or ""}
    with mock.patch.dict(os.environ, omgeving):
        invocation = dbt.cli(args, context=context, target_path=bouwstand.target_dir(settings))
    yield from invocation.stream()
    if dekt:  # reached only when the build succeeded (stream() raises otherwise)
        bouwstand.vastleggen(settings)


def _dekt(settings: Settings, gekozen: set[str]) -> bool:
    """Whether building these models leaves the warehouse as a full build would: they include every model
    downstream of what changed since the last recorded build. Asked before the build, which changes the file."""
    verouderd = bouwstand.verouderd(settings)
    return verouderd is not None and bouwstand.stroomafwaarts(verouderd) <= gekozen


class StuurwielDbt(DbtCliResource):
    """dagster-dbt's resource without two things it does in this process before each dbt command, about 5 s a
    load on 2 cores (15 s when busy), that this project does not need:

    - a dbt adapter, which serves only column metadata and row counts, which these assets never fetch (without
      it dagster-dbt takes the path it takes when the adapter cannot be made);
    - `dbt --version` in a subprocess to learn the dbt version: the installed dbt-core's is the one it runs.
    """

    def _initialize_dbt_core_adapter(self, args):  # dagster-dbt 0.29's hooks, see DbtCliResource.cli
        return None

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))


dbt_resource = StuurwielDbt(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)
