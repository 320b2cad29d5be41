"""Each delivery-level rule of the gate fails on a crafted bad batch and passes on a good one.

Rows go straight into the raw tables (what the readers would have written), so every rule is tested on
exactly the situation it guards against.
"""

from datetime import date, time, timedelta

import pytest

from pipelines import warehouse
from pipelines.gate import kwaliteit, poort, regels, verdict
from pipelines.gate.staten import Poort
from pipelines.warehouse import Warehouse

RUN = "run-nieuw"


@pytest.fixture
def con(tmp_path):
    store = Warehouse(tmp_path / "warehouse.duckdb")
    store.ensure_schema()
    with store.connect() as connection:
        yield connection


def _load(
    con, load_id: str, bron: str, run_id: str = RUN, poort_: str = "wacht", rows_in: int = 1, quarantined: int = 0
) -> None:
    con.execute(
        "insert into meta.loads (load_id, run_id, bron, bestand, sha256, geladen_op, rijen_in, rijen_geladen, "
        "rijen_quarantaine, status, poort) values (?, ?, ?, ?, ?, now()::timestamp, ?, ?, ?, 'loaded', ?)",
        [
            load_id,
            run_id,
            bron,
            f"/leveringen/{load_id}.xml",
            load_id,
            rows_in,
            rows_in - quarantined,
            quarantined,
            poort_,
        ],
    )


def _insert(con, table: str, load_id: str, **values) -> None:
    values = {"wet": "jeugd", "gemeentecode": "GM0153", "aanbieder": "12345678", **values, "_load_id": load_id}
    columns = ", ".join(values)
    con.execute(f"insert into raw.{table} ({columns}) values ({', '.join('?' * len(values))})", list(values.values()))


def _toewijzing(con, load_id: str, nummer: str = "T1", **extra) -> None:
    _insert(
        con,
        "berichten_toewijzing",
        load_id,
        toewijzingnummer=nummer,
        **{
            "toewijzingsdatum": date(2025, 1, 1),
            "ingangsdatum": date(2025, 1, 1),
            "einddatum": date(2025, 12, 31),
            "volume": 3,
            "eenheid": "04",
            "frequentie": "2",
            **extra,
        },
    )


def _rule(con, naam: str, source: str = "berichten") -> poort.Controle:
    [controle] = [c for c in poort.RULES[source](con, RUN) if c.naam == naam]
    return controle


def test_a_start_for_a_known_toewijzing_passes_and_an_unknown_one_fails(con):
    _load(con, "oud", "berichten", run_id="eerder", poort_="doorgelaten")
    _toewijzing(con, "oud")
    _load(con, "nieuw", "berichten")
    _insert(con, "berichten_start", "nieuw", toewijzingnummer="T1", begindatum=date(2025, 2, 1), status_aanlevering="1")
    assert _rule(con, "start_stop_bekende_toewijzing").geslaagd

    _insert(
        con,
        "berichten_stop",
        "nieuw",
        toewijzingnummer="ONBEKEND",
        begindatum=date(2025, 2, 1),
        einddatum=date(2025, 3, 1),
        reden_beeindiging="31",
        status_aanlevering="1",
    )
    controle = _rule(con, "start_stop_bekende_toewijzing")
    assert not controle.geslaagd and controle.rijen == 1 and "onbekende toewijzing" in controle.melding


def test_a_toewijzing_from_a_blocked_delivery_is_not_known(con):
    _load(con, "tegengehouden", "berichten", run_id="eerder", poort_="geblokkeerd")
    _toewijzing(con, "tegengehouden")
    _load(con, "nieuw", "berichten")
    _insert(con, "berichten_start", "nieuw", toewijzingnummer="T1", begindatum=date(2025, 2, 1), status_aanlevering="1")
    assert not _rule(con, "start_stop_bekende_toewijzing").geslaagd


def _declaratie(
    con, load_id: str, begin: date, eind: date, volume: int, eenheid: str = "04", nummer: str = "T1"
) -> None:
    _insert(
        con,
        "berichten_declaratie",
        load_id,
        bericht_id=f"D{begin}{volume}",
        toewijzingnummer=nummer,
        productperiode_begin=begin,
        productperiode_eind=eind,
        geleverd_volume=volume,
        eenheid=eenheid,
    )


def test_declared_volume_follows_iv077_calendar_weeks(con):
    # 3 hours a week from 7-10-2025 (the IV077 example): October 2025 spans weeks 41-44, so 12 hours.
    _load(con, "nieuw", "berichten")
    _toewijzing(con, "nieuw", ingangsdatum=date(2025, 10, 7), einddatum=date(2025, 12, 30))
    _declaratie(con, "nieuw", date(2025, 10, 7), date(2025, 10, 31), 12)
    assert _rule(con, "volume_binnen_toewijzing").rijen == 0

    _declaratie(con, "nieuw", date(2025, 10, 7), date(2025, 10, 31), 13)
    assert _rule(con, "volume_binnen_toewijzing").rijen == 1


def test_declaring_in_another_unit_than_allocated_is_counted(con):
    _load(con, "nieuw", "berichten")
    _toewijzing(con, "nieuw")
    _declaratie(con, "nieuw", date(2025, 3, 1), date(2025, 3, 31), 1, eenheid="01")
    assert _rule(con, "volume_binnen_toewijzing").rijen == 1


def test_a_systematic_over_declaration_blocks_the_delivery(con):
    _load(con, "nieuw", "berichten")
    _toewijzing(con, "nieuw", volume=10, frequentie="4", eenheid="82")
    for maand in range(1, 11):
        _declaratie(con, "nieuw", date(2025, maand, 1), date(2025, maand, 28), 12 if maand <= 2 else 10, eenheid="82")
    controle = _rule(con, "volume_binnen_toewijzing")
    assert controle.rijen == 2 and not controle.geslaagd, "20% over-declared is far above the 5% tolerance"


def test_a_declaration_outside_its_toewijzing_or_on_a_removed_one_is_counted(con):
    _load(con, "nieuw", "berichten")
    _toewijzing(con, "nieuw", "T1")
    _toewijzing(con, "nieuw", "T2", reden_wijziging="13")
    _declaratie(con, "nieuw", date(2025, 3, 1), date(2025, 3, 31), 1)
    assert _rule(con, "declaratie_binnen_toewijzing").rijen == 0
    _declaratie(con, "nieuw", date(2026, 1, 1), date(2026, 1, 31), 1)
    _declaratie(con, "nieuw", date(2025, 4, 1), date(2025, 4, 30), 1, nummer="T2")
    assert _rule(con, "declaratie_binnen_toewijzing").rijen == 2


def test_a_declaration_is_judged_against_the_latest_version_of_its_toewijzing(con):
    """Latest by toewijzingsdatum, then toewijzingstijd; a version without a time is the earlier one."""
    _load(con, "nieuw", "berichten")
    _toewijzing(con, "nieuw", "T1", toewijzingsdatum=date(2025, 2, 1), toewijzingstijd=None)
    _toewijzing(con, "nieuw", "T1", toewijzingsdatum=date(2025, 2, 1), toewijzingstijd=time(9), reden_wijziging="13")
    _toewijzing(con, "nieuw", "T1", toewijzingsdatum=date(2025, 1, 1), toewijzingstijd=time(23))
    _toewijzing(con, "nieuw", "T2", toewijzingsdatum=date(2025, 1, 1), toewijzingstijd=time(9), reden_wijziging="13")
    _toewijzing(con, "nieuw", "T2", toewijzingsdatum=date(2025, 3, 1), toewijzingstijd=None)
    _declaratie(con, "nieuw", date(2025, 4, 1), date(2025, 4, 30), 1, nummer="T1")  # T1 was removed last
    _declaratie(con, "nieuw", date(2025, 4, 1), date(2025, 4, 30), 2, nummer="T2")  # T2 was restored
    assert _rule(con, "declaratie_binnen_toewijzing").rijen == 1


def test_cs338_etmaal_per_day_is_not_allowed(con):
    _load(con, "nieuw", "berichten")
    _toewijzing(con, "nieuw", "T1", eenheid="14", frequentie="2", volume=7)
    assert _rule(con, "eenheid_frequentie").geslaagd
    _toewijzing(con, "nieuw", "T2", eenheid="14", frequentie="1", volume=1)
    controle = _rule(con, "eenheid_frequentie")
    assert not controle.geslaagd and controle.rijen == 1


def test_a_325_must_answer_a_known_323(con):
    _load(con, "nieuw", "berichten")
    _declaratie(con, "nieuw", date(2025, 3, 1), date(2025, 3, 31), 1)
    _insert(con, "berichten_declaratie_antwoord", "nieuw", declaratie_identificatie="D2025-03-011")
    assert _rule(con, "antwoord_bij_bekende_declaratie").geslaagd
    _insert(con, "berichten_declaratie_antwoord", "nieuw", declaratie_identificatie="ONBEKEND")
    assert not _rule(con, "antwoord_bij_bekende_declaratie").geslaagd


def test_a_325_answers_the_323_of_its_own_aanbieder_and_gemeente(con):
    # A message number is unique per sender only: another aanbieder's 323 with the same number is not it.
    _load(con, "nieuw", "berichten")
    _declaratie(con, "nieuw", date(2025, 3, 1), date(2025, 3, 31), 1)
    _insert(
        con, "berichten_declaratie_antwoord", "nieuw", aanbieder="87654321", declaratie_identificatie="D2025-03-011"
    )
    assert not _rule(con, "antwoord_bij_bekende_declaratie").geslaagd


def _maand(con, load_id: str, maand: date, aantal: int) -> None:
    con.execute(
        "insert into raw.berichten_start (wet, gemeentecode, aanbieder, dagtekening, _load_id) "
        "select 'jeugd', 'GM0153', '12345678', ?, ? from range(?)",
        [maand, load_id, aantal],
    )


def _instorting(con) -> poort.Controle:
    [start] = [c for c in poort.volume_instorting(con, "berichten", RUN) if c.naam == "volume:berichten_start"]
    return start


def test_a_month_with_far_fewer_messages_than_before_and_a_year_earlier_is_a_collapse(con):
    _load(con, "oud", "berichten", run_id="eerder", poort_="doorgelaten")
    for maand in range(1, 13):
        _maand(con, "oud", date(2024, maand, 1), 200)
    for m, aantal in ((1, 200), (2, 240), (3, 220)):
        _maand(con, "oud", date(2025, m, 1), aantal)
    _load(con, "nieuw", "berichten")
    _maand(con, "nieuw", date(2025, 4, 1), 120)  # above half the median (220)
    assert _instorting(con).geslaagd

    _maand(con, "nieuw", date(2025, 5, 1), 40)  # median of feb-apr 220, May 2024 200: a collapse
    controle = _instorting(con)
    assert not controle.geslaagd and "05-2025" in controle.melding


def test_a_seasonal_dip_or_a_series_without_a_year_of_history_is_no_collapse(con):
    _load(con, "oud", "berichten", run_id="eerder", poort_="doorgelaten")
    for maand in range(1, 13):
        _maand(con, "oud", date(2024, maand, 1), 60 if maand == 7 else 200)  # every July is quiet
    _load(con, "nieuw", "berichten")
    for maand in range(1, 8):
        _maand(con, "nieuw", date(2025, maand, 1), 70 if maand == 7 else 200)
    _maand(con, "nieuw", date(2023, 4, 1), 10)  # the first months of a series cannot be judged
    assert _instorting(con).geslaagd


def test_too_many_quarantined_rows_block(con):
    _load(con, "nieuw", "grootboek", rows_in=100, quarantined=1)
    assert poort.quarantaine_aandeel(con, "grootboek", RUN).geslaagd  # 1% <= 2%
    _load(con, "nieuw2", "grootboek", rows_in=100, quarantined=9)
    controle = poort.quarantaine_aandeel(con, "grootboek", RUN)
    assert not controle.geslaagd and controle.rijen == 10


def _grootboek(con, load_id: str, bedrag: float, jaar: int = 2024) -> None:
    con.execute(
        "insert into raw.grootboek (boekjaar, boekdatum, gemeentecode, taakveld, categorie, crediteurnummer, "
        "crediteurnaam, bedrag, _load_id) values (?, ?, 'GM0153', '6.72', '3.4.1', 'C1', 'Zorg BV', ?, ?)",
        [jaar, date(jaar, 6, 30), bedrag, load_id],
    )


def test_a_booking_in_an_iv3_grey_cell_is_not_allowed(con):
    _load(con, "nieuw", "grootboek")
    con.execute(
        "insert into raw.grootboek (boekjaar, boekdatum, gemeentecode, taakveld, categorie, bedrag, _load_id) "
        "values (2024, date '2024-05-01', 'GM0153', '6.72a', '3.4.1', 10, 'nieuw')"
    )  # jeugd x inkopen
    assert [c for c in poort.grootboek_regels(con, RUN) if c.naam == "grijze_cel"][0].geslaagd
    con.execute(
        "insert into raw.grootboek (boekjaar, boekdatum, gemeentecode, taakveld, categorie, bedrag, _load_id) "
        "values (2018, date '2018-05-01', 'GM0153', '0.1', '3.4.1', 10, 'nieuw')"
    )  # bestuur x inkopen
    [controle] = [c for c in poort.grootboek_regels(con, RUN) if c.naam == "grijze_cel"]
    assert not controle.geslaagd and controle.rijen == 1


def _beantwoorde_declaratie(con, nummer: str, maand: date, toegekend_cent: int) -> None:
    _insert(con, "berichten_declaratie", "antwoorden", bericht_id=nummer, periode_begin=maand)
    _insert(
        con,
        "berichten_declaratie_antwoord",
        "antwoorden",
        declaratie_identificatie=nummer,
        totaal_toegekend_cent=toegekend_cent,
    )


def _contract_en_antwoorden(con, financieringsvorm: str) -> None:
    """An earlier run that passed: one jeugd contract of Zorg BV, and a delivery of 325 answers to fill."""
    _load(con, "contract", "aanbieders", run_id="eerder", poort_="doorgelaten")
    con.execute(
        "insert into raw.aanbieder_contracten (agb_code, naam, wet, gemeentecode, financieringsvorm, _load_id) "
        "values ('12345678', 'Zorg BV', 'jeugd', 'GM0153', ?, 'contract')",
        [financieringsvorm],
    )
    _load(con, "antwoorden", "berichten", run_id="eerder", poort_="doorgelaten")


def test_ledger_spend_reconciles_with_granted_325_amounts(con):
    _contract_en_antwoorden(con, "inspanningsgericht")
    _beantwoorde_declaratie(con, "D1", date(2024, 1, 1), 100_000)
    _beantwoorde_declaratie(con, "D2", date(2024, 2, 1), 50_000)
    _beantwoorde_declaratie(con, "D3", date(2024, 3, 1), 0)  # rejected as a whole
    _load(con, "nieuw", "grootboek")
    _grootboek(con, "nieuw", 1_500.00)
    _grootboek(con, "nieuw", 10.00, jaar=2025)  # a later year keeps 2024 a closed year
    assert poort.afstemming_325(con, RUN).geslaagd

    _grootboek(con, "nieuw", 700.00)  # the rejected declaration paid anyway
    controle = poort.afstemming_325(con, RUN)
    assert not controle.geslaagd and "2.200" in controle.melding.replace(",", ".")


def test_the_latest_year_may_lag_behind_the_granted_amounts(con):
    _contract_en_antwoorden(con, "outputgericht")
    _beantwoorde_declaratie(con, "D1", date(2024, 11, 1), 100_000)
    _beantwoorde_declaratie(con, "D2", date(2024, 12, 1), 100_000)  # paid in January: not yet booked
    _load(con, "nieuw", "grootboek")
    _grootboek(con, "nieuw", 1_000.00)
    assert poort.afstemming_325(con, RUN).geslaagd


def test_the_quality_snapshot_explains_a_failed_check_in_dutch(con, tmp_path):
    _load(con, "nieuw", "berichten")
    _toewijzing(con, "nieuw", "T1", eenheid="14", frequentie="1", volume=1)
    controles = poort.berichten_regels(con, RUN)
    poort.apply_verdict(con, "berichten", RUN, controles)
    kwaliteit.publish(con, tmp_path / "kwaliteit.duckdb")
    import duckdb

    with duckdb.connect(str(tmp_path / "kwaliteit.duckdb"), read_only=True) as k:
        titel, regel, geslaagd = k.execute(
            "select titel, regel, geslaagd from controles where controle = 'eenheid_frequentie'"
        ).fetchone()
        poort_, gemeenten, bestand = k.execute("select poort, gemeenten, bestand from leveringen").fetchone()
    assert (titel, regel, geslaagd) == (
        "Eenheid en frequentie passen niet bij elkaar",
        "iJw/iWmo constraint CS338",
        False,
    )
    assert (poort_, gemeenten, bestand) == ("geblokkeerd", "GM0153", "nieuw.xml")


def test_dates_in_the_future_fail_the_message_suite(con, tmp_path):
    _load(con, "nieuw", "berichten")
    _insert(
        con,
        "berichten_start",
        "nieuw",
        bericht_id="B1",
        dagtekening=date.today() + timedelta(days=30),
        client_id="p",
        begindatum=date(2025, 1, 1),
        status_aanlevering="1",
    )
    failed = [c for c in poort.expectation_suite(con, "berichten", RUN, tmp_path / "quality") if not c.geslaagd]
    assert [c.naam for c in failed] == ["gx:expect_column_values_to_be_between:dagtekening"]
    assert (tmp_path / "quality" / "index.html").exists(), "GX Data Docs are written per run"


def test_a_verdict_is_a_pure_function_of_the_check_results():
    streng, ruim = regels.REGELS["toewijzing_periode"], regels.REGELS["start_stop_bekende_toewijzing"]
    assert verdict.beoordeel(streng, 0, 50).geslaagd
    assert not verdict.beoordeel(streng, 1, 5000).geslaagd, "no row may break a rule without a threshold"
    assert verdict.beoordeel(ruim, 1, 100).geslaagd and not verdict.beoordeel(ruim, 2, 100).geslaagd
    assert verdict.quarantaine("begroting", 1, 1000).drempel == 0.0
    goed, fout = verdict.beoordeel(ruim, 0, 10), verdict.beoordeel(streng, 3, 10)
    assert verdict.oordeel([goed]) is Poort.DOORGELATEN and verdict.oordeel([goed, fout]) is Poort.GEBLOKKEERD
    assert verdict.samenvatting([goed, fout]).startswith("Toewijzing eindigt voor de ingangsdatum: 3 ")


def test_every_rule_the_gate_evaluates_is_explained_in_the_catalogue(con, tmp_path):
    _load(con, "nieuw", "grootboek")
    _grootboek(con, "nieuw", 10.0)
    for bron in ("berichten", "grootboek", "begroting", "aanbieders"):
        for c in poort.evaluate(con, bron, RUN, tmp_path / "quality"):
            titel, uitleg, herkomst = regels.beschrijving(c.naam)
            assert uitleg and herkomst and titel != c.naam, c.naam


def test_a_taakveld_that_does_not_exist_in_its_year_blocks(con):
    _load(con, "nieuw", "grootboek")
    _grootboek(con, "nieuw", 10.0)
    [controle] = [c for c in poort.grootboek_regels(con, RUN) if c.naam == "taakveld_geldig_in_jaar"]
    assert controle.geslaagd
    con.execute(
        "insert into raw.grootboek (boekjaar, boekdatum, gemeentecode, taakveld, categorie, bedrag, _load_id) "
        "values (2022, date '2022-03-15', 'GM0153', '6.711', '4.3.8', 10, 'nieuw')"
    )  # 6.711 only from 2025
    [controle] = [c for c in poort.grootboek_regels(con, RUN) if c.naam == "taakveld_geldig_in_jaar"]
    assert not controle.geslaagd and controle.rijen == 1


def test_a_failed_snapshot_write_leaves_the_old_snapshot_and_no_temporary_file(tmp_path):
    target = tmp_path / "snapshot.duckdb"
    target.write_bytes(b"oud")

    def half(tmp):
        tmp.write_bytes(b"half")
        raise RuntimeError("schijf vol")

    with pytest.raises(RuntimeError):
        warehouse.vervang_atomair(target, half)
    assert target.read_bytes() == b"oud" and list(tmp_path.iterdir()) == [target]
    warehouse.vervang_atomair(target, lambda tmp: tmp.write_bytes(b"nieuw"))
    assert target.read_bytes() == b"nieuw" and list(tmp_path.iterdir()) == [target]
