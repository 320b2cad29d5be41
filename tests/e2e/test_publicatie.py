"""The published indicator table of the small e2e region: small-cell protection, comparisons, vintage."""

import duckdb
import pytest

from tests.e2e.conftest import REGIO_NAAM


@pytest.fixture(scope="module")
def con(loaded_region):
    with loaded_region.serving() as con:
        yield con


def _een(con, sql: str):
    return con.execute(sql).fetchone()


def test_every_exact_row_is_published_once(con):
    assert _een(con, "select count(*) from fct_indicator_values") == _een(
        con, "select count(*) from fct_indicator_publicatie"
    )
    assert _een(
        con,
        "select count(*) from fct_indicator_values v anti join fct_indicator_publicatie p "
        "using (indicator_id, gemeentecode, periode_type, periode, dimensie, dimensie_waarde)",
    ) == (0,)


def test_person_counts_are_rounded_and_small_ones_hidden(con):
    # against the exact table: every protected raw count 0-7 hidden, every shown one the nearest multiple of 5
    fouten = _een(
        con,
        """
        select count(*) filter (where v.teller <= 7 and not p.onderdrukt),
               count(*) filter (where not p.onderdrukt and p.teller <> round(v.teller / 5) * 5),
               count(*) filter (where p.onderdrukt and (p.waarde is not null or p.teller is not null)),
               count(*)
        from fct_indicator_values v
        join fct_indicator_publicatie p
          using (indicator_id, gemeentecode, periode_type, periode, dimensie, dimensie_waarde)
        join dim_indicator i using (indicator_id)
        where i.kleine_aantallen <> 'geen' and v.wijkcode is null and p.wijkcode is null
    """,
    )
    assert fouten[:3] == (0, 0, 0) and fouten[3] > 0
    assert _een(con, "select count(*) from fct_indicator_publicatie where onderdrukt")[0] > 0


def test_no_gemeente_follows_from_the_region_minus_the_others(con):
    enkel = _een(
        con,
        """
        select count(*) from (
            select p.indicator_id, p.periode_type, p.periode, p.dimensie, p.dimensie_waarde,
                   count(*) filter (where p.onderdrukt) + any_value(r.onderdrukt)::int as verborgen
            from fct_indicator_publicatie p
            join fct_indicator_publicatie r
              on r.gemeentecode = 'REGIO' and r.indicator_id = p.indicator_id and r.periode_type = p.periode_type
             and r.periode = p.periode and r.dimensie = p.dimensie and r.dimensie_waarde = p.dimensie_waarde
            join dim_indicator i on i.indicator_id = p.indicator_id
            where p.gemeentecode <> 'REGIO' and i.kleine_aantallen <> 'geen'
            group by all
        ) where verborgen = 1
    """,
    )
    assert enkel == (0,)


def test_losser_and_dinkelland_are_comparable(con):
    groepen = dict(con.execute("select gemeentecode, vergelijkingsgroep from dim_gemeente").fetchall())
    assert groepen["GM0168"] == groepen["GM1774"] == "20.000 tot 50.000 inwoners, weinig of niet stedelijk"
    assert groepen["REGIO"] is None
    assert _een(con, "select count(*) from fct_indicator_publicatie where waarde_vergelijkingsgroep is not null")[0] > 0


def test_the_region_is_called_as_its_configuration_says(loaded_region):
    """[regio] naam of the home's stuurwiel.toml (tests/e2e/conftest.py) reaches the published dim_gemeente,
    the name the pages and reports show for the region as a whole."""
    assert loaded_region.regio_namen == [
        ("GM0168", REGIO_NAAM),
        ("GM1774", REGIO_NAAM),
        ("REGIO", REGIO_NAAM),
    ]


def test_completeness_grows_with_the_months_after_a_period(con):
    for bron in ("declaraties", "berichten"):
        curve = [
            r[0]
            for r in con.execute(
                "select volledigheid from fct_volledigheid where bron = ? order by maanden_na", [bron]
            ).fetchall()
        ]
        assert len(curve) == 12
        assert all(a <= b for a, b in zip(curve, curve[1:], strict=False)) and 0 <= curve[0] < curve[-1] <= 1
    # the demo's declarations arrive a month or more after the period: the latest month is not final
    assert _een(con, "select min(volledigheid) from fct_indicator_publicatie where vintage = 'voorlopig'")[0] < 0.99
    assert _een(con, "select count(*) from fct_indicator_publicatie where vintage = 'voorlopig'")[0] > 0
    assert _een(con, "select count(*) from fct_indicator_publicatie where vintage is null") == (0,)


def test_the_published_snapshot_holds_only_protected_values(loaded_region):
    with duckdb.connect(str(loaded_region.home / "data" / "serving.duckdb"), read_only=True) as con:
        tables = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_catalog = current_database()"
            ).fetchall()
        }
    assert "fct_indicator_publicatie" in tables
    assert "fct_indicator_values" not in tables, "exact values stay in the warehouse"
