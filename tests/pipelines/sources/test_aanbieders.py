"""Provider contracts: the generated contracten.csv and its reader (docs/contracts/aanbieders.md)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from demo import contracts, write_sources, writers
from demo.catalog import PRODUCTEN, TAAK
from pipelines.sources import aanbieders, begroting, grootboek
from pipelines.sources.base import RAW_SCHEMAS

GEMEENTEN = ["GM0168", "GM0153"]
SEED = 7
SAMPLE = 0.1
HEADER = ";".join(writers.AANBIEDERS_HEADER)


@pytest.fixture(scope="module")
def loaded(out):
    result = aanbieders.read(out / "aanbieders" / "contracten.csv", None)
    return result, result.tables["aanbieder_contracten"].to_pylist()


def _plain(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "_bestand"} for row in rows]


def _read(path: Path):
    return aanbieders.read(path, None)


def test_generated_file_loads_without_quarantine(out, loaded):
    result, rows = loaded
    raw = (out / "aanbieders" / "contracten.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + HEADER.encode())
    assert result.quarantine == []
    assert result.rows_in == len(rows) > 0
    assert result.tables["aanbieder_contracten"].schema == RAW_SCHEMAS["aanbieder_contracten"]
    assert aanbieders.detect(out / "aanbieders" / "contracten.csv", raw[:4096])


def test_every_aanbieder_is_present_with_its_variant_and_products(region, loaded):
    _, rows = loaded
    by_agb = defaultdict(list)
    for row in rows:
        by_agb[row["agb_code"]].append(row)
    assert set(by_agb) == {a.agb for a in region.aanbieders}
    years = set(range(region.start_year, region.end_year + 1))
    for a in region.aanbieders:
        mine = by_agb[a.agb]
        assert {r["financieringsvorm"] for r in mine} == {a.variant}
        assert {r["wet"] for r in mine} == {a.wet}
        assert {r["naam"] for r in mine} == {a.naam}
        assert {r["productcode"] for r in mine} == set(a.producten)
        assert {r["gemeentecode"] for r in mine} == set(GEMEENTEN)
        assert {r["ingangsdatum"].year for r in mine} == years
        kvk = {r["kvk_nummer"] for r in mine}
        assert len(kvk) == 1 and len(kvk.pop()) == 8
    assert len({r["kvk_nummer"] for r in rows}) == len(region.aanbieders)


def test_contract_tariffs_are_the_declared_tariffs(region, loaded):
    _, rows = loaded
    tarief = {(r["agb_code"], r["productcode"], r["ingangsdatum"].year): r["tarief"] for r in rows}
    t, d = region.trajectories, region.declaraties
    assert len(d) > 0
    for tr, begin, cents in zip(d.trajectory.tolist(), d.periode_begin.tolist(), d.tarief_cent.tolist(), strict=False):
        key = (region.aanbieders[t.aanbieder[tr]].agb, str(t.productcode[tr]), begin.year)
        assert tarief[key] == Decimal(cents) / 100, key


def test_taakgericht_has_a_lump_sum_and_no_declarations(region, loaded):
    _, rows = loaded
    spend = defaultdict(int)
    for b in region.grootboek:
        spend[b.crediteurnummer, b.gemeentecode, b.boekjaar] += b.bedrag_cent
    taak = [a for a in region.aanbieders if a.variant == TAAK]
    assert taak
    declared = {int(region.trajectories.aanbieder[tr]) for tr in region.declaraties.trajectory.tolist()}
    for a in taak:
        assert region.aanbieders.index(a) not in declared
        mine = [r for r in rows if r["agb_code"] == a.agb]
        assert {r["eenheid"] for r in mine} == {contracts.TAAK_EENHEID}
        assert {r["tarief"] for r in mine} == {None}
        for r in mine:
            lump = spend[a.crediteurnummer, r["gemeentecode"], r["ingangsdatum"].year]
            assert r["contractplafond"] == Decimal(lump) / 100
        assert sum(r["contractplafond"] for r in mine) > 0
    for r in rows:
        if r["financieringsvorm"] != TAAK:
            assert r["tarief"] > 0
            assert r["eenheid"] == PRODUCTEN[r["productcode"]].eenheid


def test_ceilings_are_plausible_against_spend(region, loaded):
    _, rows = loaded
    spend = defaultdict(int)
    for b in region.grootboek:
        spend[b.crediteurnummer, b.gemeentecode, b.boekjaar] += b.bedrag_cent
    crediteur = {a.agb: a.crediteurnummer for a in region.aanbieders}
    ratios = {}
    for r in rows:
        if r["financieringsvorm"] == TAAK:
            continue
        key = (crediteur[r["agb_code"]], r["gemeentecode"], r["ingangsdatum"].year)
        if spend[key] > contracts._PLAFOND_MINIMUM_CENT:
            ratios[key] = spend[key] / 100 / float(r["contractplafond"])
    values = list(ratios.values())
    assert len(values) >= 20
    within = sum(0.39 <= v <= 0.96 for v in values) / len(values)
    assert within >= 0.9
    over = [key for key, v in ratios.items() if v > 1.0]
    assert 1 <= len(over) <= len({year for _, _, year in ratios})  # at most one per year runs past its ceiling
    assert max(values) < 1.15


def test_cp1252_and_reordered_columns_load_identically(out, loaded, tmp_path):
    result, rows = loaded
    text = (out / "aanbieders" / "contracten.csv").read_text(encoding="utf-8-sig")
    lines = [line.split(";") for line in text.splitlines() if line]
    order = list(reversed(range(len(lines[0]))))
    reordered = "\n".join(";".join(fields[i] for i in order) for fields in lines) + "\n"
    path = tmp_path / "contracten_1252.csv"
    path.write_bytes(reordered.encode("cp1252"))
    assert b"\xf6" in path.read_bytes()  # 'coöperatie' as a single Windows-1252 byte
    other = _read(path)
    assert other.quarantine == []
    assert _plain(other.tables["aanbieder_contracten"].to_pylist()) == _plain(rows)


def test_spreadsheet_variants_normalise(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        HEADER.replace(";", ",") + "\n"
        '98100011,12345678,"Zorg, B.V.",wmo 2015,153,Outputgericht,1,01A02,82,"1.234,5",1-1-2024,,\n',
        encoding="utf-8",
    )
    result = _read(path)
    assert result.quarantine == []
    (row,) = result.tables["aanbieder_contracten"].to_pylist()
    assert (row["naam"], row["wet"], row["gemeentecode"], row["financieringsvorm"], row["productcategorie"]) == (
        "Zorg, B.V.",
        "wmo",
        "GM0153",
        "outputgericht",
        "01",
    )
    assert row["tarief"] == Decimal("1234.50")
    assert row["einddatum"] is None and row["contractplafond"] is None


def test_bad_rows_are_quarantined_with_rule_and_line(tmp_path):
    good = "98100011;12345678;Zorg;Jeugdwet;0153;inspanningsgericht;45;45A01;04;89,00;01-01-2024;31-12-2024;1000,00"
    bad = {
        "9810001;12345678;Zorg;Jeugdwet;0153;inspanningsgericht;45;45A01;04;89,00;01-01-2024;;": "agb_ongeldig",
        "98100011;1234567X;Zorg;Jeugdwet;0153;inspanningsgericht;45;45A01;04;89,00;01-01-2024;;": "kvk_ongeldig",
        "98100011;12345678;Zorg;Jeugdwet;0153;resultaatgericht;45;45A01;04;89,00;01-01-2024;;": (
            "financieringsvorm_onbekend"
        ),
        "98100011;12345678;Zorg;Wlz;0153;inspanningsgericht;45;45A01;04;89,00;01-01-2024;;": "wet_onbekend",
        "98100011;12345678;Zorg;Jeugdwet;0153;inspanningsgericht;45;45A01;04;89,00;31-02-2024;;": "datum_ongeldig",
        "98100011;12345678;Zorg;Jeugdwet;0153;inspanningsgericht;45;45A01;04;89,00;01-07-2024;30-06-2024;": (
            "periode_ongeldig"
        ),
        "98100011;12345678;Zorg;Jeugdwet;0153;inspanningsgericht;45;45A01;04;89.00;01-01-2024;;": "bedrag_ongeldig",
        "98100011;12345678;;Jeugdwet;0153;inspanningsgericht;45;45A01;04;89,00;01-01-2024;;": "verplicht_veld",
        "98100011;12345678;Zorg;Jeugdwet;0000;inspanningsgericht;45;45A01;04;89,00;01-01-2024;;": (
            "gemeentecode_ongeldig"
        ),
    }
    path = tmp_path / "c.csv"
    path.write_text("\n".join([HEADER, good, *bad, good, ";;;;"]) + "\n", encoding="utf-8-sig")
    result = _read(path)
    assert result.rows_in == len(bad) + 2
    assert result.tables["aanbieder_contracten"].num_rows == 2
    assert [(q.line, q.rule) for q in result.quarantine] == [(3 + i, rule) for i, rule in enumerate(bad.values())]
    assert [q.content for q in result.quarantine] == list(bad)


def test_detect_tells_the_csv_sources_apart(out):
    contract = (out / "aanbieders" / "contracten.csv").read_bytes()[:4096]
    ledger = next((out / "grootboek").glob("*.csv")).read_bytes()[:4096]
    budget = next((out / "begroting").glob("*.csv")).read_bytes()[:4096]
    assert aanbieders.detect("x", contract) and not aanbieders.detect("x", ledger)
    assert not aanbieders.detect("x", budget)
    assert not grootboek.detect("x", contract) and not begroting.detect("x", contract)


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_other_source_files_are_unchanged_by_the_contract_file(region, out, tmp_path, monkeypatch):
    monkeypatch.setattr(writers, "_write_aanbieders", lambda region, folder: 0)
    without = tmp_path / "without"
    counts = write_sources(region, without)
    assert counts["aanbieders"] == 0
    mine = {k: v for k, v in _digests(out).items() if not k.startswith("aanbieders/")}
    assert mine == _digests(without)
    assert set(_digests(out)) - set(mine) == {"aanbieders/contracten.csv"}
