"""The CBS traject rule, written out in plain Python for the e2e oracles (independent of int_trajecten.sql).

CBS Beleidsinformatie Jeugd counts one traject per form of help (productcategorie) for one client at one
aanbieder: toewijzingen that follow on or overlap are one traject, and a new one needs at least one day
without help in between (../shared/domain.md 3.1). The traject ends with the toewijzing that ends last;
when two end on the same day, the later start (then the higher ToewijzingNummer as text) gives the reason.
"""

from __future__ import annotations

import datetime as dt

OPEN = dt.date.max


def _einde(row: dict) -> dt.date:
    return row["einde"] or OPEN


def _laatste(rows: list[dict]) -> dict:
    return max(rows, key=lambda r: (_einde(r), r["start"], r["nummer"]))


def _traject(rows: list[dict]) -> dict:
    last = _laatste(rows)
    return {
        **last,
        "start": min(r["start"] for r in rows),
        "ingang": min((r["ingang"] for r in rows if r["ingang"] is not None), default=None),
        "toewijzingen": len(rows),
    }


def ketens(rows: list[dict]) -> list[dict]:
    """Started toewijzing rows (keys wet, gemeente, client, aanbieder, categorie, start, einde, ...) to trajects."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        if r["start"] is not None:
            groups.setdefault((r["wet"], r["gemeente"], r["client"], r["aanbieder"], r["categorie"]), []).append(r)
    trajecten = []
    for members in groups.values():
        members.sort(key=lambda r: (r["start"], _einde(r), r["nummer"]))
        current = [members[0]]
        for r in members[1:]:
            latest_end = max(_einde(m) for m in current)
            if latest_end != OPEN and r["start"] > latest_end + dt.timedelta(days=1):
                trajecten.append(_traject(current))
                current = []
            current.append(r)
        trajecten.append(_traject(current))
    return trajecten
