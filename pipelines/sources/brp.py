"""BRP population counts a gemeente delivers: residents by single year of age, wijk and peildatum
(docs/contracts/brp.md). Aggregated counts only: no person, no BSN, nothing to pseudonymise.

An empty Wijkcode counts residents the gemeente does not place in a wijk (or a delivery not split by
wijk); the gemeente's population on a peildatum is the sum of all its rows. Leeftijd 105 stands for
105 years and older, as the BRP statistics top-code it.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import cache
from pathlib import Path

from pipelines.config import REFERENCE_DIR
from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import ReadResult, RowRejected
from pipelines.sources.csvreader import (
    CsvSource,
    mask_bsn_like,
    parse_date,
    parse_gemeentecode,
    read_csv,
    required,
)

NAME = "brp"
TABLE = "brp_bevolking"
TABLES = (TABLE,)
COLUMNS = ("gemeentecode", "wijkcode", "peildatum", "leeftijd", "aantal")
MAX_LEEFTIJD = 105  # "105 jaar of ouder"
_LEEFTIJD = re.compile(r"(\d{1,3})(\+?)", re.ASCII)
_AANTAL = re.compile(r"-?\d+", re.ASCII)
_WIJK = re.compile(r"(?:wk)?(\d{6})", re.ASCII | re.IGNORECASE)
_CBS_BEVOLKING = REFERENCE_DIR / "cbs" / "bevolking_per_gemeente_2019-2026_03759ned.csv"


@cache
def bekende_gemeenten() -> frozenset[str]:
    """Every gemeente CBS counted residents for in 2019-2026: a BRP count of a gemeente that has since
    merged is still a real count for its own peildatum."""
    with _CBS_BEVOLKING.open(encoding="utf-8") as fh:
        return frozenset(
            r["regiocode"] for r in csv.DictReader(fh) if r["regiocode"].startswith("GM") and r["bevolking_1_januari"]
        )


def _gemeente(value: str) -> str:
    code = parse_gemeentecode(value)
    if code not in bekende_gemeenten():
        raise RowRejected("gemeente_onbekend", "Gemeentecode is geen CBS-gemeente (2019-2026)", value)
    return code


def _wijk(value: str, gemeentecode: str) -> str | None:
    if not value:
        return None
    match = _WIJK.fullmatch(value)
    if match is None:
        raise RowRejected("wijkcode_ongeldig", "Wijkcode is geen CBS-wijkcode (WK + 6 cijfers)", value)
    # A CBS wijkcode starts with the four digits of its gemeente.
    if match.group(1)[:4] != gemeentecode[2:]:
        raise RowRejected("wijk_andere_gemeente", "Wijkcode hoort niet bij deze gemeente", value)
    return "WK" + match.group(1)


def _leeftijd(value: str) -> int:
    match = _LEEFTIJD.fullmatch(required(value, "Leeftijd"))
    if match is None:
        raise RowRejected("leeftijd_ongeldig", "Leeftijd is geen geheel aantal jaren", value)
    leeftijd = int(match.group(1))
    if leeftijd > MAX_LEEFTIJD or (match.group(2) and leeftijd != MAX_LEEFTIJD):
        raise RowRejected("leeftijd_buiten_bereik", f"Leeftijd ligt niet tussen 0 en {MAX_LEEFTIJD}+", value)
    return leeftijd


def _aantal(value: str) -> int:
    if not _AANTAL.fullmatch(required(value, "Aantal")):
        raise RowRejected("getal_ongeldig", "Aantal is geen geheel getal", value)
    aantal = int(value)
    if aantal < 0:
        raise RowRejected("aantal_negatief", "Aantal is negatief", value)
    return aantal


class _Rows:
    """Row rules of one delivery; remembers its keys, because one count per key is all a delivery may say."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str | None, date, int]] = set()

    def __call__(self, values: list[str]) -> tuple:
        gemeentecode, wijkcode, peildatum, leeftijd, aantal = values
        gemeente = _gemeente(gemeentecode)
        key = (gemeente, _wijk(wijkcode, gemeente), parse_date(peildatum, "Peildatum"), _leeftijd(leeftijd))
        count = _aantal(aantal)
        if key in self._seen:
            raise RowRejected(
                "dubbele_sleutel", "Gemeente, wijk, peildatum en leeftijd staan al eerder in het bestand", leeftijd
            )
        self._seen.add(key)
        return (*key, count)


def detect(path: str | Path, head: bytes) -> bool:
    return CsvSource(TABLE, COLUMNS, _Rows()).detect(path, head)


def read(path: str | Path, pseudonymiser: Pseudonymiser | None = None) -> ReadResult:
    """The delivery as raw.brp_bevolking and its quarantine; ``pseudonymiser`` is unused (no BSN)."""
    # No BSN belongs in a count file; one pasted in by mistake must still not reach the quarantine.
    return read_csv(path, CsvSource(TABLE, COLUMNS, _Rows(), mask=mask_bsn_like))
