"""Client-experience survey (Wmo cliëntervaringsonderzoek, jeugd satisfaction): one row per respondent
per item (docs/contracts/enquete.md).

A respondent is linked to their case only with consent: the BSN of a respondent without Toestemming
is never read, not even to check it, and the answers load without a client.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import ReadResult
from pipelines.sources.csvreader import CsvSource, header_matches, mask_bsn_like, read_csv
from pipelines.sources.csvregels import (
    Kolom,
    Regel,
    Regels,
    coded,
    optional_bsn,
    parse_date,
    parse_gemeentecode,
    parse_jaar,
    required,
    verplicht,
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


def _antwoord(v: str) -> Kolom:
    geldig = ", ".join(f"'{a}'" for a in sorted(ANTWOORDEN))
    ongeldig = Regel(
        f"{v} <> '{WEET_NIET}' and {v} not in ({geldig})",
        "antwoord_ongeldig",
        "Antwoord is geen 1 tot en met 5 of 9 (weet niet)",
        v,
    )
    return Kolom(f"case when {v} in ({geldig}) then try_cast({v} as integer) end", (verplicht(v, "Antwoord"), ongeldig))


def _regels(values: list[str]) -> Regels:
    respondent, gemeentecode, onderzoek, jaar, datum, toestemming, client, vraag, antwoord = values
    onderzoek_code = coded(
        onderzoek, ONDERZOEK, "Onderzoek", "onderzoek_onbekend", "Onderzoek is geen Wmo- of jeugdonderzoek"
    )
    akkoord = coded(toestemming, JA_NEE, "Toestemming", "ja_nee_ongeldig", "Toestemming is geen ja of nee")
    kolommen = [
        required(respondent, "Respondentnummer"),
        parse_gemeentecode(gemeentecode),
        onderzoek_code,
        parse_jaar(jaar, "Jaar"),
        parse_date(datum, "DatumInvulling"),
        akkoord,
        # Without consent the BSN is never read, not even to check it.
        optional_bsn(client, "BSN", when=f"coalesce({akkoord.sql}, false)"),
        Kolom(f"lower({vraag})", required(vraag, "Vraagcode").regels),
        _antwoord(antwoord),
    ]
    rest = [k for k in kolommen if k is not onderzoek_code and k is not akkoord]
    return Regels(kolommen, [*onderzoek_code.regels, *akkoord.regels, *(r for k in rest for r in k.regels)])


def detect(path: str | Path, head: bytes) -> bool:
    return header_matches(head, COLUMNS)


def read(path: str | Path, pseudonymiser: Pseudonymiser) -> ReadResult:
    return read_csv(path, CsvSource(TABLE, COLUMNS, _regels, mask=mask_bsn_like), pseudonymiser)
