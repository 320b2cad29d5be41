"""The dashboards' tiny snapshot (tests/dashboards/snapshot_fixture.py), made fit for a quarterly report.

K2 2025 is the quarter: the fixture's quarter rows carry the value of their first month (april 2025),
and here april's money rows (fixture_geld.py) are copied to K2 2025 as well. One more cell is hidden for
this quarter: Hengelo's Voortijdig beëindigd, whose value would have been 12,15% (12,1 in may, 0,05 less
each month back), a number that appears nowhere else.
"""

import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dashboards"))

from snapshot_fixture import build_snapshot  # noqa: E402

KWARTAAL = "2025-04-01"
GEHEIM_KWARTAAL = ("voortijdig_beeindigd", "GM0164")


def bouw(path: Path) -> Path:
    build_snapshot(path)
    con = duckdb.connect(str(path))
    try:
        con.execute(
            """
            insert into fct_indicator_publicatie
            select * replace ('kwartaal' as periode_type) from fct_indicator_publicatie
            where periode_type = 'maand' and periode = ? and indicator_id in ('lasten_prognose', 'lasten_begroting_ytd')
            """,
            [KWARTAAL],
        )
        con.execute(
            """
            update fct_indicator_publicatie
            set waarde = null, status = null, onderdrukt = true, reden_onderdrukt = 'klein_aantal'
            where indicator_id = ? and gemeentecode = ? and periode_type = 'kwartaal' and periode = ?
            """,
            [*GEHEIM_KWARTAAL, KWARTAAL],
        )
        con.execute("alter table dim_indicator add column if not exists bronnen varchar")
        con.execute("alter table dim_indicator add column if not exists officiele_bron varchar")
        con.execute("update dim_indicator set bronnen = 'iJw/iWmo-berichten', officiele_bron = 'geen'")
    finally:
        con.close()
    return path
