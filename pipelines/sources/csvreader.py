"""Shared reading of the delimited exports of municipal finance systems (ledger, budget).

Finance systems and spreadsheets differ in encoding, delimiter, column order and
number style; this module absorbs those differences once. A source module only
names its columns and maps one row of strings to its table columns.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from pipelines.privacy import BSN_MASK, Pseudonymiser, elfproef, normalise_bsn
from pipelines.sources.base import FileRejected, QuarantineRow, ReadResult, RowRejected, build_table

DELIMITERS = (";", ",", "\t")
_BOM = "\ufeff"  # still present when only the header is decoded, in detect()
_CHUNK = 1 << 20
_MIN_JAAR = 2000
_MAX_JAAR_AHEAD = 5  # budgets carry a meerjarenraming T+1..T+3; allow some slack
_MAX_BEDRAG = Decimal(10) ** 16  # DECIMAL(18,2)

# re.ASCII: \d would otherwise accept e.g. Arabic-Indic digits, which int() happily converts.
_AMOUNT = re.compile(r"[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?", re.ASCII)
_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})|(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_INTEGER = re.compile(r"[-+]?\d+", re.ASCII)
_TAAKVELD = re.compile(r"\d\.\d+[a-z]?", re.ASCII)
_GEMEENTE = re.compile(r"(?:gm)?(\d{1,4})", re.ASCII | re.IGNORECASE)


@dataclass(frozen=True)
class CsvSource:
    table: str
    columns: tuple[str, ...]  # lower-case header names, in the order row() receives them
    row: Callable[[list[str]], tuple]  # stripped values -> table columns; raises RowRejected
    # Sources with a BSN column mask it in the original line kept with a quarantined row.
    mask: Callable[[str], str] | None = None

    # A source whose rows hold no BSN is fully described by its CsvSource: its module's reader
    # interface is ``detect = SOURCE.detect`` and ``read = SOURCE.read``.

    def detect(self, path: str | Path, head: bytes) -> bool:
        """Whether the first line of a delivery names this source's columns."""
        return header_matches(head, self.columns)

    def read(self, path: str | Path, pseudonymiser: Pseudonymiser | None = None) -> ReadResult:
        """The delivery as this source's table and quarantine. ``pseudonymiser`` is not used: it is part
        of the reader signature every source shares, and a source with a BSN column binds its own."""
        return read_csv(path, self)


# --- value parsers (raise RowRejected) -------------------------------------------------
# Parsers of low-cardinality columns are cached: a ledger repeats a few hundred dates,
# years, gemeenten and taakvelden over many rows. Rejections are not cached.


def required(value: str, veld: str) -> str:
    if not value:
        raise RowRejected("verplicht_veld", f"{veld} ontbreekt")
    return value


def optional(value: str) -> str | None:
    return value or None


def parse_int(value: str, veld: str) -> int:
    if not _INTEGER.fullmatch(required(value, veld)):
        raise RowRejected("getal_ongeldig", f"{veld} is geen geheel getal", value)
    return int(value)


@lru_cache(maxsize=1024)
def parse_jaar(value: str, veld: str) -> int:
    jaar = parse_int(value, veld)
    if not _MIN_JAAR <= jaar <= date.today().year + _MAX_JAAR_AHEAD:
        raise RowRejected("jaar_onwaarschijnlijk", f"{veld} is geen plausibel jaar", value)
    return jaar


@lru_cache(maxsize=8192)
def parse_date(value: str, veld: str) -> date:
    match = _DATE.fullmatch(required(value, veld))
    if match is not None:
        day, month, year, iso_year, iso_month, iso_day = match.groups()
        try:
            if year:
                return date(int(year), int(month), int(day))
            return date(int(iso_year), int(iso_month), int(iso_day))
        except ValueError:
            pass
    raise RowRejected("datum_ongeldig", f"{veld} is geen datum (dd-mm-jjjj)", value)


def parse_bedrag(value: str, veld: str) -> Decimal:
    """Decimal comma, optional thousands dots: '1.234,56', '-12,5'. A dot is never a decimal point."""
    if not _AMOUNT.fullmatch(required(value, veld)):
        raise RowRejected("bedrag_ongeldig", f"{veld} is geen bedrag (1.234,56)", value)
    bedrag = Decimal(value.replace(".", "").replace(",", "."))
    if abs(bedrag) >= _MAX_BEDRAG:
        raise RowRejected("bedrag_ongeldig", f"{veld} is te groot", value)
    return bedrag


@lru_cache(maxsize=4096)
def parse_gemeentecode(value: str, veld: str = "Gemeentecode") -> str:
    """'153', '0153' or 'GM0153' -> 'GM0153' (spreadsheets drop leading zeros)."""
    match = _GEMEENTE.fullmatch(required(value, veld))
    if match is None or int(match.group(1)) == 0:
        raise RowRejected("gemeentecode_ongeldig", f"{veld} is geen CBS-gemeentecode", value)
    return "GM" + match.group(1).zfill(4)


@lru_cache(maxsize=4096)
def parse_taakveld(value: str, veld: str = "Taakveld") -> str:
    taakveld = required(value, veld).lower()
    if not _TAAKVELD.fullmatch(taakveld):
        raise RowRejected("taakveld_ongeldig", f"{veld} is geen Iv3-taakveld", value)
    return taakveld


class BsnColumn:
    """Elfproef and keyed pseudonym of a BSN column; each distinct BSN is hashed once per file."""

    def __init__(self, pseudonymiser: Pseudonymiser) -> None:
        self._pseudonymiser = pseudonymiser
        self._seen: dict[str, str] = {}

    def pseudonym(self, value: str, veld: str = "BSN") -> str:
        known = self._seen.get(value)
        if known is None:
            bsn = normalise_bsn(required(value, veld))
            if bsn is None or not elfproef(bsn):
                raise RowRejected("bsn_elfproef", f"{veld} voldoet niet aan de elfproef", BSN_MASK)
            known = self._seen[value] = self._pseudonymiser.pseudonym(bsn)
        return known


# A run of 8 or 9 digits on its own: any BSN spelling, wherever a broken line moved it.
_BSN_LIKE = re.compile(r"(?<!\d)\d{8,9}(?!\d)", re.ASCII)


def mask_bsn_like(text: str) -> str:
    """``text`` with every stand-alone run of 8 or 9 digits masked: no BSN may reach the quarantine."""
    return _BSN_LIKE.sub(BSN_MASK, text)


# --- header and encoding -----------------------------------------------------------------


def _split_header(line: str) -> dict[str, list[str]]:
    """Per delimiter, the lower-case column names the header line splits into."""
    line = line.lstrip(_BOM).rstrip("\r\n")
    return {
        delimiter: [name.strip().lower() for name in next(csv.reader([line], delimiter=delimiter))]
        for delimiter in DELIMITERS
    }


def _delimiter(line: str, columns: Sequence[str]) -> tuple[str, list[str]] | None:
    for delimiter, names in _split_header(line).items():
        if set(columns) <= set(names):
            return delimiter, names
    return None


def header_matches(head: bytes, columns: Sequence[str]) -> bool:
    # Header names are ASCII, so any of the accepted encodings decodes them alike.
    first_line = head.decode("utf-8", errors="replace").partition("\n")[0]
    return _delimiter(first_line, columns) is not None


def _encoding(path: Path) -> str:
    """UTF-8 (BOM optional) if the whole file decodes as such, else Windows-1252.

    A file that starts with a UTF-8 BOM says what it is: a line in it that is not UTF-8 is an error
    of that line (reported by the caller), not a reason to read the whole file as Windows-1252.
    """
    with path.open("rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _undecodable_line(path: Path, encoding: str) -> FileRejected:
    """The exact line of a decoding error; only called once decoding has failed."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError as error:
                return FileRejected(str(path), number, f"teken 0x{raw[error.start]:02x} niet te lezen als {encoding}")
    return FileRejected(str(path), None, f"niet te lezen als {encoding}")


class _Lines:
    """Decoded lines for csv.reader, remembering which source lines the current record spans."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self.number = 0  # last line handed out
        self.pending: list[str] = []  # lines of the record being read

    def __iter__(self) -> Iterator[str]:
        for line in self._handle:
            self.number += 1
            self.pending.append(line)
            yield line

    def take_record(self) -> tuple[int, list[str]]:
        """(first line number, lines) of the record just parsed."""
        lines, self.pending = self.pending, []
        return self.number - len(lines) + 1, lines


# --- reading -------------------------------------------------------------------------


def _blank(fields: list[str]) -> bool:
    # Spreadsheets export empty rows as ';;;;' and often leave some at the end.
    return not "".join(fields).strip()


def _values(fields: list[str], positions: list[int], width: int) -> list[str]:
    if len(fields) != width and (len(fields) < width or not _blank(fields[width:])):
        raise RowRejected("aantal_kolommen", f"{len(fields)} kolommen, verwacht {width}", str(len(fields)))
    return [fields[position].strip() for position in positions]


def _rows(path: Path, handle: TextIO, source: CsvSource) -> tuple[list[tuple], list[QuarantineRow]]:
    file = str(path)
    lines = _Lines(handle)
    line_iter = iter(lines)
    header = next(line_iter, None)
    if header is None or not header.strip():
        raise FileRejected(file, 1, "leeg bestand of lege kopregel")
    found = _delimiter(header, source.columns)
    if found is None:
        raise FileRejected(file, 1, f"kopregel mist kolommen {', '.join(source.columns)}")
    delimiter, names = found
    positions = [names.index(column) for column in source.columns]
    lines.take_record()
    rows: list[tuple] = []
    quarantine: list[QuarantineRow] = []
    reader = csv.reader(line_iter, delimiter=delimiter)
    try:
        for fields in reader:
            line, raw_lines = lines.take_record()
            if _blank(fields):
                continue
            try:
                rows.append((*source.row(_values(fields, positions, len(names))), file, line))
            except RowRejected as problem:
                content = "".join(raw_lines).rstrip("\r\n")
                if source.mask is not None:
                    content = source.mask(content)
                quarantine.append(QuarantineRow(file, line, content, problem.rule, problem.message, problem.value))
    except csv.Error as error:
        raise FileRejected(file, lines.number, f"CSV niet te lezen: {error}") from None
    return rows, quarantine


def read_csv(path: str | Path, source: CsvSource) -> ReadResult:
    path = Path(path)
    encoding = _encoding(path)
    try:
        # newline="": csv must see the original line ends to handle quoted line breaks.
        with path.open(encoding=encoding, newline="") as handle:
            rows, quarantine = _rows(path, handle, source)
    except UnicodeDecodeError:
        raise _undecodable_line(path, encoding) from None
    table = build_table(source.table, rows)
    return ReadResult(tables={source.table: table}, quarantine=quarantine, rows_in=len(rows) + len(quarantine))


def date_range(path: str | Path, source: CsvSource, column: str) -> tuple[date, date] | None:
    """Earliest and latest valid date in one column, or None: a quick pass that tells which months a
    delivery covers before it is loaded. Problems are the loader's to report, not this pass's."""
    path = Path(path)
    found: set[date] = set()
    try:
        with path.open(encoding=_encoding(path), newline="") as handle:
            located = _delimiter(handle.readline(), source.columns)
            if located is None:
                return None
            delimiter, names = located
            position = names.index(column)
            for fields in csv.reader(handle, delimiter=delimiter):
                try:
                    found.add(parse_date(fields[position].strip(), column))
                except (IndexError, RowRejected):
                    continue
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return (min(found), max(found)) if found else None
