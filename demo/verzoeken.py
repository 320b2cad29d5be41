"""The aanbieder's requests (315 verzoek om toewijzing, 317 verzoek om wijziging) and the
gemeente's 319 answers.

A request is planned on top of the generated care, never instead of it: a granted 315 is a
request for a toewijzing that the care simulation allocated anyway (its first 301 is the grant
and names the request's ReferentieAanbieder), a granted 317 is a request for an extension that
the simulation made anyway (that 301 version gets RedenWijziging 12, "geïnitieerd door de
aanbieder"). Rejected requests change nothing in the care.

iJw/iWmo 3.2 has no "granted" 319 (WJ760: 1 verzoek afgewezen, 2 aanvraag in onderzoek): a grant
is answered by the 301 itself. A 319 is sent for every rejection, and, when the decision takes
more than 5 working days (norm OP274/OP346), often an "in onderzoek" 319 within those 5 days.

Like the 325s, nothing here draws from the region's random generator: every choice comes from
a hash of the trajectory or wijziging row, so the other files keep their content.
"""

from __future__ import annotations

import numpy as np

from demo.helpers import NAT, days, fraction, weighted
from demo.model import ToewijzingWijzigingen, Trajectories, Verzoeken

# Share of new (not converted) toewijzingen that start with a 315 [B]: jeugd care is often
# referred by a huisarts, jeugdarts or medisch specialist straight to the aanbieder; Wmo rarely.
VOT_KANS = {"jeugd": 0.35, "wmo": 0.10}
VOW_KANS = {"jeugd": 0.30, "wmo": 0.15}  # share of extensions (RedenWijziging 04) requested by a 317 [B]
VOW_AFGEWEZEN_KANS = 0.02  # share of running toewijzingen with a rejected request for more volume [B]
AFWIJZING_KANS = 0.08  # share of 315s rejected [B]
OP_TIJD = 0.85  # decided within 5 working days [B, norm OP274/OP346 V]
IN_ONDERZOEK = 0.7  # of the late decisions: an "in onderzoek" 319 within 5 working days first [B]
NORM_WERKDAGEN = 5
_LAAT_WERKDAGEN = (6, 30)  # a late decision, in working days
_NIET_DIRECT = ("46", "47", "48")  # crisis and justitiële maatregelen: the gemeente allocates at once
# WJ759 reasons with weights [B]. Not 8 (woonplaatsbeginsel) or 5 (andere gemeente): the demo's
# gemeente allocates the care itself afterwards; 1 (geen wijziging maar nieuwe aanvraag) only for a 317.
REDENEN_315 = (("7", 45), ("4", 25), ("2", 10), ("6", 15), ("3", 5))
REDENEN_317 = (("1", 20), ("2", 25), ("4", 25), ("7", 30))
# COD327 Verwijzer of a 315 [B]: jeugd 02 huisarts, 03 jeugdarts, 05 medisch specialist; Wmo mostly
# the client itself (06) or the huisarts
VERWIJZERS = {"jeugd": (("02", 65), ("03", 20), ("05", 15)), "wmo": (("06", 60), ("02", 40))}


def _per_wet(wet: np.ndarray, u: np.ndarray, table: dict) -> np.ndarray:
    out = np.full(len(wet), "", dtype="U2")
    for w in ("jeugd", "wmo"):
        out[wet == w] = weighted(u[wet == w], table[w])
    return out


def _beslistermijn(key: np.ndarray, salt: int) -> np.ndarray:
    """Working days from request to decision: 1-5 for ``OP_TIJD``, otherwise 6-30."""
    op_tijd = fraction(key, salt) < OP_TIJD
    u = fraction(key, salt + 1)
    low, high = _LAAT_WERKDAGEN
    return np.where(op_tijd, 1 + (u * NORM_WERKDAGEN).astype(np.int64), low + (u * (high - low + 1)).astype(np.int64))


def _gemeentenummer(codes: np.ndarray) -> np.ndarray:
    """'GM0363' -> '0363'; numpy's replace fails on an empty array (a small chunk may have no such request)."""
    return np.char.replace(codes.astype(str), "GM", "") if len(codes) else codes.astype("U4")


def _onderzoek(key: np.ndarray, salt: int, dagtekening: np.ndarray, termijn: np.ndarray) -> np.ndarray:
    """The "in onderzoek" 319 of a late decision: 2-5 working days after the request."""
    send = (termijn > NORM_WERKDAGEN) & (fraction(key, salt) < IN_ONDERZOEK)
    wd = 2 + (fraction(key, salt + 1) * 4).astype(np.int64)
    return np.where(send, np.busday_offset(dagtekening, wd, roll="forward"), NAT)


def plan_verzoeken(t: Trajectories, w: ToewijzingWijzigingen, start_year: int, peildatum: np.datetime64) -> Verzoeken:
    """Every request dated from 1 January ``start_year``, ordered by dagtekening."""
    first = np.datetime64(f"{start_year}-01-01")
    parts = [
        _vot(t, first, peildatum),
        _vot_open(t, peildatum),
        _vow_toegekend(t, w, first),
        _vow_afgewezen(t, first, peildatum),
    ]
    merged = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.lexsort((merged["trajectory"], merged["dagtekening"]))
    return Verzoeken(**{k: v[order] for k, v in merged.items()})


def _vot(t, first, peildatum) -> dict[str, np.ndarray]:
    """315s for the toewijzingen the care simulation made."""
    rows = _vot_kandidaten(t)
    return _vot_verzoeken(t, rows, t.toewijzingsdatum[rows], first, peildatum, zout=0, achtervoegsel="")


def _vot_open(t, peildatum) -> dict[str, np.ndarray]:
    """315s for toewijzingen the gemeente makes after the peildatum: still open, or rejected, at the peildatum.

    A request comes days to weeks before its toewijzing, but the simulation stops at the peildatum, so it has no
    toewijzingen after it. Without these, the 315s and their 319s thin out in the last weeks and the last month
    looks like a collapsed delivery (the gate blocked Amsterdam's 12-2025 at land scale). The toewijzingen of
    the same weeks a year earlier (52 weeks: the same weekdays) stand in for the ones to come, with their own
    draws and a reference of their own.
    """
    rows = _vot_kandidaten(t)
    anker = t.toewijzingsdatum[rows] + days(364)
    nabij = (anker > peildatum) & (anker <= peildatum + days(70))  # the longest wait before a toewijzing: 8 weeks
    rows, anker = rows[nabij], anker[nabij]
    return _vot_verzoeken(t, rows, anker, peildatum - days(100), peildatum, zout=40, achtervoegsel="V")


def _vot_kandidaten(t) -> np.ndarray:
    return np.flatnonzero((t.toewijzingnummer > 0) & ~t.conversie & ~np.isin(t.productcategorie, _NIET_DIRECT))


def _vot_verzoeken(t, rows, anker, first, peildatum, zout: int, achtervoegsel: str) -> dict[str, np.ndarray]:
    """The 315s of a share of ``rows``, each before its toewijzing on ``anker``. One after the peildatum
    grants nothing in the data: it counts as not granted, with a 319 only if rejected by the peildatum."""
    kans = np.where(t.wet[rows] == "jeugd", VOT_KANS["jeugd"], VOT_KANS["wmo"])
    gekozen = fraction(rows, 1 + zout) < kans
    rows, anker = rows[gekozen], anker[gekozen]
    afgewezen = fraction(rows, 2 + zout) < AFWIJZING_KANS
    termijn = _beslistermijn(rows, 3 + zout)
    # Granted: the first 301 is the decision. Rejected: the toegang allocates on its own
    # after its own onderzoek, 3-8 weeks after the rejection.
    extra = np.where(afgewezen, 15 + (fraction(rows, 5 + zout) * 26).astype(np.int64), 0)
    dag = np.busday_offset(anker, -(termijn + extra), roll="backward")
    besluit = np.busday_offset(dag, termijn, roll="forward")
    keep = (dag >= first) & (dag <= peildatum)
    rows, afgewezen, termijn, dag, besluit = rows[keep], afgewezen[keep], termijn[keep], dag[keep], besluit[keep]
    anker = anker[keep]
    wet = t.wet[rows]
    gemeente = _gemeentenummer(t.gemeentecode[rows])
    onderzoek = _onderzoek(rows, 7 + zout, dag, termijn)
    return {
        "soort": np.full(len(rows), "315"),
        "trajectory": rows,
        "wijziging": np.full(len(rows), -1),
        # ToewijzingNummers are unique per gemeente per wet only.
        "referentie": np.char.add(
            np.char.add(
                np.char.add(np.where(wet == "jeugd", "VOTJ", "VOTW"), gemeente), t.toewijzingnummer[rows].astype(str)
            ),
            achtervoegsel,
        ),
        "dagtekening": dag,
        "afgewezen": afgewezen | (anker > peildatum),
        "reden_afwijzing": np.where(afgewezen, weighted(fraction(rows, 6 + zout), REDENEN_315), ""),
        "onderzoek_319": np.where(onderzoek <= peildatum, onderzoek, NAT),
        "afwijzing_319": np.where(afgewezen & (besluit <= peildatum), besluit, NAT),
        "verwijzer": _per_wet(wet, fraction(rows, 8 + zout), VERWIJZERS),
        "reden_verzoek": np.full(len(rows), ""),
        "einddatum": t.einddatum[rows],
        "volume": t.volume[rows],
    }


def _vow_toegekend(t, w, first) -> dict[str, np.ndarray]:
    """317s for extensions: the extension's 301 version is the grant."""
    rows = np.flatnonzero(w.reden_wijziging == "04")
    traj = w.trajectory[rows]
    kans = np.where(t.wet[traj] == "jeugd", VOW_KANS["jeugd"], VOW_KANS["wmo"])
    pick = fraction(rows, 11) < kans
    rows, traj = rows[pick], traj[pick]
    termijn = _beslistermijn(rows, 12)
    dag = np.busday_offset(w.toewijzingsdatum[rows], -termijn, roll="backward")
    keep = dag >= first
    rows, traj, termijn, dag = rows[keep], traj[keep], termijn[keep], dag[keep]
    gemeente = _gemeentenummer(t.gemeentecode[traj])
    return {
        "soort": np.full(len(rows), "317"),
        "trajectory": traj,
        "wijziging": rows,
        "referentie": np.char.add(np.char.add(np.char.add("VOW", gemeente), "-"), rows.astype(str)),
        "dagtekening": dag,
        "afgewezen": np.zeros(len(rows), dtype=bool),
        "reden_afwijzing": np.full(len(rows), ""),
        "onderzoek_319": _onderzoek(rows, 13, dag, termijn),
        "afwijzing_319": np.full(len(rows), NAT),
        "verwijzer": np.full(len(rows), ""),
        "reden_verzoek": weighted(fraction(rows, 14), (("1", 40), ("2", 60))),
        "einddatum": w.einddatum[rows],
        "volume": t.volume[traj],
    }


def _vow_afgewezen(t, first, peildatum) -> dict[str, np.ndarray]:
    """317s for more volume during running care that the gemeente rejects: nothing changes."""
    eind = np.where(np.isnat(t.einddatum_zorg), peildatum, t.einddatum_zorg)
    lopend = (t.toewijzingnummer > 0) & ~np.isnat(t.begindatum) & ((eind - t.begindatum).astype(np.int64) > 90)
    rows = np.flatnonzero(lopend)
    rows = rows[fraction(rows, 21) < VOW_AFGEWEZEN_KANS]
    duur = (eind[rows] - t.begindatum[rows]).astype(np.int64)
    dag = np.busday_offset(
        t.begindatum[rows] + (30 + fraction(rows, 22) * (duur - 60)).astype(np.int64).astype("timedelta64[D]"),
        0,
        roll="forward",
    )
    termijn = _beslistermijn(rows, 23)
    besluit = np.busday_offset(dag, termijn, roll="forward")
    keep = (dag >= first) & (dag <= peildatum)
    rows, dag, termijn, besluit = rows[keep], dag[keep], termijn[keep], besluit[keep]
    gemeente = _gemeentenummer(t.gemeentecode[rows])
    return {
        "soort": np.full(len(rows), "317"),
        "trajectory": rows,
        "wijziging": np.full(len(rows), -1),
        "referentie": np.char.add(np.char.add(np.char.add("VOW", gemeente), "-M"), rows.astype(str)),
        "dagtekening": dag,
        "afgewezen": np.ones(len(rows), dtype=bool),
        "reden_afwijzing": weighted(fraction(rows, 24), REDENEN_317),
        "onderzoek_319": _onderzoek(rows, 25, dag, termijn),
        "afwijzing_319": np.where(besluit <= peildatum, besluit, NAT),
        "verwijzer": np.full(len(rows), ""),
        "reden_verzoek": weighted(fraction(rows, 26), (("1", 50), ("2", 50))),
        "einddatum": t.einddatum[rows],
        # Weekly products ask for half as much again; per-month or per-stay products one more unit.
        "volume": np.maximum(t.volume[rows] + 1, np.rint(t.volume[rows] * 1.5)).astype(np.int64),
    }
