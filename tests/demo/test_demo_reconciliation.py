"""The generated money reconciles, recomputed only from the written files: the ledger pays per
aanbieder per year what the gemeente granted in its 325s (JW325 and WMO325); taakgericht aanbieders
are paid without declarations; budgets and contract ceilings are plausible against that spend."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

from demo import generate, write_sources

GEMEENTEN = ["GM0153"]  # Enschede: enough aanbieders for the ceiling spread
SAMPLE = 0.1
LAST_YEAR = 2025


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo")
    write_sources(generate(GEMEENTEN, seed=3, sample=SAMPLE), path)
    return path


def _cents(amount: str) -> int:
    """'-1234,56' -> -123456."""
    return round(float(amount.replace(",", ".")) * 100)


def _csv(path: Path, encoding: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode(encoding)), delimiter=";"))


def _signed(element, total: str, amount: str) -> int:
    node = element.find(f"{{*}}{total}")
    value = int(node.find(f"{{*}}{amount}").text)
    return -value if node.find("{*}DebetCredit").text == "C" else value


def _messages(out: Path, soort: str):
    for path in sorted((out / "berichten").glob(f"*/*{soort}.zip")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                yield path.stem, etree.fromstring(zf.read(name))


@pytest.fixture(scope="module")
def money(out):
    """Per (AGB, year of the DeclaratiePeriode): granted in the 325s (JW325 and WMO325), the part of it
    sent before December of the last year; per (AGB, boekjaar) the ledger spend."""
    declaraties = {}  # DeclaratieNummer -> (agb, year, dagtekening)
    for _, root in _messages(out, "323"):
        d = root.find("{*}Declaratie")
        declaraties[d.find("{*}DeclaratieNummer").text] = (
            root.find("{*}Header/{*}Afzender").text,
            int(d.find("{*}DeclaratiePeriode/{*}Begindatum").text[:4]),
            np.datetime64(d.find("{*}DeclaratieDagtekening").text),
        )
    granted = {}
    for _, root in _messages(out, "325"):
        a = root.find("{*}DeclaratieAntwoord")
        granted[a.find("{*}DeclaratieNummer").text] = _signed(a, "TotaalToegekendBedrag", "TotaalBedrag")
    expected, before_december = defaultdict(int), defaultdict(int)
    for nummer, (agb, year, dagtekening) in declaraties.items():
        if nummer not in granted:
            continue  # not answered by the peildatum, so not paid either
        amount = granted[nummer]
        expected[agb, year] += amount
        if dagtekening < np.datetime64(f"{LAST_YEAR}-12-01"):
            before_december[agb, year] += amount
    contracts = _csv(out / "aanbieders" / "contracten.csv", "utf-8-sig")
    agb_of = {r["Naam"]: r["AGB-code"] for r in contracts}
    ledger = defaultdict(int)
    for path in sorted((out / "grootboek").glob("*.csv")):
        for r in _csv(path, "cp1252"):
            if r["Crediteurnaam"] in agb_of:
                ledger[agb_of[r["Crediteurnaam"]], int(r["Boekjaar"])] += _cents(r["Bedrag"])
    return expected, before_december, ledger, contracts, {agb for agb, *_ in declaraties.values()}


def test_ledger_pays_what_the_325s_grant(money):
    expected, before_december, ledger, contracts, _ = money
    variant = {r["AGB-code"]: r["Financieringsvorm"] for r in contracts}
    wet = {r["AGB-code"]: r["Wet"] for r in contracts}
    checked = defaultdict(int)
    for agb, year in set(expected) | {k for k in ledger if variant[k[0]] != "taakgericht"}:
        paid, due = ledger.get((agb, year), 0), expected.get((agb, year), 0)
        if year < LAST_YEAR:
            # Every 323 of a full year is answered and paid by the peildatum: only rounding may differ.
            assert abs(paid - due) <= 100, (agb, year, paid, due)
        else:
            # Booking lag: what was sent in December may be paid in January.
            assert before_december[agb, year] - 100 <= paid <= due + 100, (agb, year, paid, due)
        checked[wet[agb]] += 1
    assert checked["Jeugdwet"] >= 10 and checked["Wmo"] >= 10, checked


def test_taakgericht_is_paid_without_declarations(money):
    _, _, ledger, contracts, declaring = money
    taak = {r["AGB-code"] for r in contracts if r["Financieringsvorm"] == "taakgericht"}
    assert taak and not taak & declaring
    for agb in taak:
        assert all(ledger.get((agb, y), 0) > 0 for y in range(2021, LAST_YEAR + 1)), agb


def test_a_few_contracts_pass_70_percent_and_one_passes_its_ceiling(money):
    _, _, ledger, contracts, _ = money
    plafond = {}
    for r in contracts:
        if r["Financieringsvorm"] != "taakgericht":
            plafond[r["AGB-code"], r["Gemeentecode"], int(r["Ingangsdatum"][-4:])] = _cents(r["Contractplafond"])
    # One gemeente: the ledger spend per aanbieder per year is the contract's spend.
    for year in range(2021, LAST_YEAR + 1):
        benutting = [ledger.get((agb, year), 0) / cents for (agb, _, y), cents in plafond.items() if y == year]
        assert sum(b > 1.0 for b in benutting) == 1, (year, sorted(benutting)[-3:])
        assert 1 <= sum(0.7 < b <= 1.0 for b in benutting) <= len(benutting) // 3, (year, sorted(benutting))
        assert max(benutting) < 1.15


def test_budget_is_plausible_against_spend_with_some_taakvelden_overspent(out):
    spend, budget = defaultdict(int), defaultdict(int)
    for path in sorted((out / "grootboek").glob("*.csv")):
        for r in _csv(path, "cp1252"):
            spend[int(r["Boekjaar"]), r["Taakveld"]] += _cents(r["Bedrag"])
    for path in sorted((out / "begroting").glob("*.csv")):
        for r in _csv(path, "utf-8-sig"):
            budget[int(r["Begrotingsjaar"]), r["Taakveld"]] += _cents(r["Bedrag"])
    ratios = {k: spend[k] / budget[k] for k in budget if k[0] < LAST_YEAR and budget[k] > 0}
    assert set(spend) <= set(budget)
    assert all(0.8 <= r <= 1.25 for r in ratios.values()), ratios
    assert sum(r > 1.0 for r in ratios.values()) >= 3  # some taakvelden overspent
    assert sum(r < 1.0 for r in ratios.values()) >= 3
