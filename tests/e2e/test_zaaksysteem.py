"""The case-system export and the client survey through the whole pipeline, checked against the
generator's truth (demo/zaak.py) and the message source the same persons appear in."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from pipelines.config import Settings
from pipelines.privacy import Pseudonymiser, lees_sleutel


@pytest.fixture(scope="module")
def warehouse(loaded_region):
    with duckdb.connect(str(loaded_region.home / "data" / "warehouse.duckdb"), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def pseudonym(loaded_region):
    pseudonymiser = Pseudonymiser(lees_sleutel(Settings.from_env().key_path))  # the suite's key (tests/conftest.py)
    return np.vectorize(pseudonymiser.pseudonym, otypes=[object])


def _dates(values: np.ndarray) -> list:
    return [None if np.isnat(d) else d.astype(object) for d in values]


def test_every_row_is_loaded_or_quarantined_and_the_gate_opens(warehouse):
    loads = warehouse.execute(
        "select bron, count(*), sum(rijen_in), sum(rijen_geladen), sum(rijen_quarantaine), "
        "count(*) filter (where poort <> 'doorgelaten') from meta.loads "
        "where bron in ('zaaksysteem', 'enquete') group by bron order by bron"
    ).fetchall()
    assert [row[0] for row in loads] == ["enquete", "zaaksysteem"]
    for bron, _files, rows_in, loaded, quarantined, blocked in loads:
        assert rows_in == loaded + quarantined and quarantined == 0, bron
        assert blocked == 0, bron
    assert dict((row[0], row[1]) for row in loads)["zaaksysteem"] == 6  # one file per entity


def test_staged_meldingen_are_the_generated_ones(loaded_region, warehouse, pseudonym):
    m = loaded_region.region.zaaksysteem.meldingen
    expected = sorted(
        zip(
            m.identificatie.tolist(),
            m.gemeentecode.tolist(),
            pseudonym(m.bsn),
            _dates(m.datum_melding),
            _dates(m.datum_einde_onderzoek),
            _dates(m.datum_aanvraag),
            _dates(m.datum_beschikking),
            strict=False,
        )
    )
    staged = warehouse.execute(
        "select melding_id, gemeentecode, client_id, datum_melding, datum_einde_onderzoek, datum_aanvraag, "
        "datum_beschikking from staging.stg_zaaksysteem__meldingen order by all"
    ).fetchall()
    assert staged == expected


def test_a_beschikking_in_natura_precedes_its_first_toewijzing(warehouse):
    """Every zin voorziening names a 301 of the same client, issued on or before the first 301."""
    unmatched, late = warehouse.execute("""
        with eerste as (
            select gemeentecode, toewijzingnummer, client_id, min(toewijzingsdatum) as toewijzingsdatum
            from staging.stg_berichten__toewijzingen group by all
        )
        select count(*) filter (where e.toewijzingnummer is null),
               count(*) filter (where v.datum_afgifte > e.toewijzingsdatum)
        from staging.stg_zaaksysteem__voorzieningen v
        left join eerste e using (gemeentecode, toewijzingnummer, client_id)
        where v.leveringsvorm = 'zin'
    """).fetchone()
    assert (unmatched, late) == (0, 0)


def test_pgb_only_in_the_case_export(loaded_region, warehouse):
    v = loaded_region.region.zaaksysteem.voorzieningen
    staged = dict(
        warehouse.execute(
            "select leveringsvorm, count(*) from staging.stg_zaaksysteem__voorzieningen group by all"
        ).fetchall()
    )
    assert staged == {"zin": int(np.sum(v.leveringsvorm == "zin")), "pgb": int(np.sum(v.leveringsvorm == "pgb"))}
    assert staged["pgb"] > 0
    assert (
        warehouse.execute(
            "select count(*) from staging.stg_zaaksysteem__voorzieningen "
            "where leveringsvorm = 'pgb' and toewijzingnummer is not null"
        ).fetchone()[0]
        == 0
    )


def test_bijstand_and_schuldhulp_match_the_truth(loaded_region, warehouse):
    b = loaded_region.region.zaaksysteem.bijstand
    s = loaded_region.region.zaaksysteem.schuldhulp
    bijstand = warehouse.execute(
        "select count(*), count(*) filter (where einddatum is null), count(*) filter (where reden_uitstroom = 'werk'), "
        "sum(maandbedrag * 100)::bigint, count(partner_client_id), "
        "count(*) filter (where soort_uitkering = 'algemene_bijstand') from staging.stg_zaaksysteem__bijstand"
    ).fetchone()
    assert bijstand == (
        len(b),
        int(np.isnat(b.einddatum).sum()),
        int(np.sum(b.reden_uitstroom == "werk")),
        int(b.bedrag_cent.sum()),
        int(np.sum(b.partner_bsn != "")),
        int(np.sum(b.soort == "algemene bijstand")),
    )
    r = loaded_region.region.zaaksysteem.reintegratie
    reintegratie = warehouse.execute(
        "select count(*), count(*) filter (where datum_einde is null), count(distinct client_id) "
        "from staging.stg_zaaksysteem__reintegratie"
    ).fetchone()
    assert reintegratie == (len(r), int(np.isnat(r.datum_einde).sum()), len(set(r.bsn.tolist())))
    schuldhulp = warehouse.execute(
        "select count(*), count(*) filter (where spoed), count(*) filter (where uitstroomreden = 'Afgerond'), "
        "count(*) filter (where datum_eerste_gesprek is null) from staging.stg_zaaksysteem__schuldhulptrajecten"
    ).fetchone()
    assert schuldhulp == (
        len(s),
        int(s.spoed.sum()),
        int(np.sum(s.uitstroomreden == "Afgerond")),
        int(np.isnat(s.datum_eerste_gesprek).sum()),
    )


def test_survey_links_only_consenting_respondents(loaded_region, warehouse, pseudonym):
    e = loaded_region.region.enquete
    linked = sorted(set(pseudonym(e.bsn[e.toestemming])))
    staged = warehouse.execute(
        "select distinct client_id from staging.stg_enquete__antwoorden where client_id is not null order by 1"
    ).fetchall()
    assert [row[0] for row in staged] == linked
    counts = warehouse.execute(
        "select count(*), count(*) filter (where not toestemming and client_id is null), "
        "count(*) filter (where antwoord is null), count(*) filter (where mee_eens) "
        "from staging.stg_enquete__antwoorden"
    ).fetchone()
    assert counts == (
        len(e),
        int((~e.toestemming).sum()),
        int(np.sum(e.antwoord == 9)),
        int(np.sum((e.antwoord == 4) | (e.antwoord == 5))),
    )


def test_no_bsn_reaches_the_warehouse(loaded_region, warehouse):
    bsns = set(loaded_region.region.persons.bsn.tolist()) | set(loaded_region.region.zaaksysteem.bijstand.bsn.tolist())
    bsns |= set(loaded_region.region.zaaksysteem.bijstand.partner_bsn.tolist()) - {""}
    bsns |= set(loaded_region.region.zaaksysteem.schuldhulp.bsn.tolist())
    bsns |= set(loaded_region.region.zaaksysteem.reintegratie.bsn.tolist())
    for table in (
        "zaak_meldingen",
        "zaak_voorzieningen",
        "zaak_doelen",
        "zaak_inkomensvoorzieningen",
        "zaak_schuldhulptrajecten",
        "zaak_reintegratievoorzieningen",
        "enquete_antwoorden",
    ):
        ids = {row[0] for row in warehouse.execute(f"select distinct client_id from raw.{table}").fetchall()}
        assert ids and not ids & bsns, table
    rows = warehouse.execute("select partner_client_id from raw.zaak_inkomensvoorzieningen").fetchall()
    partners = {row[0] for row in rows}
    assert partners - {None} and not partners & bsns
