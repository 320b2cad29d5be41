"""The reader of the client survey (enquete), on hand-written files."""

from __future__ import annotations

import pytest

from demo.zaak_files import ENQUETE
from pipelines import ingest
from pipelines.privacy import Pseudonymiser
from pipelines.sources import enquete
from tests.pipelines.sources.files import (
    assert_counts_add_up,
    assert_variants_read_alike,
    csv_text,
    respelled_variants,
    write,
)

PS = Pseudonymiser(b"z" * 32)
BSN_A, BSN_B = "111222333", "123456782"  # pass the elfproef
BAD_BSN = "123456789"
ENQUETE_HEADER = ENQUETE.header
ENQUETE_ROWS = [
    ["R1", "0153", "Wmo CEO", "2024", "14-10-2024", "ja", BSN_A, "effect_beter_redden", "5"],
    ["R1", "0153", "Wmo CEO", "2024", "14-10-2024", "ja", BSN_A, "Serieus_Genomen", "9"],
    ["R2", "0153", "Jeugd", "2024", "20-10-2024", "nee", BSN_B, "tevreden_nut_effect", "2"],
    ["R3", "0153", "Jeugd", "2024", "20-10-2024", "nee", "", "tevreden_nut_effect", "4"],
]


def test_survey_format_variations_load_identically(tmp_path):
    assert_variants_read_alike(
        tmp_path,
        respelled_variants(ENQUETE_HEADER, ENQUETE_ROWS),
        lambda path: enquete.read(path, PS),
        enquete.TABLE,
        lambda path, _data: ingest.detect_source(path) == "enquete",
    )


def test_survey_links_a_respondent_only_with_consent(tmp_path):
    path = write(tmp_path, "clientervaring_2024.csv", csv_text(ENQUETE_HEADER, ENQUETE_ROWS).encode("utf-8-sig"))
    result = enquete.read(path, PS)
    assert not result.quarantine
    rows = result.tables["enquete_antwoorden"].to_pylist()
    assert [(r["onderzoek"], r["toestemming"], r["client_id"], r["vraagcode"], r["antwoord"]) for r in rows] == [
        ("wmo", True, PS.pseudonym(BSN_A), "effect_beter_redden", 5),
        ("wmo", True, PS.pseudonym(BSN_A), "serieus_genomen", None),  # 9: weet niet
        ("jeugd", False, None, "tevreden_nut_effect", 2),  # a BSN without consent is not used
        ("jeugd", False, None, "tevreden_nut_effect", 4),
    ]


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        (8, "6", "antwoord_ongeldig"),
        (8, "", "verplicht_veld"),
        (5, "misschien", "ja_nee_ongeldig"),
        (6, BAD_BSN, "bsn_elfproef"),
        (2, "Wlz", "onderzoek_onbekend"),
        (3, "1899", "jaar_onwaarschijnlijk"),
    ],
)
def test_bad_survey_rows_are_quarantined(tmp_path, column, value, rule):
    bad = list(ENQUETE_ROWS[0])
    bad[column] = value
    path = write(tmp_path, "e.csv", csv_text(ENQUETE_HEADER, [ENQUETE_ROWS[2], bad]).encode("utf-8-sig"))
    result = enquete.read(path, PS)
    assert_counts_add_up(result)
    assert [(q.line, q.rule) for q in result.quarantine] == [(3, rule)]
    assert BSN_A not in result.quarantine[0].content and BAD_BSN not in result.quarantine[0].content
