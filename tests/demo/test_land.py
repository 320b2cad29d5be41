"""The national scale (demo/land.py): the country in chunks, each a region of its own, written so that the
pipeline can load them all at once: no BSN and no BerichtIdentificatie in two chunks."""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
from pathlib import Path

import duckdb
import pytest

import demo
from demo import land
from pipelines.config import REFERENCE_DIR
from pipelines.privacy import elfproef

# Two small chunks, one of them a part of a split jeugdregio.
CHUNKS = ["midden-limburg-west", "amsterdam-amstelland-2"]
SEED = 42
SAMPLE = 0.02
MONTHS = [f"{y}-{m:02d}" for y in range(2021, 2026) for m in range(1, 13)]
_BSN_IN_XML = re.compile(rb"<\w+:Bsn>(\d{9})</\w+:Bsn>")


def _reference() -> dict[str, tuple[str, int]]:
    """gemeentecode -> (jeugdregio, largest population 2021-2025), read here from the reference files."""
    with open(REFERENCE_DIR / "cbs" / "gemeenten_2026_provincie_jeugdregio.csv", encoding="utf-8") as f:
        regio = {r["statcode"]: r["jeugdregio"] for r in csv.DictReader(f)}
    inwoners: dict[str, int] = {}
    with open(REFERENCE_DIR / "cbs" / "bevolking_per_gemeente_2019-2026_03759ned.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if 2021 <= int(r["jaar"]) <= 2025 and r["bevolking_1_januari"]:
                code = r["regiocode"]
                inwoners[code] = max(inwoners.get(code, 0), int(r["bevolking_1_januari"]))
    return {g: (regio[g], inwoners[g]) for g in regio}


@pytest.fixture(scope="module")
def plan() -> list[land.Chunk]:
    return land.plan()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("land")
    lines: list[str] = []
    counts = land.generate_land(path, seed=SEED, sample=SAMPLE, chunks=CHUNKS, progress=lines.append)
    assert counts["delen"] == len(CHUNKS) == len(lines)
    return path


def _bsns(folder: Path) -> set[str]:
    """Every BSN in a chunk's files: messages, case-system export, survey."""
    found: set[str] = set()
    for path in folder.glob("berichten/*/*.zip"):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                found |= {m.decode() for m in _BSN_IN_XML.findall(zf.read(name))}
    for path in [*folder.glob("zaaksysteem/*.csv"), *folder.glob("enquete/*.csv")]:
        encoding = "cp1252" if path.name == "wmo_meldingen.csv" else "utf-8-sig"
        with open(path, encoding=encoding, errors="replace", newline="") as f:
            for row in csv.DictReader(f, delimiter=";"):
                found |= {row[c] for c in ("BSN", "PartnerBSN") if row.get(c)}
    return found


def test_the_plan_holds_every_gemeente_once_in_its_own_jeugdregio(plan):
    reference = _reference()
    gemeenten = [g for c in plan for g in c.gemeenten]
    assert sorted(gemeenten) == sorted(reference) and len(gemeenten) == 342
    assert len({c.name for c in plan}) == len(plan) < 100
    for c in plan:
        assert {reference[g][0] for g in c.gemeenten} == {c.jeugdregio}
        assert c.inwoners == sum(reference[g][1] for g in c.gemeenten)
        assert c.inwoners <= land.MAX_INWONERS or len(c.gemeenten) == 1
    # Only jeugdregio's over the limit are split, into as few parts as the limit needs.
    per_regio: dict[str, int] = {}
    for regio, n in reference.values():
        per_regio[regio] = per_regio.get(regio, 0) + n
    for regio, n in per_regio.items():
        parts = [c for c in plan if c.jeugdregio == regio]
        assert len(parts) == (1 if n <= land.MAX_INWONERS else -(-n // land.MAX_INWONERS))


def test_bsn_slices_share_nothing_and_fit_the_people(plan):
    bounds = [c.bsn_prefixes for c in plan]
    assert bounds[0][0] == demo.persons.BSN_PREFIXES[0] and bounds[-1][1] == demo.persons.BSN_PREFIXES[1]
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in zip(bounds, bounds[1:], strict=False))
    # About 0.28 BSNs per inhabitant at sample 1 (clients, bijstand households, schuldhulp): at least 1.5x room.
    assert all(0.9 * (c.bsn_prefixes[1] - c.bsn_prefixes[0]) > 1.5 * 0.28 * c.inwoners for c in plan)


def test_every_chunk_writes_all_its_sources(plan, out):
    by_name = {c.name: c for c in plan}
    assert sorted(p.name for p in out.iterdir()) == sorted(CHUNKS)
    for name in CHUNKS:
        folder, chunk = out / name, by_name[name]
        assert sorted(p.name for p in (folder / "berichten").iterdir()) == MONTHS
        assert {p.name for p in (folder / "berichten" / "2025-06").iterdir()} >= {"jw301.zip", "wmo323.zip"}
        for source, pattern in (("grootboek", "grootboek_{}.csv"), ("begroting", "begroting_{}.csv")):
            assert sorted(p.name for p in (folder / source).iterdir()) == [pattern.format(y) for y in range(2021, 2026)]
        assert len(list((folder / "zaaksysteem").glob("*.csv"))) == 6
        assert len(list((folder / "enquete").glob("*.csv"))) == len(list((folder / "cbs").glob("*.csv"))) == 5
        assert (folder / "aanbieders" / "contracten.csv").exists()
        # BRP for every gemeente and year, but the smallest gemeente of a region (the demo's fallback) in 2025.
        brp = {p.name for p in (folder / "brp").iterdir()}
        assert len(brp) == 5 * len(chunk.gemeenten) - 1
        assert {f"brp_{g}_2021.csv" for g in chunk.gemeenten} <= brp
        with open(folder / "grootboek" / "grootboek_2023.csv", encoding="cp1252") as f:
            codes = {"GM" + r["Gemeentecode"] for r in csv.DictReader(f, delimiter=";")}
        assert codes == set(chunk.gemeenten)


def test_bsns_are_valid_disjoint_and_in_the_chunks_slice(plan, out):
    by_name = {c.name: c for c in plan}
    seen: set[str] = set()
    for name in CHUNKS:
        bsns = _bsns(out / name)
        low, high = by_name[name].bsn_prefixes
        assert len(bsns) > 100
        assert all(elfproef(b) and low <= int(b) // 10 < high for b in bsns)
        assert not bsns & seen
        seen |= bsns


def test_message_identifications_are_unique_across_chunks(out):
    idents: list[str] = []
    for path in out.glob("*/berichten/*/*.zip"):
        with zipfile.ZipFile(path) as zf:
            idents += [n.rsplit("_", 1)[1].removesuffix(".xml") for n in zf.namelist()]
    assert len(idents) == len(set(idents))
    assert all(len(i) == 12 and i.isdigit() for i in idents)


def test_a_chunk_is_the_same_whichever_chunks_run_beside_it(out, tmp_path):
    alone = tmp_path / "alone"
    land.generate_land(alone, seed=SEED, sample=SAMPLE, chunks=CHUNKS[:1], workers=1)
    assert _digests(alone / CHUNKS[0]) == _digests(out / CHUNKS[0])


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


def test_regio_is_unchanged(tmp_path):
    """The regio demo (7 gemeenten, seed 42) at sample 0.02, also when written the way a national chunk is (one
    process, a year at a time). The digest changes only with the generator's content: last with the extensions
    and 315s around the peildatum (demo/toewijzingen.py, demo/verzoeken.py)."""
    region = demo.generate(demo.SCALES["regio"], 42, sample=0.02)
    for kwargs in ({}, {"workers": 1}):
        folder = tmp_path / str(kwargs)
        demo.write_sources(region, folder, **kwargs)
        digest = hashlib.sha256()
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                digest.update(str(p.relative_to(folder)).encode())
                digest.update(hashlib.sha256(p.read_bytes()).digest())
        assert digest.hexdigest() == "d4b2fb06608243d6bc5846a4376b0323c72e24d1dc6cf3330773c3df6bb7e8f4"


def test_a_land_sample_loads_through_the_pipeline(plan, out, tmp_path, monkeypatch):
    from pipelines import run

    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    report = run.load([out])
    assert report.published, report.problems()
    expected = sorted(g for c in plan if c.name in CHUNKS for g in c.gemeenten)
    with duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True) as con:
        delivered = [r[0] for r in con.execute("select distinct gemeentecode from raw.grootboek order by 1").fetchall()]
        clients = con.execute("select count(distinct client_id) from raw.berichten_toewijzing").fetchone()[0]
        published = [
            r[0]
            for r in con.execute(
                "select gemeentecode from serving.dim_gemeente where gemeentecode like 'GM%' order by 1"
            ).fetchall()
        ]
    assert delivered == published == expected
    # One pseudonym per BSN: as many clients in the warehouse as distinct BSNs in the 301s of both chunks.
    in_301s = set()
    for path in out.glob("*/berichten/*/*301.zip"):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                in_301s |= set(_BSN_IN_XML.findall(zf.read(name)))
    assert clients == len(in_301s)
