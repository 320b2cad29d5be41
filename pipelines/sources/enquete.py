"""Client-experience survey (Wmo cliëntervaringsonderzoek, jeugd satisfaction): one row per respondent
per item (docs/contracts/enquete.md).

A respondent is linked to their case only with consent: the BSN of a respondent without Toestemming
is never read, not even to check it, and the answers load without a client.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import ReadResult, RowRejected
from pipelines.sources.csvreader import (
    BsnColumn,
    CsvSource,
    header_matches,
    mask_bsn_like,
    parse_date,
    parse_gemeentecode,
    parse_jaar,
    read_csv,
    required,
)
from pipelines.sources.zaaksysteem import JA_NEE

NAME = "enquete"
TABLE = "enquete_antwoorden"
TABLES = (TABLE,)
COLUMNS = (
    "respondentnummer",
    "gemeentecode",
    "onderzoek",
    "jaar",
    "datuminvulling",
    "toestemming",
    "bsn",
    "vraagcode",
    "antwoord",
)
ONDERZOEK = {
    "wmo": "wmo",
    "wmo ceo": "wmo",
    "ceo wmo": "wmo",
    "cliëntervaringsonderzoek wmo": "wmo",
    "jeugd": "jeugd",
    "jeugdwet": "jeugd",
}
ANTWOORDEN = {"1", "2", "3", "4", "5"}  # helemaal oneens .. helemaal eens
WEET_NIET = "9"  # weet niet / niet van toepassing: loaded as NULL, not counted as an opinion


def _toestemming(value: str) -> bool:
    toestemming = JA_NEE.get(required(value, "Toestemming").lower())
    if toestemming is None:
        raise RowRejected("ja_nee_ongeldig", "Toestemming is geen ja of nee", value)
    return toestemming


def _antwoord(value: str) -> int | None:
    if value == WEET_NIET:
        return None
    if value not in ANTWOORDEN:
        raise RowRejected("antwoord_ongeldig", "Antwoord is geen 1 tot en met 5 of 9 (weet niet)", value)
    return int(value)


def _row_parser(bsn: BsnColumn):
    def row(values: list[str]) -> tuple:
        respondent, gemeentecode, onderzoek, jaar, datum, toestemming, client, vraag, antwoord = values
        onderzoek_code = ONDERZOEK.get(required(onderzoek, "Onderzoek").lower())
        if onderzoek_code is None:
            raise RowRejected("onderzoek_onbekend", "Onderzoek is geen Wmo- of jeugdonderzoek", onderzoek)
        akkoord = _toestemming(toestemming)
        return (
            required(respondent, "Respondentnummer"),
            parse_gemeentecode(gemeentecode),
            onderzoek_code,
            parse_jaar(jaar, "Jaar"),
            parse_date(datum, "DatumInvulling"),
            akkoord,
            bsn.pseudonym(client) if akkoord and client else None,
            required(vraag, "Vraagcode").lower(),
            _antwoord(required(antwoord, "Antwoord")),
        )

    return row


def detect(path: str | Path, head: bytes) -> bool:
    return header_matches(head, COLUMNS)


def read(path: str | Path, pseudonymiser: Pseudonymiser) -> ReadResult:
    return read_csv(path, CsvSource(TABLE, COLUMNS, _row_parser(BsnColumn(pseudonymiser)), mask=mask_bsn_like))
