"""Jeugdwet aanvragen in the case system's meldingen export: one per Jeugdwet beschikking (in natura or
pgb) issued inside the window, dated before it, so that decision times can be held against the Awb term.

The Jeugdwet sets no decision term of its own, so the Algemene wet bestuursrecht applies: a decision within
a reasonable term, at most 8 weeks after the aanvraag (art. 4:13) [B]. A Jeugdwet hulpvraag has no separate
melding and Wmo-style onderzoek in the export: DatumMelding is the aanvraag, the onderzoek dates stay empty.
Nothing here draws from the region's random generator (that would shift every later draw): the decision
time comes from a hash of the beschikkingnummer, so every other file stays byte-identical.
"""

from __future__ import annotations

import numpy as np

from demo.helpers import days, fraction, numbered
from demo.model import Meldingen, Voorzieningen

AWB_TERMIJN_DAGEN = 56  # 8 weeks, counted in calendar days (Awb weeks are calendar weeks)
OP_TIJD = 0.85  # share decided within the term [B: no published figure on Jeugdwet decision times]
OP_TIJD_DAGEN = (7, AWB_TERMIJN_DAGEN)  # calendar days from aanvraag to beschikking, both included
TE_LAAT_DAGEN = (AWB_TERMIJN_DAGEN + 1, 120)
_ZOUT_OP_TIJD, _ZOUT_DUUR = 0x4013, 0x4014  # hash salts (art. 4:13)


def met_jeugdwet(meldingen: Meldingen, v: Voorzieningen, first: np.datetime64) -> Meldingen:
    """``meldingen`` (Wmo) followed by a Jeugdwet aanvraag before each Jeugdwet beschikking issued from ``first``."""
    b = v.take((v.wet == "jeugd") & (v.datum_afgifte >= first))
    aanvraag = b.datum_afgifte - days(beslistermijn(b.beschikkingnummer))
    geen = np.full(len(b), np.datetime64("NaT"), dtype="datetime64[D]")
    jeugd = Meldingen(
        identificatie=numbered("J", len(b)),
        gemeentecode=b.gemeentecode,
        bsn=b.bsn,
        wet=b.wet,
        datum_melding=aanvraag,
        datum_start_onderzoek=geen,
        datum_einde_onderzoek=geen,
        datum_aanvraag=aanvraag,
        datum_beschikking=b.datum_afgifte,
        beschikkingnummer=b.beschikkingnummer,
    )
    return Meldingen(**{k: np.concatenate([getattr(meldingen, k), getattr(jeugd, k)]) for k in vars(meldingen)})


def beslistermijn(beschikkingnummer: np.ndarray) -> np.ndarray:
    """Calendar days from aanvraag to beschikking per 'B123' number: ``OP_TIJD`` within the 8 weeks."""
    nummer = np.char.lstrip(beschikkingnummer.astype(str), "B").astype(np.uint64)
    op_tijd = fraction(nummer, _ZOUT_OP_TIJD) < OP_TIJD
    u = fraction(nummer, _ZOUT_DUUR)
    binnen = OP_TIJD_DAGEN[0] + (u * (OP_TIJD_DAGEN[1] - OP_TIJD_DAGEN[0] + 1)).astype(np.int64)
    buiten = TE_LAAT_DAGEN[0] + (u * (TE_LAAT_DAGEN[1] - TE_LAAT_DAGEN[0] + 1)).astype(np.int64)
    return np.where(op_tijd, binnen, buiten)
