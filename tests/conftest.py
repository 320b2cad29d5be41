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


# The longest groups first, so neither core is left with one of them at the end (seconds of CPU, `make test`
# --durations): the loaded region shared by tests/e2e, the crash chains, the land sample, the personal-data scan.
ZWAAR = (
    "e2e",
    "tests/reliability/test_crash.py",
    "tests/demo/test_land.py",
    "tests/security/test_persoonsgegevens_scan.py",
)


def groep(nodeid: str) -> str:
    """The group a test runs in on one worker: its module, so a module's fixtures are built once, and one group
    for all of tests/e2e, whose modules share the loaded region (a session fixture built once per worker). The crash
    test's two chains are a group each: `make crash` runs them on both cores."""
    module = _module(nodeid)
    return nodeid if module == "tests/reliability/test_crash.py" else module


def _module(nodeid: str) -> str:
    return "e2e" if nodeid.startswith("tests/e2e/") else nodeid.split("::", 1)[0]


def _zwaarte(item: pytest.Item) -> int:
    module = _module(item.nodeid)
    return ZWAAR.index(module) if module in ZWAAR else len(ZWAAR)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=_zwaarte)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`make test` runs on both cores (pytest-xdist), a group at a time per worker (`groep`). xdist's own
    --dist loadgroup cannot do this with pytest 9: the group suffix it writes into item._nodeid is no longer
    read (pytest keeps the id in item._id), so every test was scheduled on its own and module fixtures were built
    on both workers."""
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False  # by default it queues groups by their number of tests, not by ZWAAR

    class PerGroep(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return groep(nodeid)

    return PerGroep(config, log)
