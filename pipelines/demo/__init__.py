"""Deterministic synthetic region for demos and tests: ``generate`` builds the
truth, ``write_sources`` writes it as the files a gemeente would deliver.
Every assumption and its source: docs/demo-assumptions.md."""

from pipelines.demo.frame import SCALES
from pipelines.demo.generate import generate
from pipelines.demo.model import Region
from pipelines.demo.writers import write_sources

__all__ = ["SCALES", "Region", "generate", "write_sources"]
