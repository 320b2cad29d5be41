"""The whole country (``stuurwiel generate --scale land``): all 342 gemeenten, generated region by region.

One Region of the whole country would need tens of GB. So the country is split into chunks, each generated
by ``generate`` as an ordinary region with a seed of its own (from the run's seed and the chunk's name),
written, and freed; two chunks run side by side, one per core. A chunk is a jeugdregio, the gemeenten that buy
youth care together; one of more than ``MAX_INWONERS`` is split into parts of whole gemeenten, so that no chunk
needs much more memory than the demo regio. Each chunk writes to its own folder, ``<out>/<chunk>/``, laid out
as any region's (demo/writers.py): to the pipeline its files are separate deliveries, as separate regions'
exports are, and a gemeente's deliveries all come from one chunk.

Two things must not repeat across chunks, because the pipeline meets them all in one warehouse:
- a BSN: each chunk's BSNs are renumbered into its own slice of the demo's BSN range (``with_bsns``), so two
  chunks never make two people one pseudonym;
- a BerichtIdentificatie: each chunk numbers its messages from its own offset (``IDENT_STAP``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import multiprocessing
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from demo.frame import SCALES, jeugdregios, load_frame
from demo.generate import generate
from demo.model import Region
from demo.persons import BSN_PREFIXES, with_check_digit
from demo.writers import write_sources

# A jeugdregio above this many inhabitants is split: the demo regio (about 575,000) is the size known to fit.
MAX_INWONERS = 700_000
# Chunk n numbers its messages from n x IDENT_STAP: a BerichtIdentificatie is jjmm + 8 digits, so chunks
# 1-99 each get a million numbers per month (the largest writes about 11,000 a month).
IDENT_STAP = 1_000_000
WORKERS = 2


@dataclass(frozen=True)
class Chunk:
    name: str  # its folder: 'twente', 'rijnmond-2'
    jeugdregio: str
    number: int  # 1.. in name order: its BSN slice and message numbers
    gemeenten: tuple[str, ...]
    inwoners: int  # the most in any generated year
    bsn_prefixes: tuple[int, int]  # its slice of persons.BSN_PREFIXES (from, to excluded)


def plan(start_year: int = 2021, end_year: int = 2025) -> list[Chunk]:
    """Every chunk of the country, in name order. BSN slices are shares of the range by population, so
    every chunk has room for the same share of people."""
    frame = {fg.code: fg for fg in load_frame(SCALES["land"], range(start_year, end_year + 1))}
    inwoners = {code: max(fg.bevolking.values()) for code, fg in frame.items()}
    parts = []
    for regio, gemeenten in jeugdregios().items():
        split = _split(gemeenten, inwoners)
        parts += [(_name(regio, i, len(split)), regio, part) for i, part in enumerate(split, start=1)]
    parts.sort()
    if len(parts) >= 100:
        raise ValueError(f"{len(parts)} chunks: a BerichtIdentificatie has room for 99")
    total = sum(inwoners.values())
    low, width = BSN_PREFIXES[0], BSN_PREFIXES[1] - BSN_PREFIXES[0]
    chunks, before = [], 0
    for number, (name, regio, part) in enumerate(parts, start=1):
        size = sum(inwoners[g] for g in part)
        bounds = (low + width * before // total, low + width * (before + size) // total)
        chunks.append(Chunk(name, regio, number, tuple(part), size, bounds))
        before += size
    return chunks


def _split(gemeenten: list[str], inwoners: dict[str, int]) -> list[list[str]]:
    """As few parts as keep each under MAX_INWONERS (a bigger gemeente stands alone), balanced largest first;
    every part keeps the file order of its gemeenten."""
    n = math.ceil(sum(inwoners[g] for g in gemeenten) / MAX_INWONERS)
    parts: list[list[str]] = [[] for _ in range(n)]
    for g in sorted(gemeenten, key=lambda g: -inwoners[g]):
        min(parts, key=lambda p: sum(inwoners[x] for x in p)).append(g)
    return [[g for g in gemeenten if g in part] for part in parts]


def _name(jeugdregio: str, part: int, parts: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", jeugdregio.lower()).strip("-")
    return f"{slug}-{part}" if parts > 1 else slug


def chunk_seed(seed: int, name: str) -> int:
    """The chunk's own seed: the same for the same run seed, whichever other chunks are generated."""
    return int.from_bytes(hashlib.sha256(f"{seed}|{name}".encode()).digest()[:8], "big")


def with_bsns(region: Region, prefixes: tuple[int, int], rng: np.random.Generator) -> Region:
    """The region with every BSN replaced by one from ``prefixes``: one to one, so whoever was one person
    (in care, bijstand, the survey) still is, and nobody else is."""
    columns = [values for _, values in _bsn_columns(region)]
    distinct = np.unique(np.concatenate(columns)) if columns else np.empty(0, dtype="U9")
    distinct = distinct[distinct != ""]
    if not len(distinct):
        return region
    pool = with_check_digit(np.arange(*prefixes, dtype=np.int64))
    if len(distinct) > len(pool):
        raise ValueError(f"{len(distinct)} BSNs do not fit in the {len(pool)} of prefixes {prefixes}")
    new = pool[rng.choice(len(pool), size=len(distinct), replace=False)].astype("U9")

    def renumber(values: np.ndarray) -> np.ndarray:
        at = np.minimum(np.searchsorted(distinct, values), len(distinct) - 1)  # '' is masked below
        return np.where(values == "", "", new[at])

    return _replace_bsns(region, renumber)


def _is_bsn(field: str) -> bool:
    return field == "bsn" or field.endswith("_bsn")


def _bsn_columns(obj) -> Iterator[tuple[str, np.ndarray]]:
    """(field name, values) of every BSN column in the region's tables, at any depth."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if _is_bsn(f.name) and isinstance(value, np.ndarray):
            yield f.name, value
        elif dataclasses.is_dataclass(value):
            yield from _bsn_columns(value)


def _replace_bsns(obj, renumber: Callable[[np.ndarray], np.ndarray]):
    changes = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if _is_bsn(f.name) and isinstance(value, np.ndarray):
            changes[f.name] = renumber(value)
        elif dataclasses.is_dataclass(value):
            changes[f.name] = _replace_bsns(value, renumber)
    return dataclasses.replace(obj, **changes)


@dataclass(frozen=True)
class ChunkResult:
    chunk: Chunk
    counts: dict[str, int]  # files per source, as write_sources returns them
    personen: int
    prestaties: int
    seconds: float


def write_chunk(chunk: Chunk, seed: int, sample: float, start_year: int, end_year: int, out: Path) -> ChunkResult:
    """Generate one chunk and write it to ``out/<chunk>/``; only the counts leave the process."""
    started = time.perf_counter()
    own_seed = chunk_seed(seed, chunk.name)
    region = generate(list(chunk.gemeenten), own_seed, start_year, end_year, sample)
    region = with_bsns(region, chunk.bsn_prefixes, np.random.default_rng([own_seed, 1]))
    counts = write_sources(region, out / chunk.name, workers=1, ident_offset=chunk.number * IDENT_STAP)
    return ChunkResult(chunk, counts, len(region.persons), len(region.declaraties), time.perf_counter() - started)


def generate_land(
    out: str | Path,
    seed: int = 42,
    sample: float = 1.0,
    start_year: int = 2021,
    end_year: int = 2025,
    chunks: list[str] | None = None,
    workers: int = WORKERS,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, int]:
    """Write every chunk (or only those named in ``chunks``) under ``out``, the largest first, ``workers`` at
    a time. Returns the totals: chunks, gemeenten, persons, prestaties, and the files per source."""
    if not 0 < sample <= 1:
        raise ValueError("sample must be in (0, 1]")
    todo = [c for c in plan(start_year, end_year) if chunks is None or c.name in chunks]
    if chunks is not None and len(todo) != len(set(chunks)):
        raise ValueError(f"unknown chunks: {sorted(set(chunks) - {c.name for c in todo})}")
    totals: dict[str, int] = {"delen": len(todo), "gemeenten": sum(len(c.gemeenten) for c in todo)}
    totals |= {"personen": 0, "prestaties": 0}
    # spawn, one chunk per process: each starts empty and returns all its memory when it ends.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(workers, len(todo)), mp_context=context, max_tasks_per_child=1) as pool:
        futures = [
            pool.submit(write_chunk, c, seed, sample, start_year, end_year, Path(out))
            for c in sorted(todo, key=lambda c: -c.inwoners)  # the largest first: no long one left at the end
        ]
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                result = future.result()
                for key, n in result.counts.items():
                    totals[key] = totals.get(key, 0) + n
                totals["personen"] += result.personen
                totals["prestaties"] += result.prestaties
                progress(_line(done, len(todo), result))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return totals


def _line(done: int, total: int, r: ChunkResult) -> str:
    return (
        f"  [{done}/{total}] {r.chunk.name}: {_gemeenten(len(r.chunk.gemeenten))}, {_n(r.chunk.inwoners)} inwoners, "
        f"{_n(r.personen)} personen, {_n(r.prestaties)} prestaties, {_n(r.counts['xml'])} berichten "
        f"({r.seconds:.0f} s)"
    )


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _gemeenten(n: int) -> str:
    return "1 gemeente" if n == 1 else f"{n} gemeenten"
