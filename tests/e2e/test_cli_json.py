"""`stuurwiel load --json` as a user runs it: one JSON object on stdout, exit code by outcome."""

from __future__ import annotations

import json

import pytest

from pipelines.cli import main


def test_reloading_a_delivered_file_changes_nothing(loaded_region, capsys):
    ledger = sorted((loaded_region.sources / "grootboek").iterdir())[0]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_HOME", str(loaded_region.home))
        code = main(["load", "--json", str(ledger)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["published"] is True
    [entry] = report["files"]
    assert (entry["path"], entry["source"], entry["status"]) == (str(ledger), "grootboek", "skipped_duplicate")
    assert set(entry) >= {"path", "source", "rows_in", "rows_loaded", "rows_quarantined", "status", "errors"}
