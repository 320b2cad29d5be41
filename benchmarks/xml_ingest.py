"""Benchmark 1 of issue 14, XML ingest: the full 323/325 ingest against a bare lxml iterparse loop.

(a) ``pipelines.ingest.ingest_files`` over every jw323/wmo323/jw325/wmo325 zip in a ``berichten`` folder
    below DIR (a region's, or every region's of a country) into a fresh warehouse: hash and archive, parse,
    row rules, BSN elfproef and pseudonym, write to raw.* and meta.*, with the worker processes ingest starts.
(b) one process, ``lxml.etree.iterparse`` over each zip entry, keeping the same fields the reader keeps of a
    323/325 (header, declaratie, Bsn, every Prestatie's fields) as strings in a Python list of tuples:
    no row rules, no hashing, no writing.

Both count prestaties: the Prestatie elements of those messages. For (a) that is rows_in over the files,
i.e. rows of raw.berichten_declaratie + raw.berichten_declaratie_antwoord plus prestaties quarantined; the
benchmark checks that (b) found the same number. The figure is (a)'s prestaties/s over (b)'s; goal >= 2.0.
At land scale only the last three months are taken (a rate needs no national total). Wall-clock figures
depend on other load on the machine; the note adds both runs' CPU seconds and what they allow on idle cores.

    .venv/bin/python benchmarks/xml_ingest.py DIR [--scale land]    # DIR: what `stuurwiel generate --out` wrote
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.meting import BenchContext, Meting  # noqa: E402
from pipelines import ingest  # noqa: E402
from pipelines.archief import Archief  # noqa: E402
from pipelines.privacy import Pseudonymiser  # noqa: E402
from pipelines.warehouse import Warehouse  # noqa: E402

DOEL = 2.0
LAND_MONTHS = 3
_DECLARATIE_ZIP = re.compile(r"(jw|wmo)32[35]")
# The elements the reader reads of a 323/325 (mapping.py): header, declaratie, Client's Bsn, Prestatie's leaves.
_GELEZEN = [
    "{*}" + name
    for name in (
        *("Afzender", "Ontvanger", "Identificatie", "Dagtekening", "DeclaratieNummer", "DeclaratieDagtekening"),
        *("Begindatum", "Einddatum", "TotaalBedrag", "DebetCredit", "RetourCode", "Bsn", "ReferentieNummer"),
        *("ToewijzingNummer", "ProductCategorie", "ProductCode", "GeleverdVolume", "Eenheid", "ProductTarief"),
        *("Bedrag", "Prestatie", "Client"),
    )
]


def declaratie_zips(bronnen: Path) -> list[Path]:
    """The 323 and 325 zips below a ``berichten`` folder of ``bronnen`` (one region, or a country's regions)."""
    return sorted(
        p
        for p in bronnen.rglob("*.zip")
        if _DECLARATIE_ZIP.match(p.name) and "berichten" in p.relative_to(bronnen).parts
    )


def bare_loop(files: list[Path]) -> int:
    """Prestaties found, each read as a row: the message's header and declaratie texts, the Bsn, the
    Prestatie's leaf texts.

    As a competent hand-written loop would: lxml filters the elements by tag, texts go into lists in
    document order, a Client is cleared once read. A file's rows are dropped after the file, as the
    ingest's are once stored: a region's rows as Python tuples would take gigabytes.
    """
    found = 0
    for path in files:
        rows: list[tuple] = []
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                kop: tuple = ()
                texts: list[str] = []
                bsn = None
                for _, element in etree.iterparse(BytesIO(archive.read(info)), events=("end",), tag=_GELEZEN):
                    name = element.tag.rpartition("}")[2]
                    if name == "Prestatie":
                        rows.append((kop, bsn, texts))
                        texts = []
                    elif name == "Client":
                        texts = []
                        element.clear()
                    elif name == "Bsn":
                        kop = kop or tuple(texts)  # the message's fields came before its first Client
                        texts, bsn = [], element.text
                    else:
                        texts.append(element.text)
        found += len(rows)
    return found


def full_ingest(files: list[Path], store: Warehouse, archief: Path) -> tuple[int, int, int]:
    """(prestaties read, loaded, quarantined) by ingest_files into ``store``."""
    with store.connect() as con:
        outcomes = list(
            ingest.ingest_files(
                con, "berichten", files, Pseudonymiser(b"benchmark-key-" * 3), "bench", Archief(archief, b"a" * 32)
            )
        )
    rejected = [o.path for o in outcomes if o.status not in ("loaded", "partially_loaded")]
    if rejected:
        raise RuntimeError(f"files not loaded: {rejected}")
    return (
        sum(o.rows_in for o in outcomes),
        sum(o.rows_loaded for o in outcomes),
        sum(o.rows_quarantined for o in outcomes),
    )


def _month(path: Path, bronnen: Path) -> str:
    """The month folder below ``berichten`` a zip is in ('' if none)."""
    parts = path.relative_to(bronnen).parts
    below = parts[parts.index("berichten") + 1 :]
    return below[0] if len(below) > 1 else ""


def _cpu_s() -> float:
    """CPU seconds of this process and its ended children (ingest's reader processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def meet(ctx: BenchContext) -> list[Meting]:
    files = declaratie_zips(ctx.bronnen)
    if not files:
        raise FileNotFoundError(f"no jw323/wmo323/jw325/wmo325 zips in a berichten folder under {ctx.bronnen}")
    months = sorted({_month(path, ctx.bronnen) for path in files})
    if ctx.scale == "land":  # a rate, not a total: three months keep both runs to a few minutes
        months = months[-LAND_MONTHS:]
        files = [path for path in files if _month(path, ctx.bronnen) in months]
    werkmap = ctx.werkmap / "xml_ingest"
    shutil.rmtree(werkmap, ignore_errors=True)  # an interrupted attempt's warehouse would refuse the files again
    werkmap.mkdir(parents=True)
    store = Warehouse(werkmap / "warehouse.duckdb")
    store.ensure_schema()

    started, cpu = time.perf_counter(), _cpu_s()
    read, loaded, quarantined = full_ingest(files, store, werkmap / "archief")
    ingest_s, ingest_cpu = time.perf_counter() - started, _cpu_s() - cpu

    started, cpu = time.perf_counter(), _cpu_s()
    bare = bare_loop(files)
    bare_s, bare_cpu = time.perf_counter() - started, _cpu_s() - cpu
    if bare != read:
        raise RuntimeError(f"the bare loop found {bare} prestaties, the ingest read {read}")

    rate, reference = read / ingest_s, bare / bare_s
    ratio = rate / reference
    return [
        Meting(
            nummer=1,
            naam="XML ingest",
            waarde=rate,
            eenheid="prestaties/s",
            referentie=reference,
            referentie_naam="bare lxml iterparse loop, one process",
            ratio=ratio,
            doel=f">= {DOEL}",
            gehaald=ratio >= DOEL,
            toelichting=(
                f"{len(files)} zips ({len(months)} months), {read:,} prestaties ({loaded:,} loaded, "
                f"{quarantined:,} quarantined): ingest {ingest_s:.1f} s ({ingest_cpu:.1f} s CPU, all processes), "
                f"bare loop {bare_s:.1f} s ({bare_cpu:.1f} s CPU); on {os.cpu_count()} otherwise idle cores "
                f"at most {os.cpu_count() * bare_cpu / ingest_cpu:.2f} (cores x bare CPU / ingest CPU)"
            ),
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bronnen", type=Path, help="generated source files (holds berichten/)")
    parser.add_argument("--scale", default="regio", help="land: only the last three months")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xml_ingest_") as tmp:
        [meting] = meet(BenchContext(scale=args.scale, bronnen=args.bronnen, werkmap=Path(tmp)))
    print("| benchmark | figure | reference | ratio | goal | met |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {meting.nummer}. {meting.naam} | {meting.waarde:,.0f} {meting.eenheid} | "
        f"{meting.referentie:,.0f} ({meting.referentie_naam}) | {meting.ratio:.2f} | {meting.doel} | "
        f"{'ja' if meting.gehaald else 'nee'} |"
    )
    print(meting.toelichting)


if __name__ == "__main__":
    main()
