"""Fixtures for the whole suite: every test run gets its own Dagster instance (loads never land in the developer's
data/dagster_home) and its own keys, and a generated demo region for the test modules that describe one (GEMEENTEN,
SEED and SAMPLE at module level)."""

import os
import shutil
from pathlib import Path

import pytest

from demo import generate, write_sources
from demo.model import Region
from pipelines.cli import sleutels_maken
from pipelines.config import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    vorige = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    yield home
    if vorige is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = vorige


@pytest.fixture(scope="session", autouse=True)
def sleutels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pseudonym key and the archive key of every test home, made once as `stuurwiel sleutel maak` makes
    them: a load never makes a key, so a home without one would fail. A test that wants another key (or
    none) points STUURWIEL_KEY_FILE or STUURWIEL_ARCHIVE_KEY_FILE elsewhere."""
    folder = tmp_path_factory.mktemp("secrets")
    paths = {"STUURWIEL_KEY_FILE": folder / "pseudonym.key", "STUURWIEL_ARCHIVE_KEY_FILE": folder / "archief.key"}
    with pytest.MonkeyPatch.context() as mp:
        for name, path in paths.items():
            mp.setenv(name, str(path))
        sleutels_maken(Settings.from_env())
        yield paths


@pytest.fixture(scope="session", autouse=True)
def geen_regio(tmp_path_factory: pytest.TempPathFactory):
    """No region unless a test sets one: not the developer's STUURWIEL_REGIO, nor the stuurwiel.toml that
    `make demo` writes into the project root (pipelines/regio.py), which would quarantine other tests' gemeenten."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_CONFIG", str(tmp_path_factory.mktemp("config") / "stuurwiel.toml"))
        mp.delenv("STUURWIEL_REGIO", raising=False)
        yield


@pytest.fixture(scope="module")
def region(request: pytest.FixtureRequest) -> Region:
    module = request.module
    return generate(module.GEMEENTEN, module.SEED, sample=module.SAMPLE)


@pytest.fixture(scope="module")
def out(region: Region, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The region's source files, as `stuurwiel generate` writes them."""
    path = tmp_path_factory.mktemp("demo")
    write_sources(region, path)
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`make test` runs on both cores (pytest-xdist, --dist loadgroup): one group per test module, so a
    module's fixtures are built once, and one group for all of tests/e2e, whose modules share the loaded
    region (a session fixture that would otherwise be built on both workers)."""
    for item in items:
        deel = item.path.relative_to(PROJECT_ROOT).parts
        groep = "e2e" if deel[:2] == ("tests", "e2e") else "/".join(deel)
        item.add_marker(pytest.mark.xdist_group(groep))
