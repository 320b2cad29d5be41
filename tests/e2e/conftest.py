"""One small generated region, loaded once through the whole pipeline, shared by the e2e tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

import demo
from demo.model import Region
from pipelines import regio, run

GEMEENTEN = ["GM0168", "GM1774"]  # Losser and Dinkelland: small, so the run stays quick
# The region's name in the home's stuurwiel.toml, with a quote the SQL that carries it must survive.
REGIO_NAAM = "Noordoost-Twente ('t Oosten)"
SEED = 7
SAMPLE = 0.3


@dataclass
class LoadedRegion:
    region: Region
    sources: Path
    home: Path
    report: run.LoadReport
    # dim_gemeente's (gemeentecode, regio) as this load published them: later e2e loads into the home run without
    # its stuurwiel.toml (tests/conftest.py points STUURWIEL_CONFIG away) and rebuild it with another name
    regio_namen: list[tuple[str, str | None]]

    def serving(self) -> duckdb.DuckDBPyConnection:
        """The published snapshot, plus the exact long table that only the warehouse holds (for staff)."""
        return open_serving(self.home)


def open_serving(home: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(home / "data" / "serving.duckdb"), read_only=True)
    con.execute(f"attach '{home / 'data' / 'warehouse.duckdb'}' as wh (read_only)")
    con.execute("create temp view fct_indicator_values as select * from wh.serving.fct_indicator_values")
    return con


@pytest.fixture(scope="session")
def loaded_region(tmp_path_factory: pytest.TempPathFactory) -> LoadedRegion:
    home = tmp_path_factory.mktemp("stuurwiel-home")
    sources = tmp_path_factory.mktemp("bronnen")
    region = demo.generate(GEMEENTEN, seed=SEED, sample=SAMPLE)
    demo.write_sources(region, sources)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_HOME", str(home))
        mp.setenv("STUURWIEL_CONFIG", str(home / "stuurwiel.toml"))
        regio.schrijf(home / "stuurwiel.toml", GEMEENTEN, "The e2e region", REGIO_NAAM)
        report = run.load([sources])
    with open_serving(home) as con:
        regio_namen = con.execute("select gemeentecode, regio from dim_gemeente order by all").fetchall()
    return LoadedRegion(region, sources, home, report, regio_namen)
