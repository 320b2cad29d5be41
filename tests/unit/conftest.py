"""A generated demo region for the test modules that describe one: GEMEENTEN, SEED and SAMPLE at module level."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo import generate, write_sources
from demo.model import Region


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
