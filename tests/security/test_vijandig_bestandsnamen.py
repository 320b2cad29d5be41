"""A sender chooses the names of its files and of the entries in its zips: a name that breaks the line and forges a
log line ("Gepubliceerd ..."), carries an ANSI escape a terminal would obey, or holds a BSN. Through a real
`stuurwiel load`, such names reach the load's output and Dagster's event log escaped, the BSN masked."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import dagster as dg
import pytest

from pipelines import cli, laadplan
from tests.pipelines.sources.berichten_files import example

BSN = "123456782"  # passes the elfproef
VALS = f"\nGepubliceerd: snapshot vals\x1b[31m {BSN}"  # a line break, a forged line, a colour, a BSN
# What a terminal or log viewer would obey, or read as the start of a new line.
_GEHOORZAAMD = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _delivery(folder: Path) -> dict[str, Path]:
    """A message loaded, a zip refused whole for a broken entry, and a file no source knows; every name hostile."""
    folder.mkdir()
    goed = folder / f"bericht{VALS}.xml"
    goed.write_bytes(example("JW301"))
    zip_pad = folder / f"levering{VALS}.zip"
    with zipfile.ZipFile(zip_pad, "w") as archive:
        archive.writestr("301.xml", example("JW301"))
        archive.writestr(f"a{VALS}.xml", b"<geen xml")
    onbekend = folder / f"notitie{VALS}.txt"
    onbekend.write_text("geen levering", encoding="utf-8")
    return {"goed": goed, "zip": zip_pad, "onbekend": onbekend}


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STUURWIEL_REGIO", raising=False)
    return tmp_path / "home"


def _alleen_bronnen(monkeypatch) -> None:
    """The load's own steps for these files (read, gate, unknown files), not the dbt build and publish: the names
    are shown by those steps, and a build of every model would only cost minutes."""

    def selectie(plan, alle, settings=None):
        tabellen = {t for name in plan.geleverd for t in laadplan.ingest.SOURCE_TABLES[name]}
        return [k for k in alle if (k.path[0] == "raw" and k.path[-1] in tabellen) or k == laadplan.ALTIJD[0]]

    monkeypatch.setattr(laadplan.LoadPlan, "selectie", selectie)


def _gelogd(instance: dg.DagsterInstance) -> list[str]:
    """Every message of the load's run in Dagster's event log, and the metadata of its events."""
    [run] = instance.get_runs(limit=1)
    teksten = []
    for entry in instance.all_logs(run.run_id):
        teksten.append(entry.user_message)
        if entry.dagster_event is not None:
            teksten.append(repr(entry.dagster_event.event_specific_data))
    return teksten


def test_hostile_file_and_entry_names_are_shown_escaped_in_the_output_and_the_event_log(
    home, tmp_path, monkeypatch, capsys
):
    files = _delivery(tmp_path / "levering")
    _alleen_bronnen(monkeypatch)
    assert cli.main(["load", str(files["goed"].parent)]) == 1  # a refused file: exit code 1
    uitvoer = capsys.readouterr().err
    gelogd = _gelogd(dg.DagsterInstance.get())

    for plaats, teksten in (("de uitvoer van de load", uitvoer.splitlines()), ("het Dagster-logboek", gelogd)):
        assert not [t for t in teksten if _GEHOORZAAMD.search(t)], f"{plaats}: a control character obeyed"
        assert not [t for t in teksten if t.lstrip().startswith("Gepubliceerd: snapshot vals")], plaats
        assert not [t for t in teksten if BSN in t], f"{plaats}: the BSN in a file name is shown"
    getoond = "\\nGepubliceerd: snapshot vals\\x1b[31m *********"
    # Both name the refused zip with its entry and the unknown file; the event log also every file read.
    for naam in (f"levering{getoond}.zip!a{getoond}.xml", f"notitie{getoond}.txt"):
        assert naam in uitvoer, naam
        assert any(naam in t for t in gelogd), naam
    for naam in (f"bericht{getoond}.xml: loaded", f"levering{getoond}.zip: rejected"):
        assert any(naam in t for t in gelogd), naam
