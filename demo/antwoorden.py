"""The gemeente's decision on every declaration (323): which Prestaties it grants, and when it
answers it with its 325 (JW325 for jeugd, WMO325 for Wmo: the same rules for both wetten). The
ledger pays what is granted (demo/finance.py); the 325 messages only write it down
(demo/berichten_declaratie.py).

Nothing here draws from the region's random generator (that would shift every later draw):
the answer date and the rejections are derived from a hash of the DeclaratieNummer and
ReferentieNummer, so the 325s leave every other file byte-identical.
"""

from __future__ import annotations

import numpy as np

from demo.helpers import mix
from demo.model import DeclaratieAntwoorden, DeclaratieBerichten, Declaraties

AFWIJZING_KANS = 0.03  # share of debet Prestaties rejected (documented band 2-4 %)
# WJ001 codes for a rejected Prestatie (valid for JW323 and WMO323 alike), with their weights (they are
# drawn, not the outcome of a check)
AFWIJZING_CODES = (("0611", 30), ("9321", 25), ("9322", 15), ("9307", 10), ("9308", 10), ("8021", 10))
TOEGEWEZEN = "8001"  # Declaratie is volledig toegewezen
ANTWOORD_WERKDAGEN = 10  # OP090x4: the 325 within 10 working days of the 323


def beoordeel(d: Declaraties, m: DeclaratieBerichten, peildatum: np.datetime64) -> DeclaratieAntwoorden:
    """A RetourCode per Prestatie and the 325's date, for jeugd and Wmo alike."""
    besluit = antwoord_datum(m.declaratienummer, m.dagtekening)
    codes = afwijzingen(
        m.declaratienummer[d.bericht],
        d.referentie,
        d.vorige_referentie,
        np.unique(d.vorige_referentie[d.vorige_referentie > 0]),
    )
    return DeclaratieAntwoorden(
        besluitdatum=besluit,
        dagtekening=np.where(besluit <= peildatum, besluit, np.datetime64("NaT")),
        retourcode=codes,
        toegekend_cent=np.where(codes != TOEGEWEZEN, 0, d.bedrag_cent),
    )


def _nummer(declaratienummer: np.ndarray) -> np.ndarray:
    """'D000000123' -> 123."""
    return np.char.lstrip(declaratienummer.astype(str), "D").astype(np.uint64)


def antwoord_datum(declaratienummer: np.ndarray, dagtekening: np.ndarray) -> np.ndarray:
    """The date a 323 is (or would be) answered: 1-10 working days after its dagtekening
    (uniform, from a hash of the DeclaratieNummer)."""
    delay = (mix(_nummer(declaratienummer) ^ np.uint64(0x325)) % np.uint64(ANTWOORD_WERKDAGEN)).astype(np.int64) + 1
    return np.busday_offset(dagtekening.astype("datetime64[D]"), delay, roll="forward")


def afwijzingen(
    declaratienummer: np.ndarray, referentie: np.ndarray, vorige: np.ndarray, gecrediteerd: np.ndarray
) -> np.ndarray:
    """The RetourCode per Prestatie: 8001, or a rejection code for about ``AFWIJZING_KANS`` of
    the debet lines. Credits and debets that are credited later are always granted (an aanbieder
    does not credit a line that was rejected)."""
    h = mix((_nummer(declaratienummer) << np.uint64(40)) ^ referentie.astype(np.uint64))
    fraction = (h >> np.uint64(11)).astype(np.float64) / 2.0**53
    rejected = (fraction < AFWIJZING_KANS) & (vorige == 0) & ~np.isin(referentie, gecrediteerd)
    codes = np.array([c for c, _ in AFWIJZING_CODES])
    bounds = np.cumsum([w for _, w in AFWIJZING_CODES])
    pick = np.searchsorted(bounds, (h & np.uint64(0xFFFF)).astype(np.int64) % bounds[-1], side="right")
    return np.where(rejected, codes[pick], TOEGEWEZEN)
