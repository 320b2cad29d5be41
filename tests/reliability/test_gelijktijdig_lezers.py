"""Many readers of the snapshot during several publishes: no reader errors, and no reader ever sees two versions in
what it reads together.

A publisher process rewrites a small warehouse and publishes it again and again with `warehouse.publish`, each time
with every row of every table marked with the publish's number. Reader threads and reader processes meanwhile read a
"page" the way the dashboard does (dashboards/data.py: `current_snapshot`, then several `lees` calls with that key,
each in its own short-lived read-only connection). Within a page every value must come from one publish, and the
version the page shows must be that publish's. A page whose reads straddle a publish may be refused with
`SnapshotVervangen` and read again (the app redraws the page); any other error, or a mix, fails the test.

STUURWIEL_LEZERS_PUBLICATIES sets the number of publishes (default 8 for `make test`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from pipelines import warehouse
from pipelines.warehouse import Warehouse

PUBLICATIES = int(os.environ.get("STUURWIEL_LEZERS_PUBLICATIES", "8"))
DRADEN = 3
PROCESSEN = 2
RIJEN = 50_000  # enough that a copy takes a while, so publishes and reads overlap
PROJECT_ROOT = Path(__file__).resolve().parents[2]

_PUBLICEER = """
import sys, time
from pathlib import Path
import duckdb
from pipelines import warehouse
wh, serving, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
for i in range(1, n + 1):
    with duckdb.connect(str(wh)) as con:
        for tabel in ("dim_gemeente", "dim_indicator", "fct_indicator_publicatie"):
            con.execute(f"update serving.{tabel} set publicatie = {i}")
    warehouse.publish(wh, serving, f"v{i}")
    time.sleep(0.5)
"""


def _warehouse(path: Path) -> Path:
    Warehouse(path).ensure_schema()
    with duckdb.connect(str(path)) as con:
        con.execute("create schema serving")
        con.execute(
            "create table serving.dim_gemeente as select * from (values ('GM0153', 'Enschede', 'Twente', 0), "
            "('GM0164', 'Hengelo', 'Twente', 0), ('REGIO', 'Twente', 'Twente', 0)) t(gemeentecode, gemeentenaam, "
            "regio, publicatie)"
        )
        con.execute("create table serving.dim_indicator as select 'wachttijd' as indicator_id, 0 as publicatie")
        con.execute(
            "create table serving.fct_indicator_publicatie as select 'wachttijd' as indicator_id, "
            f"case when range % 2 = 0 then 'GM0153' else 'GM0164' end as gemeentecode, null::varchar as wijkcode, "
            f"'totaal' as dimensie, range::double as waarde, 0 as publicatie from range({RIJEN})"
        )
    return path


@dataclass
class Uitkomst:
    paginas: int = 0
    herlezen: int = 0  # pages refused by SnapshotVervangen and read again
    versies: list[str] = field(default_factory=list)
    mengsels: list[str] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)


def _pagina(data, toegang) -> tuple[str, set[int], int]:
    """What one page reads together: the version it shows and the publish numbers of every value it shows."""
    snapshot = data.current_snapshot()
    versie = str(data.snapshot_info(toegang, snapshot)["versie"])
    gemeente = data.lees(toegang, snapshot, "select min(publicatie) as a, max(publicatie) as b from gemeente")
    publicatie = data.lees(
        toegang, snapshot, "select min(publicatie) as a, max(publicatie) as b, count(*) as n from publicatie"
    )
    indicator = data.lees(toegang, snapshot, "select min(publicatie) as a, max(publicatie) as b from indicator")
    nummers = {int(df[k].iloc[0]) for df in (gemeente, publicatie, indicator) for k in ("a", "b")}
    return versie, nummers, int(publicatie["n"].iloc[0])


def lees_tot(klaar: Path, serving: Path, gereed: Path) -> Uitkomst:
    """Read pages until the publisher is done, touching `gereed` after the first; also a reader process's body."""
    os.environ["STUURWIEL_SERVING"] = str(serving)
    from dashboards import data
    from dashboards.toegang import Rol, Toegang

    toegang = Toegang("lezer", Rol.beheer, "REGIO")
    uit = Uitkomst()
    while not klaar.exists():
        try:
            versie, nummers, rijen = _pagina(data, toegang)
        except data.SnapshotVervangen:
            uit.herlezen += 1
            continue
        except Exception as exc:  # noqa: BLE001 - every other error is a finding, collected for the assertion
            uit.fouten.append(repr(exc))
            continue
        uit.paginas += 1
        gereed.touch()
        if versie not in uit.versies:
            uit.versies.append(versie)
        if len(nummers) != 1 or versie != f"v{nummers.pop()}" or rijen != RIJEN:
            uit.mengsels.append(f"versie {versie}, publicaties {sorted(nummers)}, {rijen} rijen")
    return uit


_LEZER = """
import importlib.util, json, sys
from dataclasses import asdict
from pathlib import Path
spec = importlib.util.spec_from_file_location("lezers", sys.argv[1])
module = sys.modules["lezers"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(json.dumps(asdict(module.lees_tot(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])))))
"""


def _wacht_tot_gereed(folder: Path, aantal: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while len(list(folder.glob("gereed_*"))) < aantal:
        assert time.monotonic() < deadline, "the readers did not start reading"
        time.sleep(0.1)


def test_readers_during_publishes_never_error_and_never_see_two_versions_at_once(tmp_path, monkeypatch):
    wh = _warehouse(tmp_path / "data" / "warehouse.duckdb")
    serving = tmp_path / "publicatie" / "serving.duckdb"
    warehouse.publish(wh, serving, "v0")
    klaar = tmp_path / "klaar"
    monkeypatch.setenv("STUURWIEL_SERVING", str(serving))
    processen = [
        subprocess.Popen(
            [sys.executable, "-c", _LEZER, __file__, str(klaar), str(serving), str(tmp_path / f"gereed_p{n}")],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSEN)
    ]
    uitkomsten: list[Uitkomst] = []
    draden = [
        threading.Thread(target=lambda n=n: uitkomsten.append(lees_tot(klaar, serving, tmp_path / f"gereed_t{n}")))
        for n in range(DRADEN)
    ]
    for draad in draden:
        draad.start()
    try:
        _wacht_tot_gereed(tmp_path, DRADEN + PROCESSEN)  # every reader is reading before the first publish
        publicist = subprocess.run(
            [sys.executable, "-c", _PUBLICEER, str(wh), str(serving), str(PUBLICATIES)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        klaar.touch()
        for draad in draden:
            draad.join(timeout=120)
        uitvoer = [p.communicate(timeout=120) for p in processen]
    assert publicist.returncode == 0, publicist.stderr
    for proces, (stdout, stderr) in zip(processen, uitvoer, strict=True):
        assert proces.returncode == 0, stderr
        uitkomsten.append(Uitkomst(**json.loads(stdout.strip().splitlines()[-1])))
    assert len(uitkomsten) == DRADEN + PROCESSEN
    for uit in uitkomsten:
        assert not uit.fouten, uit.fouten[:3]
        assert not uit.mengsels, uit.mengsels[:3]
        # Each reader really read across publishes: it saw two versions, or a publish in the middle of a page.
        assert uit.paginas >= 1 and len(uit.versies) + uit.herlezen >= 2, asdict(uit)
    assert len({v for uit in uitkomsten for v in uit.versies}) >= 3


def _stempel(path: Path, versie: str) -> None:
    """A snapshot of the reports' fixture, stamped as `warehouse.publish` stamps one."""
    with duckdb.connect() as con:
        con.execute(f"attach '{path}' as s")
        con.execute("update s.snapshot_info set versie = ?", [versie])
        warehouse.stempel(con, "s", versie)


def test_a_report_read_while_a_publish_lands_is_wholly_of_one_snapshot(tmp_path, monkeypatch):
    """A council report reads the snapshot a dozen times; a publish between two of those reads never mixes them:
    its figures and the version it names all come from one snapshot (the reads go on in the file the report began
    with, dashboards/data.py; or, had that file not been opened yet, the report starts again on the new one)."""
    sys.path.insert(0, str(PROJECT_ROOT / "tests" / "reports"))
    from rapport_snapshot import bouw as bouw_snapshot

    from reports import inhoud
    from reports.periode import parse

    oud, nieuw = bouw_snapshot(tmp_path / "oud.duckdb"), bouw_snapshot(tmp_path / "nieuw.duckdb")
    with duckdb.connect(str(nieuw)) as con:  # Hengelo's tijdig gestart one point higher in every period
        con.execute(
            "update fct_indicator_publicatie set waarde = waarde + 1 "
            "where indicator_id = 'tijdig_gestart' and gemeentecode = 'GM0164'"
        )
    _stempel(oud, "oud")
    _stempel(nieuw, "nieuw")
    serving = tmp_path / "serving.duckdb"
    shutil.copy(oud, serving)
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.setenv("STUURWIEL_SERVING", str(serving))
    monkeypatch.setenv("STUURWIEL_REPORTS", str(tmp_path / "reports"))
    reeks, gepubliceerd = inhoud._reeks, []

    def publiceer_tussendoor(*args, **kwargs):  # after the cover and the indicator table were read
        if not gepubliceerd:
            os.replace(nieuw, serving)
            gepubliceerd.append(True)
        return reeks(*args, **kwargs)

    monkeypatch.setattr(inhoud, "_reeks", publiceer_tussendoor)
    rapport = inhoud.bouw("GM0164", parse("2025-Q2"))
    assert gepubliceerd
    tijdig = next(r for regels in rapport.lagen.values() for r in regels if r.indicator_id == "tijdig_gestart")
    # tests/reports/test_inhoud.py: 86,6% in K2 2025, 86,3% in K1 2025 (the series the publish landed in).
    assert (rapport.snapshot_versie, tijdig.waarde_tekst, tijdig.vorige_tekst) in {
        ("oud", "86,6%", "86,3%"),
        ("nieuw", "87,6%", "87,3%"),
    }


def test_a_dashboard_page_drawn_while_a_publish_lands_is_wholly_of_one_snapshot_and_the_next_run_of_the_new(
    tmp_path, monkeypatch
):
    """The app itself (Streamlit's AppTest runs dashboards/app.py): a publish right after the first read of a page
    never mixes two versions on it, without an error on screen, and the next run draws the new snapshot."""
    from streamlit.testing.v1 import AppTest

    sys.path.insert(0, str(PROJECT_ROOT / "tests" / "dashboards"))
    from snapshot_fixture import build_snapshot

    from dashboards import data, gebruikers

    oud, nieuw = build_snapshot(tmp_path / "oud.duckdb"), build_snapshot(tmp_path / "nieuw.duckdb")
    _stempel(oud, "oud")
    _stempel(nieuw, "nieuw")
    serving = tmp_path / "serving.duckdb"
    shutil.copy(oud, serving)
    gebruikers.voeg_toe(tmp_path / "gebruikers.yaml", "beleid", "beleid", "REGIO", "beleid-test")
    monkeypatch.setenv("STUURWIEL_SERVING", str(serving))
    monkeypatch.setenv("STUURWIEL_USERS", str(tmp_path / "gebruikers.yaml"))
    monkeypatch.setenv("STUURWIEL_AUDIT", str(tmp_path / "audit" / "toegang.jsonl"))
    perioden, gepubliceerd = data.perioden, []

    def publiceer_na_eerste_lezing(*args, **kwargs):
        antwoord = perioden(*args, **kwargs)
        if not gepubliceerd:
            os.replace(nieuw, serving)
            gepubliceerd.append(True)
        return antwoord

    monkeypatch.setattr(data, "perioden", publiceer_na_eerste_lezing)
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboards" / "app.py"), default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = at.session_state["name"] = "beleid"
    at.run()
    assert gepubliceerd and not at.exception, at.exception
    voet = [c.value for c in at.caption if "Gegevens: snapshot" in c.value]
    assert voet and (all("snapshot oud," in v for v in voet) or all("snapshot nieuw," in v for v in voet)), voet
    at.run()
    voet = [c.value for c in at.caption if "Gegevens: snapshot" in c.value]
    assert voet and all("snapshot nieuw," in v for v in voet), voet
