"""Report periods as the command line writes them."""

from datetime import date

import pytest

from reports.periode import parse


@pytest.mark.parametrize(
    ("tekst", "begin", "soort", "label", "eind", "vorige", "jaar_eerder"),
    [
        ("2025-Q4", date(2025, 10, 1), "kwartaal", "K4 2025", date(2025, 12, 31), "2025-Q3", "2024-Q4"),
        ("2025-Q1", date(2025, 1, 1), "kwartaal", "K1 2025", date(2025, 3, 31), "2024-Q4", "2024-Q1"),
        ("2025-h2", date(2025, 7, 1), "halfjaar", "H2 2025", date(2025, 12, 31), "2025-H1", "2024-H2"),
        ("2024", date(2024, 1, 1), "jaar", "2024", date(2024, 12, 31), "2023", "2023"),
    ],
)
def test_parse(tekst, begin, soort, label, eind, vorige, jaar_eerder):
    periode = parse(tekst)
    assert (periode.begin, periode.periode_type, periode.label, periode.eind) == (begin, soort, label, eind)
    assert (periode.vorige.code, periode.jaar_eerder.code) == (vorige, jaar_eerder)
    assert parse(periode.code) == periode


@pytest.mark.parametrize("tekst", ["2025-Q5", "2025-H3", "2025-Q0", "25-Q1", "2025Q1", "K4 2025"])
def test_unknown_forms_are_refused_with_the_forms_that_work(tekst):
    with pytest.raises(ValueError, match="2025-Q4"):
        parse(tekst)
