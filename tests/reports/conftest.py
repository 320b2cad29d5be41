"""Fixtures for the report tests. Append new fixtures below; keep each one small."""

import pytest

from reports.model import Rapport
from tests.reports import voorbeeld


@pytest.fixture
def voorbeeldrapport() -> Rapport:
    """A fresh copy of the hand-built example report (Losser, K3 2025): a test may change it."""
    return voorbeeld.rapport()
