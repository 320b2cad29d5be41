"""Moved to pipelines.gate; this alias remains until tests/unit/test_zaaksysteem.py,
tests/dashboard/test_datakwaliteit.py and benchmarks/gate.py import pipelines.gate."""

from pipelines.gate import kwaliteit, poort, regels, suites  # noqa: F401
