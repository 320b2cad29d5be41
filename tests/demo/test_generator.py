"""The synthetic-region generator: determinism, realism, file contracts."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

from demo import SCALES, generate, write_sources
from demo.catalog import TAAK
from demo.writers import BEGROTING_HEADER, GROOTBOEK_HEADER, _zip_bytes
from pipelines.config import Settings

GEMEENTEN = ["GM0168"]
SEED = 7
SAMPLE = 0.2


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _messages(root: Path):
    """(month folder, zip stem e.g. 'jw301', parsed root) for every message."""
    for path in sorted((root / "berichten").glob("*/*.zip")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                yield path.parent.name, path.stem, etree.fromstring(zf.read(name))


def _text(element, path: str) -> str:
    return element.find(path).text


def test_same_seed_gives_identical_files(out, tmp_path):
    again = tmp_path / "again"
    counts = write_sources(generate(GEMEENTEN, SEED, sample=SAMPLE), again)
    assert _digests(again) == _digests(out)
    assert counts["berichten"] == len(list((again / "berichten").glob("*/*.zip")))


def test_other_seed_gives_other_files(out, tmp_path):
    other = tmp_path / "other"
    write_sources(generate(GEMEENTEN, SEED + 1, sample=SAMPLE), other)
    mine, theirs = _digests(out), _digests(other)
    assert mine != theirs
    assert mine.get("grootboek/grootboek_2022.csv") != theirs.get("grootboek/grootboek_2022.csv")


def test_every_bsn_passes_the_elfproef(region, out):
    privacy = pytest.importorskip("pipelines.privacy")
    in_files = {el.text for _, _, root in _messages(out) for el in root.iter("{*}Bsn")}
    assert in_files <= set(region.persons.bsn.tolist())
    assert all(privacy.elfproef(bsn) for bsn in region.persons.bsn.tolist())
    assert len(set(region.persons.bsn.tolist())) == len(region.persons)


def test_the_same_persons_recur_across_messages(region, out):
    """Everyone started, stopped or declared was allocated by a 301 of the same
    gemeente, under the same ToewijzingNummer. Only taakgericht care, which has
    no toewijzing (IV096: key Product + Begindatum), starts without one."""
    allocated, referenced, unallocated_senders = set(), set(), set()
    for _, stem, root in _messages(out):
        wet = stem[:-3]
        if stem.endswith("301"):
            gemeente = _text(root, "{*}Header/{*}Afzender")
            bsn = _text(root, "{*}Client/{*}Bsn")
            allocated |= {(wet, gemeente, bsn, n.text) for n in root.iter("{*}ToewijzingNummer")}
            continue
        if stem.endswith("315"):  # a request before any toewijzing exists
            continue
        gemeente, sender = _text(root, "{*}Header/{*}Ontvanger"), _text(root, "{*}Header/{*}Afzender")
        if stem.endswith("325"):  # the gemeente's answer to a 323
            gemeente, sender = sender, gemeente
        for client in root.iter("{*}Client"):
            bsn = _text(client, "{*}Bsn")
            products = list(client.iter("{*}StartProduct", "{*}StopProduct", "{*}Prestatie", "{*}TeWijzigenProduct"))
            assert products
            for product in products:
                nummer = product.find("{*}ToewijzingNummer")
                if nummer is None:
                    unallocated_senders.add(sender)
                else:
                    referenced.add((wet, gemeente, bsn, nummer.text))
    assert referenced and referenced <= allocated
    taakgericht = {a.agb for a in region.aanbieders if a.variant == TAAK}
    assert unallocated_senders and unallocated_senders <= taakgericht


def _persons_in_care(region, wet: str, year: int) -> int:
    t = region.trajectories
    first, last = np.datetime64(f"{year}-01-01"), np.datetime64(f"{year}-12-31")
    active = (t.wet == wet) & (t.begindatum <= last) & (np.isnat(t.einddatum_zorg) | (t.einddatum_zorg >= first))
    return len(np.unique(t.person[active]))


@pytest.mark.parametrize("year", range(2021, 2026))
def test_rates_are_realistic(region, year):
    bevolking = [b for b in region.bevolking if b.jaar == year]
    jeugd_share = _persons_in_care(region, "jeugd", year) / sum(b.inwoners_0_17 for b in bevolking)
    wmo_per_1000 = 1000 * _persons_in_care(region, "wmo", year) / sum(b.inwoners for b in bevolking)
    assert 0.06 <= jeugd_share <= 0.14
    assert 40 <= wmo_per_1000 <= 90


def test_wmo_clients_are_mostly_old(region):
    t, p = region.trajectories, region.persons
    wmo = np.unique(t.person[t.wet == "wmo"])
    age = (np.datetime64("2023-07-01") - p.geboortedatum[wmo]).astype(int) / 365.25
    assert np.mean(age >= 75) > 0.4


def test_some_waits_exceed_six_weeks_and_some_never_start(region, out):
    t = region.trajectories
    started = ~np.isnat(t.begindatum) & ~t.conversie
    wait = (t.begindatum[started] - t.ingangsdatum[started]).astype(int)
    assert (wait >= 0).all() and (wait > 42).mean() > 0.05
    assert np.isnat(t.begindatum).sum() > 0
    waits_in_files = [
        (np.datetime64(_text(p, "{*}Begindatum")) - np.datetime64(_text(p, "{*}ToewijzingIngangsdatum"))).astype(int)
        for _, stem, root in _messages(out)
        if stem.endswith("305")
        for p in root.iter("{*}StartProduct")
        if p.find("{*}ToewijzingNummer") is not None
    ]
    assert max(waits_in_files) > 42


def test_message_folders_and_totals(out):
    for month, stem, root in _messages(out):
        assert _text(root, "{*}Header/{*}BerichtIdentificatie/{*}Dagtekening")[:7] == month
        if stem.endswith("323"):
            signed = sum(
                int(_text(p, "{*}IngediendBedrag/{*}Bedrag"))
                * (-1 if _text(p, "{*}IngediendBedrag/{*}DebetCredit") == "C" else 1)
                for p in root.iter("{*}Prestatie")
            )
            total = root.find("{*}Declaratie/{*}TotaalIngediendBedrag")
            sign = -1 if _text(total, "{*}DebetCredit") == "C" else 1
            assert sign * int(_text(total, "{*}TotaalBedrag")) == signed


def _rows(path: Path, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding)), delimiter=";"))


def test_ledger_is_windows_1252_and_budget_has_a_bom(out):
    ledgers = sorted((out / "grootboek").glob("grootboek_*.csv"))
    budgets = sorted((out / "begroting").glob("begroting_*.csv"))
    assert [p.name for p in ledgers] == [f"grootboek_{y}.csv" for y in range(2021, 2026)]
    assert [p.name for p in budgets] == [f"begroting_{y}.csv" for y in range(2021, 2026)]
    raw = b"".join(p.read_bytes() for p in ledgers)
    assert re.search(rb"[\xe9\xeb\xf6]", raw)  # é, ë, ö in Windows-1252
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    for path in ledgers:
        rows = _rows(path, "cp1252")
        assert rows[0] == GROOTBOEK_HEADER
        for row in rows[1:]:
            assert row[0] == path.stem[-4:] and re.fullmatch(r"\d{2}-\d{2}-\d{4}", row[1])
            assert re.fullmatch(r"\d{4}", row[2]) and re.fullmatch(r"-?\d+,\d{2}", row[9])
    for path in budgets:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        rows = _rows(path, "utf-8-sig")
        assert rows[0] == BEGROTING_HEADER
        soorten = {(r[3], r[4] == "0") for r in rows[1:]}
        assert soorten == {("Primitieve begroting", True), ("Begrotingswijziging", False)}


def _valid_taakvelden() -> dict[int, set[str]]:
    out = defaultdict(set)
    path = Settings.from_env().reference_dir / "iv3" / "iv3_taakvelden_per_boekjaar.csv"
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[int(row["boekjaar"])].add(row["taakveld"])
    return out


def test_taakvelden_are_valid_for_their_boekjaar(out):
    valid = _valid_taakvelden()
    split_parents = {"6.71", "6.72", "6.81", "6.82"}
    used = defaultdict(set)
    for folder, encoding in (("grootboek", "cp1252"), ("begroting", "utf-8-sig")):
        for path in (out / folder).glob("*.csv"):
            for row in _rows(path, encoding)[1:]:
                year, taakveld = int(row[0]), row[3] if folder == "grootboek" else row[2]
                assert taakveld in valid[year], (path.name, taakveld)
                assert year < 2023 or taakveld not in split_parents, (path.name, taakveld)
                used[year].add(taakveld)
    assert "6.72" in used[2022] and "6.72a" in used[2023] and "6.751" in used[2025]


def test_jeugd_is_overspent_most_years_across_a_region():
    """Budget against realised jeugd spend per gemeente-year (complete years only)."""
    region = generate(["GM0168", "GM1774", "GM0183"], SEED, sample=SAMPLE)
    jeugd = ("6.72", "6.73", "6.74", "6.75", "6.76", "6.82")
    spent, budget = defaultdict(int), defaultdict(int)
    for b in region.grootboek:
        if b.taakveld.startswith(jeugd):
            spent[b.gemeentecode, b.boekjaar] += b.bedrag_cent
    for r in region.begroting:
        if r.taakveld.startswith(jeugd):
            budget[r.gemeentecode, r.begrotingsjaar] += r.bedrag_cent
    complete = [k for k in budget if k[1] < region.end_year]
    overspent = sum(spent[k] > budget[k] for k in complete)
    assert overspent / len(complete) >= 0.5


def test_zip_writer_handles_more_entries_than_plain_zip_allows():
    """Land scale puts more than 65,535 messages in one monthly zip (ZIP64 end records)."""
    entries = ((f"m{i}.xml", b"<x/>", "2024-02-29") for i in range(70_000))
    with zipfile.ZipFile(io.BytesIO(_zip_bytes(entries))) as zf:
        assert len(zf.infolist()) == 70_000
        assert zf.read("m69999.xml") == b"<x/>"
        assert zf.getinfo("m0.xml").date_time == (2024, 2, 29, 0, 0, 0)


def _signed(element, amount: str) -> int:
    sign = -1 if _text(element, "{*}DebetCredit") == "C" else 1
    return sign * int(_text(element, amount))


def test_every_declaration_gets_a_325(region, out):
    """A 325 of the same wet per 323 (JW325 for jeugd, WMO325 for Wmo): linked by BerichtIdentificatie and
    DeclaratieNummer, dated 1-10 working days later and never after the peildatum; granted total = the
    8001 lines; 2-4 % of the debet lines rejected in each wet."""
    declaraties = {}  # (Identificatie, Dagtekening) -> (DeclaratieNummer, signed total, 'jw' / 'wmo')
    antwoorden = []
    for _month, stem, root in _messages(out):
        ident = (
            _text(root, "{*}Header/{*}BerichtIdentificatie/{*}Identificatie"),
            _text(root, "{*}Header/{*}BerichtIdentificatie/{*}Dagtekening"),
        )
        if stem.endswith("323"):
            total = root.find("{*}Declaratie/{*}TotaalIngediendBedrag")
            nummer = _text(root, "{*}Declaratie/{*}DeclaratieNummer")
            declaraties[ident] = (nummer, _signed(total, "{*}TotaalBedrag"), stem[:-3])
        elif stem.endswith("325"):
            antwoorden.append((ident, stem[:-3], root))
    assert antwoorden
    peildatum = np.datetime64(f"{region.end_year}-12-31")
    debet, rejected = defaultdict(int), defaultdict(int)
    answered = set()
    for (_, dagtekening), wet, root in antwoorden:
        link = (
            _text(root, "{*}Header/{*}DeclaratieIdentificatie/{*}Identificatie"),
            _text(root, "{*}Header/{*}DeclaratieIdentificatie/{*}Dagtekening"),
        )
        nummer, ingediend, wet_323 = declaraties[link]
        assert wet == wet_323
        answered.add(link)
        antwoord = root.find("{*}DeclaratieAntwoord")
        assert _text(antwoord, "{*}DeclaratieNummer") == nummer
        assert _signed(antwoord.find("{*}TotaalIngediendBedrag"), "{*}TotaalBedrag") == ingediend
        werkdagen = np.busday_count(np.datetime64(link[1]), np.datetime64(dagtekening))
        assert 1 <= werkdagen <= 10 and np.datetime64(dagtekening) <= peildatum
        granted = 0
        for p in antwoord.iter("{*}Prestatie"):
            code = [c.text for c in p.iter("{*}RetourCode")]
            assert len(code) == 1
            bedrag = _signed(p.find("{*}IngediendBedrag"), "{*}Bedrag")
            if code == ["8001"]:
                granted += bedrag
            if bedrag > 0:
                debet[wet] += 1
                rejected[wet] += code != ["8001"]
        assert _signed(antwoord.find("{*}TotaalToegekendBedrag"), "{*}TotaalBedrag") == granted
    # Every 323 is answered, except those whose answer would fall after the peildatum.
    unanswered = {k for k in declaraties if k not in answered}
    assert all(np.busday_count(np.datetime64(d), peildatum) < 10 for _, d in unanswered)
    assert set(debet) == {"jw", "wmo"}
    for wet in debet:
        assert 0.02 <= rejected[wet] / debet[wet] <= 0.04, (wet, rejected, debet)


def test_generated_325_loads_without_quarantine(out):
    from pipelines.privacy import Pseudonymiser
    from pipelines.sources import berichten

    pseudonymiser = Pseudonymiser(b"test-key-" * 4)
    rows = 0
    for path in sorted((out / "berichten").glob("*/*325.zip")):
        result = berichten.read(path, pseudonymiser)
        assert not result.quarantine, (path, result.quarantine[:3])
        rows += len(result.tables["berichten_declaratie_antwoord"])
    assert rows > 1000


def _verzoek_traffic(out: Path):
    """From the files: request (315/317) dagtekening per ReferentieAanbieder, the 319s per
    ReferentieAanbieder as (dagtekening, VerzoekAntwoord), and the earliest 301 naming it."""
    requests, answers, grants = {}, defaultdict(list), {}
    for _, stem, root in _messages(out):
        dag = np.datetime64(_text(root, "{*}Header/{*}BerichtIdentificatie/{*}Dagtekening"))
        if stem[-3:] in ("315", "317"):
            for ref in root.iter("{*}ReferentieAanbieder"):
                requests[ref.text] = (stem, dag)
        elif stem.endswith("319"):
            answers[_text(root, "{*}Antwoord/{*}ReferentieAanbieder")].append(
                (dag, _text(root, "{*}Antwoord/{*}VerzoekAntwoord"))
            )
        elif stem.endswith("301"):
            for ref in root.iter("{*}ReferentieAanbieder"):
                grants[ref.text] = min(grants.get(ref.text, dag), dag)
    return requests, answers, grants


def test_requests_are_answered_by_a_301_or_a_319(out):
    requests, answers, grants = _verzoek_traffic(out)
    kinds = {stem for stem, _ in requests.values()}
    assert kinds == {"jw315", "jw317", "wmo315", "wmo317"}, kinds
    assert set(answers) <= set(requests) and set(grants) <= set(requests)
    peildatum = np.datetime64("2025-12-31")
    first_answer, rejected = [], 0
    for ref, (_, dag) in requests.items():
        afgewezen = [d for d, code in answers[ref] if code == "1"]
        assert not (afgewezen and ref in grants), ref  # a request is either granted or rejected
        rejected += bool(afgewezen)
        final = grants.get(ref) or (afgewezen[0] if afgewezen else None)
        if final is None:  # decided after the peildatum
            assert np.busday_count(dag, peildatum) <= 31, ref
            continue
        assert all(dag < d <= final for d, code in answers[ref] if code == "2"), ref
        first = min([final] + [d for d, _ in answers[ref]])
        assert first > dag, ref
        first_answer.append(np.busday_count(dag, first))
    on_time = np.mean(np.array(first_answer) <= 5)
    assert 0.8 <= on_time < 1.0, on_time  # mostly within 5 working days, some late
    assert 0.03 <= rejected / len(requests) <= 0.2, rejected / len(requests)


def test_generated_requests_and_answers_load_without_quarantine(out):
    from pipelines.privacy import Pseudonymiser
    from pipelines.sources import berichten

    pseudonymiser = Pseudonymiser(b"test-key-" * 4)
    rows = defaultdict(int)
    for path in sorted((out / "berichten").glob("*/*.zip")):
        if path.stem[-3:] not in ("315", "317", "319"):
            continue
        result = berichten.read(path, pseudonymiser)
        assert not result.quarantine, (path, result.quarantine[:3])
        for table, frame in result.tables.items():
            rows[table] += len(frame)
    assert rows["berichten_verzoek_toewijzing"] > 50
    assert rows["berichten_verzoek_wijziging"] > 20
    assert rows["berichten_antwoord"] > 10


def test_declaration_and_message_lags_allow_a_completeness_estimate(out):
    """Declarations for month M arrive mostly in M+1..M+3 with a tail; starts and stops are
    reported mostly within 5 working days, some later: measured from the files."""
    months_late, werkdagen = [], []
    for _, stem, root in _messages(out):
        dag = np.datetime64(_text(root, "{*}Header/{*}BerichtIdentificatie/{*}Dagtekening"))
        if stem.endswith("323"):
            for p in root.iter("{*}Prestatie"):
                if _text(p, "{*}IngediendBedrag/{*}DebetCredit") == "D":
                    begin = np.datetime64(_text(p, "{*}ProductPeriode/{*}Begindatum"), "M")
                    months_late.append((dag.astype("datetime64[M]") - begin).astype(int))
        elif stem[-3:] in ("305", "307"):
            for p in root.iter("{*}StartProduct", "{*}StopProduct"):
                event = p.find("{*}Einddatum" if p.tag.endswith("StopProduct") else "{*}Begindatum").text
                werkdagen.append(np.busday_count(np.datetime64(event), dag))
    months_late, werkdagen = np.array(months_late), np.array(werkdagen)
    assert months_late.min() >= 1
    assert np.mean(months_late == 1) > 0.85 and np.mean(months_late <= 3) > 0.97
    assert np.mean(months_late > 1) > 0.02  # a tail of late declarations
    assert 0.75 < np.mean(werkdagen <= 5) < 0.97  # mostly within the norm, some later
    assert werkdagen.max() > 20


def test_no_voorziening_ends_before_it_starts():
    # Found by the regio benchmark: care that ended before its toewijzing began gave a beschikte voorziening
    # ending before its start, which the loader rightly quarantined. The demo itself must load clean.
    region = generate(SCALES["regio"], 42, sample=1.0)
    v = region.zaaksysteem.voorzieningen
    beide = ~np.isnat(v.datum_einde) & ~np.isnat(v.datum_start)
    assert beide.any()
    assert (v.datum_einde[beide] >= v.datum_start[beide]).all()
