"""Write a Region as the source files of docs/architecture.md:

    berichten/<jjjj-mm>/<jw|wmo><301|305|307|315|317|319|323|325>.zip   one XML message per entry;
                                                         325 = the gemeente's answer to each 323
    grootboek/grootboek_<jjjj>.csv                       Windows-1252, ';', decimal comma
    begroting/begroting_<jjjj>.csv                       UTF-8 with BOM, ';', decimal comma
    aanbieders/contracten.csv                            UTF-8 with BOM, ';', decimal comma
    zaaksysteem/*.csv, enquete/clientervaring_<jjjj>.csv  see demo/zaak_files.py
    cbs/kwb_<jjjj>_synthetisch.csv                       what CBS would publish about the demo, see demo/cbs_kwb.py
    brp/brp_<gemeentecode>_<jjjj>.csv                    residents by age and wijk on 1 January, see demo/brp.py

Writing only serialises: every value (tariffs, KvK numbers, what a 325 grants, which requests
are made) is decided while the Region is generated, in the module that models it.

Output is byte-identical for the same Region: entries are written in a fixed
order with fixed zip timestamps.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import struct
import zlib
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from demo.berichten import Bericht, document, prefix, renderers
from demo.berichten_declaratie import berichten_323, berichten_325
from demo.berichten_toewijzing import berichten_301, berichten_319, berichten_start_stop, berichten_verzoek
from demo.brp import write_brp
from demo.cbs_kwb import write_kwb
from demo.helpers import write_csv
from demo.model import Region
from demo.zaak_files import write_enquete, write_zaaksysteem

GROOTBOEK_HEADER = [
    "Boekjaar",
    "Boekdatum",
    "Gemeentecode",
    "Taakveld",
    "Categorie",
    "Kostenplaats",
    "Crediteurnummer",
    "Crediteurnaam",
    "Omschrijving",
    "Bedrag",
]
BEGROTING_HEADER = ["Begrotingsjaar", "Gemeentecode", "Taakveld", "Soort", "Wijzigingnummer", "Datum", "Bedrag"]
AANBIEDERS_HEADER = [
    "AGB-code",
    "KvK-nummer",
    "Naam",
    "Wet",
    "Gemeentecode",
    "Financieringsvorm",
    "Productcategorie",
    "Productcode",
    "Eenheid",
    "Tarief",
    "Ingangsdatum",
    "Einddatum",
    "Contractplafond",
]
_SOORT = {"primitief": "Primitieve begroting", "wijziging": "Begrotingswijziging"}
# Within a day: requests, answers, toewijzingen, then the aanbieder's messages.
_ORDER = {"315": 0, "317": 1, "319": 2, "301": 3, "305": 4, "307": 5, "323": 6}
# Level 1: the messages are very repetitive, so it compresses almost as well
# as the default level in a fraction of the time.
_COMPRESSLEVEL = 1
_MAX_WORKERS = 4
_JOB: tuple | None = None  # what forked workers read; set only while writing


def write_sources(
    region: Region, out_dir: str | Path, *, workers: int | None = None, ident_offset: int = 0
) -> dict[str, int]:
    """Write all source files under ``out_dir``. The ``berichten``, ``grootboek``, ``begroting``,
    ``aanbieders``, ``zaaksysteem``, ``enquete``, ``cbs`` and ``brp`` folders are replaced, nothing else is touched.
    Returns how many files (and XML messages) were written.

    ``workers``: processes writing the messages (default one per core, at most four); 1 writes them here, a
    year at a time, for a caller that runs several regions side by side (demo/land.py). ``ident_offset`` is
    added to every message's number within its month, so that regions written apart never share a
    BerichtIdentificatie. Neither changes what a region with the defaults writes."""
    out = Path(out_dir)
    for folder in ("berichten", "grootboek", "begroting", "aanbieders", "zaaksysteem", "enquete", "cbs", "brp"):
        shutil.rmtree(out / folder, ignore_errors=True)
    zips, messages = _write_berichten(region, out / "berichten", workers, ident_offset)
    return {
        "berichten": zips,
        "xml": messages,
        "grootboek": _write_grootboek(region, out / "grootboek"),
        "begroting": _write_begroting(region, out / "begroting"),
        "aanbieders": _write_aanbieders(region, out / "aanbieders"),
        "zaaksysteem": write_zaaksysteem(region, out / "zaaksysteem"),
        "enquete": write_enquete(region, out / "enquete"),
        "cbs": write_kwb(region, out / "cbs"),
        "brp": write_brp(region, out / "brp"),
    }


def _write_berichten(region: Region, folder: Path, workers: int | None, ident_offset: int) -> tuple[int, int]:
    """Months are independent, so they are split over processes (fork: the
    region is shared, not copied). Every worker writes whole months. A single
    writer takes a year at a time: a share's messages are held until its months are written.

    A second pass writes the 325s: each one names its 323's BerichtIdentificatie, which is
    only known once the 323's month is written, and may fall in the next month."""
    global _JOB
    first, last = np.datetime64(f"{region.start_year}-01"), np.datetime64(f"{region.end_year}-12")
    months = np.datetime_as_string(np.arange(first, last + 1), unit="M").tolist()
    workers = workers or min(len(os.sched_getaffinity(0)), _MAX_WORKERS, len(months))
    if workers == 1:
        shares = [months[i : i + 12] for i in range(0, len(months), 12)]
    else:
        shares = [months[i::workers] for i in range(workers)]  # interleaved: later months are busier
    _JOB = (region, *renderers(region), folder, ident_offset)
    try:
        results = _run(_write_months, shares, workers)
        identificatie = {row: ident for r in results for row, ident in r[2].items()}
        counts = {month: n for r in results for month, n in r[3].items()}
        _JOB = (*_JOB, identificatie, counts, region.declaratie_antwoorden.dagtekening)
        answers = _run(_write_325_months, shares, workers)
    finally:
        _JOB = None
    return sum(r[0] for r in results + answers), sum(r[1] for r in results + answers)


def _run(task, shares: list[list[str]], workers: int) -> list:
    if workers == 1 or len(shares) == 1:
        return [task(share) for share in shares]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(task, shares))


def _write_months(months: list[str]) -> tuple[int, int, dict[int, str], dict[str, int]]:
    """Writes the 301-323 zips of ``months``; also returns the Identificatie of every 323
    (by DeclaratieBerichten row) and the number of messages per month."""
    region, people, tr, folder, ident_offset = _JOB
    wanted = set(months)
    by_month: dict[str, list[Bericht]] = defaultdict(list)
    for b in (
        berichten_301(region, people, tr, wanted)
        + berichten_start_stop(region, people, tr, "305", wanted)
        + berichten_start_stop(region, people, tr, "307", wanted)
        + berichten_verzoek(region, people, tr, wanted)
        + berichten_319(region.verzoeken, tr, wanted)
    ):
        by_month[b.dagtekening[:7]].append(b)
    months_323 = np.datetime_as_string(region.declaratieberichten.dagtekening, unit="M")
    zips = messages = 0
    identificatie: dict[int, str] = {}
    counts: dict[str, int] = {}
    for month in months:
        rows = np.flatnonzero(months_323 == month)  # contiguous: sorted by dagtekening
        row_of: dict[int, int] = {}
        if len(rows):
            declaraties = berichten_323(region, people, tr, range(rows[0], rows[-1] + 1))
            row_of = {id(b): r for b, r in zip(declaraties, range(rows[0], rows[-1] + 1), strict=False)}
            by_month[month] += declaraties
        # A stable sort keeps the generation order among equal keys: deterministic.
        ordered = sorted(by_month.pop(month, []), key=lambda b: (b.dagtekening, _ORDER[b.soort], b.wet))
        per_zip: dict[tuple[str, str], list[tuple[str, Bericht]]] = defaultdict(list)
        for seq, b in enumerate(ordered, start=1):
            # Unique without a global counter: jjmm + sequence within the month.
            ident = f"{month[2:4]}{month[5:7]}{ident_offset + seq:08d}"
            per_zip[b.wet, b.soort].append((ident, b))
            if b.soort == "323":
                identificatie[row_of[id(b)]] = ident
        for (wet, soort), entries in sorted(per_zip.items()):
            _write_zip(folder / month / f"{prefix(wet, soort)[0]}.zip", entries)  # e.g. jw301.zip
            zips += 1
        messages += len(ordered)
        counts[month] = len(ordered)
    return zips, messages, identificatie, counts


def _write_325_months(months: list[str]) -> tuple[int, int]:
    """jw325.zip and wmo325.zip per month: the answers dated in it, numbered after the month's other messages."""
    region, people, tr, folder, ident_offset, identificatie, counts, dagtekening = _JOB
    antwoord_month = np.datetime_as_string(dagtekening, unit="M")  # 'NaT' when no answer is sent
    zips = messages = 0
    for month in months:
        rows = np.flatnonzero(antwoord_month == month)
        if not len(rows):
            continue
        rows = rows[np.argsort(dagtekening[rows], kind="stable")]  # by dagtekening, then 323 order
        rows_sorted = np.sort(rows)
        berichten = dict(
            zip(
                rows_sorted.tolist(),
                berichten_325(
                    region,
                    people,
                    tr,
                    rows_sorted,
                    np.datetime_as_string(dagtekening[rows_sorted], unit="D").tolist(),
                    identificatie,
                ),
                strict=False,
            )
        )
        start = ident_offset + counts.get(month, 0)
        entries = [
            (f"{month[2:4]}{month[5:7]}{start + seq:08d}", berichten[r]) for seq, r in enumerate(rows.tolist(), start=1)
        ]
        for wet in ("jeugd", "wmo"):
            of_wet = [(ident, b) for ident, b in entries if b.wet == wet]
            if of_wet:
                _write_zip(folder / month / f"{prefix(wet, '325')[0]}.zip", of_wet)  # jw325.zip, wmo325.zip
                zips += 1
        messages += len(entries)
    return zips, messages


def _write_zip(path: Path, entries: list[tuple[str, Bericht]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        _zip_bytes(
            (f"{prefix(b.wet, b.soort)[0]}_{ident}.xml", document(b, ident).encode("utf-8"), b.dagtekening)
            for ident, b in entries
        )
    )


def _zip_bytes(entries) -> bytes:
    """A zip archive of (name, data, 'YYYY-MM-DD') entries, deflated, timestamp
    = the date at midnight. Built in memory because ``zipfile`` costs about
    100 microseconds per entry and a regio run has hundreds of thousands."""
    parts, central, offset, count = [], [], 0, 0
    for name, data, day in entries:
        year, month, date = (int(x) for x in day.split("-"))
        dos_date = (year - 1980) << 9 | month << 5 | date
        packed = zlib.compress(data, _COMPRESSLEVEL, wbits=-15)  # raw deflate, as zip wants it
        crc, raw_name = zlib.crc32(data), name.encode("ascii")
        header = struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, dos_date, crc, len(packed), len(data), len(raw_name), 0
        )
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                dos_date,
                crc,
                len(packed),
                len(data),
                len(raw_name),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + raw_name
        )
        parts += [header, raw_name, packed]
        offset += len(header) + len(raw_name) + len(packed)
        count += 1
    directory = b"".join(central)
    if count < 0xFFFF:
        end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    else:  # ZIP64 end records: only the entry count overflows (land scale)
        zip64_at = offset + len(directory)
        end = (
            struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(directory), offset)
            + struct.pack("<4sLQL", b"PK\x06\x07", 0, zip64_at, 1)
            + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), offset, 0)
        )
    return b"".join(parts) + directory + end


def _amount(cents: int) -> str:
    """Decimal comma, no thousands separator: -1234567 -> '-12345,67'."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


def _write_per_year(folder: Path, name: str, header: list[str], encoding: str, records, year, order, row) -> int:
    """One file per year of ``records`` (``name`` with {year}), its lines sorted by ``order``."""
    folder.mkdir(parents=True, exist_ok=True)
    years = sorted({year(r) for r in records})
    for y in years:
        lines = sorted((r for r in records if year(r) == y), key=order)
        write_csv(folder / name.format(year=y), header, (row(r) for r in lines), encoding)
    return len(years)


def _write_grootboek(region: Region, folder: Path) -> int:
    # Windows-1252: what a Dutch municipal ERP export looks like.
    return _write_per_year(
        folder,
        "grootboek_{year}.csv",
        GROOTBOEK_HEADER,
        "cp1252",
        region.grootboek,
        year=lambda b: b.boekjaar,
        order=lambda b: (b.boekdatum, b.gemeentecode, b.taakveld, b.crediteurnummer, b.omschrijving),
        row=lambda b: [
            b.boekjaar,
            f"{b.boekdatum:%d-%m-%Y}",
            b.gemeentecode[2:],
            b.taakveld,
            b.categorie,
            b.kostenplaats,
            b.crediteurnummer,
            b.crediteurnaam,
            b.omschrijving,
            _amount(b.bedrag_cent),
        ],
    )


def _write_begroting(region: Region, folder: Path) -> int:
    return _write_per_year(
        folder,
        "begroting_{year}.csv",
        BEGROTING_HEADER,
        "utf-8-sig",
        region.begroting,
        year=lambda r: r.begrotingsjaar,
        order=lambda r: (r.gemeentecode, r.wijzigingnummer, r.taakveld),
        row=lambda r: [
            r.begrotingsjaar,
            r.gemeentecode[2:],
            r.taakveld,
            _SOORT[r.soort],
            r.wijzigingnummer,
            f"{r.datum:%d-%m-%Y}",
            _amount(r.bedrag_cent),
        ],
    )


_WET_CONTRACT = {"jeugd": "Jeugdwet", "wmo": "Wmo"}


def contract_rows(region: Region) -> list[list[str]]:
    """The lines of contracten.csv, in the order of ``region.contracten``."""
    return [
        [
            c.agb,
            c.kvk,
            c.naam,
            _WET_CONTRACT[c.wet],
            c.gemeentecode[2:],
            c.variant,
            c.productcategorie,
            c.productcode,
            c.eenheid,
            "" if c.tarief_cent is None else _amount(c.tarief_cent),
            f"{c.ingangsdatum:%d-%m-%Y}",
            f"{c.einddatum:%d-%m-%Y}",
            _amount(c.plafond_cent),
        ]
        for c in region.contracten
    ]


def _write_aanbieders(region: Region, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    # UTF-8 with BOM, as a contract register exported from a spreadsheet.
    write_csv(folder / "contracten.csv", AANBIEDERS_HEADER, contract_rows(region), "utf-8-sig")
    return 1
