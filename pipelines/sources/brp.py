"""BRP population counts a gemeente delivers: residents by single year of age, wijk and peildatum
(docs/contracts/brp.md). Aggregated counts only: no person, no BSN, nothing to pseudonymise.

An empty Wijkcode counts residents the gemeente does not place in a wijk (or a delivery not split by
wijk); the gemeente's population on a peildatum is the sum of all its rows. Leeftijd 105 stands for
105 years and older, as the BRP statistics top-code it.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from pipelines.config import REFERENCE_DIR
from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import ReadResult
from pipelines.sources.csvreader import CsvSource, mask_bsn_like
from pipelines.sources.csvregels import Kolom, Regel, Regels, lit, parse_date, parse_gemeentecode, verplicht

NAME = "brp"
TABLE = "brp_bevolking"
TABLES = (TABLE,)
COLUMNS = ("gemeentecode", "wijkcode", "peildatum", "leeftijd", "aantal")
MAX_LEEFTIJD = 105  # "105 jaar of ouder"
_CBS_BEVOLKING = REFERENCE_DIR / "cbs" / "bevolking_per_gemeente_2019-2026_03759ned.csv"


@cache
def bekende_gemeenten() -> frozenset[str]:
    """Every gemeente CBS counted residents for in 2019-2026: a BRP count of a gemeente that has since
    merged is still a real count for its own peildatum."""
    with _CBS_BEVOLKING.open(encoding="utf-8") as fh:
        return frozenset(
            r["regiocode"] for r in csv.DictReader(fh) if r["regiocode"].startswith("GM") and r["bevolking_1_januari"]
        )


def _gemeente(v: str) -> Kolom:
    code = parse_gemeentecode(v)
    bekend = ", ".join(map(lit, sorted(bekende_gemeenten())))
    onbekend = Regel(
        f"{code.sql} not in ({bekend})", "gemeente_onbekend", "Gemeentecode is geen CBS-gemeente (2019-2026)", v
    )
    return Kolom(code.sql, (*code.regels, onbekend))


def _wijk(v: str, gemeente: Kolom) -> Kolom:
    # A CBS wijkcode is WK, the four digits of its gemeente and two characters: digits (WK015301), or letters in
    # Amsterdam (WK0363AA), the one gemeente whose wijken CBS codes so (KWB 2024).
    code = f"upper(regexp_extract({v}, '^(?:[wW][kK])?([0-9]{{4}}[0-9A-Za-z]{{2}})$', 1))"
    ongeldig = Regel(
        f"{v} <> '' and {code} = ''",
        "wijkcode_ongeldig",
        "Wijkcode is geen CBS-wijkcode (WK, de 4 cijfers van de gemeente en 2 cijfers of letters)",
        v,
    )
    elders = Regel(
        f"{v} <> '' and {code}[1:4] <> ({gemeente.sql})[3:6]",
        "wijk_andere_gemeente",
        "Wijkcode hoort niet bij deze gemeente",
        v,
    )
    return Kolom(f"case when {v} <> '' then 'WK' || {code} end", (ongeldig, elders))


def _leeftijd(v: str) -> Kolom:
    jaren = f"try_cast(regexp_extract({v}, '^([0-9]{{1,3}})\\+?$', 1) as integer)"
    ongeldig = Regel(f"{jaren} is null", "leeftijd_ongeldig", "Leeftijd is geen geheel aantal jaren", v)
    buiten = Regel(
        f"{jaren} > {MAX_LEEFTIJD} or (ends_with({v}, '+') and {jaren} <> {MAX_LEEFTIJD})",
        "leeftijd_buiten_bereik",
        f"Leeftijd ligt niet tussen 0 en {MAX_LEEFTIJD}+",
        v,
    )
    return Kolom(jaren, (verplicht(v, "Leeftijd"), ongeldig, buiten))


def _aantal(v: str) -> Kolom:
    getal = f"case when regexp_full_match({v}, '-?[0-9]+') then try_cast({v} as bigint) end"
    ongeldig = Regel(f"{getal} is null", "getal_ongeldig", "Aantal is geen geheel getal", v)
    negatief = Regel(f"{getal} < 0", "aantal_negatief", "Aantal is negatief", v)
    return Kolom(getal, (verplicht(v, "Aantal"), ongeldig, negatief))


def _regels(values: list[str]) -> Regels:
    """One count per gemeente, wijk, peildatum and leeftijd is all a delivery may say: a later row with the
    key of an earlier one is quarantined."""
    gemeentecode, wijkcode, peildatum, leeftijd, aantal = values
    gemeente = _gemeente(gemeentecode)
    key = [gemeente, _wijk(wijkcode, gemeente), parse_date(peildatum, "Peildatum"), _leeftijd(leeftijd)]
    dubbel = Regel(
        "true", "dubbele_sleutel", "Gemeente, wijk, peildatum en leeftijd staan al eerder in het bestand", leeftijd
    )
    return Regels([*key, _aantal(aantal)], uniek=([k.sql for k in key], dubbel))


_SOURCE = CsvSource(TABLE, COLUMNS, _regels, mask=mask_bsn_like)


def detect(path: str | Path, head: bytes) -> bool:
    return _SOURCE.detect(path, head)


def read(path: str | Path, pseudonymiser: Pseudonymiser | None = None) -> ReadResult:
    """The delivery as raw.brp_bevolking and its quarantine; ``pseudonymiser`` is unused (no BSN)."""
    # No BSN belongs in a count file; one pasted in by mistake must still not reach the quarantine.
    return _SOURCE.read(path)
