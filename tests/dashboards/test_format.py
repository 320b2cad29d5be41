from datetime import date, datetime

import pytest

from dashboards.format import (
    nl_datum,
    nl_datumtijd,
    nl_euro,
    nl_getal,
    nl_maand,
    nl_maand_kort,
    nl_periode,
    nl_procent,
    nl_verschil,
    nl_waarde,
)


@pytest.mark.parametrize(
    ("waarde", "decimalen", "verwacht"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (0.5, 0, "0"),  # half to even, like Python's own formatting
        (999.96, 1, "1.000,0"),
        (-1234.5, 1, "-1.234,5"),
        (-0.04, 1, "0,0"),
        (12, 0, "12"),
    ],
)
def test_nl_getal(waarde, decimalen, verwacht):
    assert nl_getal(waarde, decimalen) == verwacht


def test_nl_procent():
    assert nl_procent(12.345) == "12,3%"
    assert nl_procent(1250, 0) == "1.250%"


def test_nl_euro():
    assert nl_euro(1234567) == "€ 1.234.567"
    assert nl_euro(-1234.5, 2) == "€ -1.234,50"


def test_nl_datum_and_datumtijd():
    assert nl_datum(date(2025, 5, 1)) == "01-05-2025"
    assert nl_datumtijd(datetime(2025, 6, 3, 8, 5)) == "03-06-2025 08:05"


@pytest.mark.parametrize(
    ("maand", "lang", "kort"),
    [
        (1, "januari 2025", "jan 2025"),
        (3, "maart 2025", "mrt 2025"),
        (5, "mei 2025", "mei 2025"),
        (12, "december 2025", "dec 2025"),
    ],
)
def test_nl_maand(maand, lang, kort):
    assert nl_maand(date(2025, maand, 1)) == lang
    assert nl_maand_kort(date(2025, maand, 1)) == kort


@pytest.mark.parametrize(
    ("waarde", "eenheid", "verwacht"),
    [
        (97.54, "%", "97,5%"),
        (38.4, "dagen", "38 dagen"),
        (1.2, "dagen", "1 dag"),
        (1112.44, "per 1.000", "1.112,4 per 1.000"),
        (1234567, "€", "€ 1.234.567"),
        (5575.85, "euro", "€ 5.576"),
        (None, "%", "—"),
        (float("nan"), "dagen", "—"),
    ],
)
def test_nl_waarde(waarde, eenheid, verwacht):
    assert nl_waarde(waarde, eenheid) == verwacht


@pytest.mark.parametrize(
    ("verschil", "eenheid", "verwacht"),
    [
        (2.5, "%", "+2,5 %-punt"),
        (-0.6, "%", "-0,6 %-punt"),
        (0.01, "%", "0,0 %-punt"),
        (-6, "dagen", "-6 dagen"),
        (2.4, "per 1.000", "+2,4 per 1.000"),
        (200000, "euro", "+€ 200.000"),
        (-4767231.4, "€", "-€ 4.767.231"),
        (-0.4, "euro", "€ 0"),
        (-1, "dagen", "-1 dag"),
    ],
)
def test_nl_verschil(verschil, eenheid, verwacht):
    assert nl_verschil(verschil, eenheid) == verwacht


@pytest.mark.parametrize(
    ("dag", "periode_type", "verwacht"),
    [
        (date(2025, 5, 1), "maand", "mei 2025"),
        (date(2025, 1, 1), "kwartaal", "K1 2025"),
        (date(2025, 4, 1), "kwartaal", "K2 2025"),
        (date(2025, 12, 1), "kwartaal", "K4 2025"),
        (date(2025, 1, 1), "halfjaar", "H1 2025"),
        (date(2025, 7, 1), "halfjaar", "H2 2025"),
        (date(2025, 1, 1), "jaar", "2025"),
    ],
)
def test_nl_periode(dag, periode_type, verwacht):
    assert nl_periode(dag, periode_type) == verwacht


def test_period_types_know_their_last_month_and_end():
    import duckdb

    from dashboards.perioden import PERIODE_TYPES, einde_sql, laatste_maand

    assert PERIODE_TYPES == ("maand", "kwartaal", "halfjaar", "jaar")
    assert laatste_maand(date(2025, 7, 1), "maand") == date(2025, 7, 1)
    assert laatste_maand(date(2025, 4, 1), "kwartaal") == date(2025, 6, 1)
    assert laatste_maand(date(2025, 7, 1), "halfjaar") == date(2025, 12, 1)
    assert laatste_maand(date(2025, 1, 1), "jaar") == date(2025, 12, 1)
    eind = duckdb.sql(
        f"select {einde_sql('p', 't')} from (values (date '2025-07-01', 'halfjaar'), "
        "(date '2025-02-01', 'maand')) v(p, t)"
    ).fetchall()
    assert [e[0] for e in eind] == [date(2025, 12, 31), date(2025, 2, 28)]


def test_a_count_reads_as_a_number_without_the_word_aantal():
    assert nl_waarde(1755, "aantal") == "1.755"
