"""Shared reading of the delimited exports (ledger, budget, contracts, case system, survey, BRP counts).

Finance systems and spreadsheets differ in encoding, delimiter, column order and number style; this
module absorbs those differences once. A source module names its columns and states its row rules as
SQL (``csvregels``); reading a delivery is then one DuckDB query over the whole file:

1. one streaming pass in Python (C codecs, no per-line work) settles the encoding (UTF-8, else
   Windows-1252, which DuckDB cannot read: its latin-1 differs in 0x80-0x9F, the euro sign among them)
   and transcodes a Windows-1252 file to a UTF-8 scratch copy; it also notes empty lines, which
   DuckDB skips, so that line numbers stay exact;
2. DuckDB reads every field as text, with the delimiter the header showed; a row's first line follows
   from its position and the line breaks inside its quoted fields;
3. the rules run as one CASE per row: the first rule a row breaks is its quarantine reason, every
   other row is a typed row of the source's raw table;
4. each distinct BSN is pseudonymised once (pipelines/privacy.py), and only the quarantined lines are
   read back from the file, BSN masked.
"""

from __future__ import annotations

import array
import bisect
import codecs
import csv
import functools
import io
import itertools
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.privacy import BSN_MASK, WEGGELATEN, Pseudonymiser, mask_elfproef, process_cache
from pipelines.sources.base import RAW_SCHEMAS, FileRejected, QuarantineRow, ReadResult
from pipelines.sources.csvregels import MACROS, Kolom, Regel, Regels, lit

DELIMITERS = (";", ",", "\t")
_BOM = "\ufeff"  # still present when only the header is decoded, in detect()
_CHUNK = 1 << 20
# What Python's str.strip() removes: spreadsheets pad fields with spaces, tabs and no-break spaces.
WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
WHITESPACE += "\u2028\u2029\u202f\u205f\u3000"
# A longer line is no export line but a broken file (Python's csv field limit, which this reader replaces).
MAX_LINE_BYTES = 131_072
# Spare columns read beyond the header: a row with more fields makes DuckDB stop, and the read is
# repeated with room for them; more than this many is a broken file (the exports have at most 13 columns,
# and each read of a 1,000 columns costs seconds of query planning, so a hostile line must not ask for it).
_MAX_COLUMNS = 256
_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"
_PADDED = f"(^|\x01){_CLASS}|{_CLASS}(\x01|$)"  # fields joined by \x01, which is no white space
_NULL = "\x00"  # DuckDB's NULL string: no field is ever this, so NULL means 'the row had no such field'
_FOUND_COLUMNS = re.compile(r"Expected Number of Columns: \d+ Found: (\d+)")
_ERROR_LINE = re.compile(r"CSV Error on Line: (\d+)")
_EMPTY_LINE = re.compile(rb"\n(?=\r?\n)")
_BARE_CR = re.compile(rb"\r(?!\n)")


@dataclass(frozen=True)
class CsvSource:
    table: str
    columns: tuple[str, ...]  # lower-case header names, in the order ``regels`` receives them
    regels: Callable[[list[str]], Regels]  # SQL references to the stripped values -> the row's rules
    # Free-text columns, which may name a person or quote a BSN: never shown with a quarantined row.
    vrije_tekst: tuple[str, ...] = ()
    # What a quarantined row shows is masked: elfproef-valid numbers in every source; sources with a BSN column
    # mask every run of 8 or 9 digits (mask_bsn_like).
    mask: Callable[[str], str] = mask_elfproef

    # A source whose rows hold no BSN is fully described by its CsvSource: its module's reader
    # interface is ``detect = SOURCE.detect`` and ``read = SOURCE.read``.

    def detect(self, path: str | Path, head: bytes) -> bool:
        """Whether the first line of a delivery names this source's columns."""
        return header_matches(head, self.columns)

    def read(self, path: str | Path, pseudonymiser: Pseudonymiser | None = None) -> ReadResult:
        """The delivery as this source's table and quarantine; ``pseudonymiser`` is needed only when a
        rule keeps a BSN."""
        return read_csv(path, self, pseudonymiser)


# A run of 8 or 9 digits on its own: any BSN spelling, wherever a broken line moved it.
_BSN_LIKE = re.compile(r"(?<!\d)\d{8,9}(?!\d)", re.ASCII)


def mask_bsn_like(text: str) -> str:
    """``text`` with every stand-alone run of 8 or 9 digits masked, and every elfproef-valid number written in
    groups (123.456.782): no BSN may reach the quarantine."""
    return mask_elfproef(_BSN_LIKE.sub(BSN_MASK, text))


# --- header ------------------------------------------------------------------------------------


def _split_header(line: str) -> dict[str, list[str]]:
    """Per delimiter, the lower-case column names the header line splits into."""
    line = line.lstrip(_BOM).rstrip("\r\n")
    return {delimiter: _names(line, delimiter) for delimiter in DELIMITERS}


def _names(line: str, delimiter: str) -> list[str]:
    try:
        return [name.strip().lower() for name in next(csv.reader([line], delimiter=delimiter))]
    except csv.Error:  # a lone carriage return inside the line: no header of any source
        return []


def _delimiter(line: str, columns: Sequence[str]) -> tuple[str, list[str]] | None:
    for delimiter, names in _split_header(line).items():
        if set(columns) <= set(names):
            return delimiter, names
    return None


def header_matches(head: bytes, columns: Sequence[str]) -> bool:
    # Header names are ASCII, so any of the accepted encodings decodes them alike.
    first_line = head.decode("utf-8", errors="replace").partition("\n")[0]
    return _delimiter(first_line, columns) is not None


# --- the file as DuckDB reads it -------------------------------------------------------------------


@dataclass
class _File:
    """A delivery ready for DuckDB: UTF-8 at ``path`` (the original, or a transcoded scratch copy)."""

    original: Path
    path: Path
    header: str = ""
    quotes: bool = False  # a '"' anywhere: fields may hold line breaks
    empty_lines: list[int] = field(default_factory=list)  # outside quoted fields, which DuckDB skips
    padded: bool = False  # white space next to a delimiter or line end: some field needs stripping
    bare_cr: int | None = None  # first line with a carriage return outside quotes and not before a line feed


class _Scan:
    """Follows line numbers, quotes, empty lines and padded fields over consecutive parts of a file (whole
    lines, UTF-8)."""

    def __init__(self, file: _File, columns: Sequence[str]) -> None:
        self.file = file
        self.columns = columns
        self.lines = 0  # line breaks before the current part
        self.quote_count = 0
        self.table: bytes | None = None  # see _padding_table, once the header is known

    def feed(self, part: bytes) -> None:
        # A part starts a line; prefixing the previous part's last line break finds an empty first line.
        text = part if self.lines == 0 else b"\n" + part
        offset = 0 if self.lines == 0 else 1
        position, line, quotes = 0, self.lines, self.quote_count
        for match in _EMPTY_LINE.finditer(text):
            start = match.start() + 1 - offset  # where the empty line begins in ``part``
            line += part.count(b"\n", position, start)
            quotes += part.count(b'"', position, start)
            position = start
            if quotes % 2 == 0:
                self.file.empty_lines.append(line + 1)
        if self.lines == 0:
            found = _delimiter(self.file.header, self.columns)
            self.table = _padding_table(found[0]) if found else None
            text = text[text.find(b"\n") :]  # the header's own spacing is no field's
        if self.table and not self.file.padded:
            marked = text.translate(self.table)
            self.file.padded = b"DW" in marked or b"WD" in marked
        if self.file.bare_cr is None and b"\r" in part:
            self._bare_cr(part)
        self.lines += part.count(b"\n")
        count = part.count(b'"')
        self.quote_count += count
        self.file.quotes = self.file.quotes or count > 0

    def _bare_cr(self, part: bytes) -> None:
        """DuckDB ends a record at a carriage return outside quotes, this scan only at a line feed: the line
        numbers would part ways (and the quarantine show the wrong line), so such a file is rejected."""
        for match in _BARE_CR.finditer(part):
            if (self.quote_count + part.count(b'"', 0, match.start())) % 2 == 0:
                self.file.bare_cr = self.lines + part.count(b"\n", 0, match.start()) + 1
                return

    def undecodable(self, part: bytes, error: UnicodeDecodeError, encoding: str) -> FileRejected:
        line = self.lines + part.count(b"\n", 0, error.start) + 1
        return FileRejected(
            str(self.file.original), line, f"teken 0x{part[error.start]:02x} niet te lezen als {encoding}"
        )


# UTF-8 bytes that start or end a white-space character (str.isspace()). In valid UTF-8 a start byte never
# precedes, and a continuation byte never follows, a delimiter or line break: one mark serves both.
_WHITE = b" \t\x0b\x0c\x1c\x1d\x1e\x1f" + b"\xc2\xe1\xe2\xe3" + bytes(range(0x80, 0x8B)) + b"\x9f\xa0\xa8\xa9\xaf"


def _padding_table(delimiter: str) -> bytes:
    """The translation that turns 'a field starts or ends with white space' into b'DW' or b'WD' (D: a
    delimiter or line break): a C-speed pass and two searches instead of a regular expression per row. A
    false alarm only costs time."""
    marks = bytearray(b"x" * 256)
    for byte in _WHITE:
        marks[byte] = ord("W")
    for byte in (delimiter + "\r\n").encode("ascii"):
        marks[byte] = ord("D")
    return bytes(marks)


def _parts(path: Path) -> Iterator[bytes]:
    """The file in pieces of whole lines (the last may lack its line break)."""
    rest = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            if cut:
                yield data[:cut]
            rest = data[cut:]
    if rest:
        yield rest


def _prepare(path: Path, scratch: Path, columns: Sequence[str]) -> _File:
    """UTF-8 (BOM optional) if the whole file decodes as such, else Windows-1252, transcoded.

    A file that starts with a UTF-8 BOM says what it is: a line in it that is not UTF-8 is an error
    of that line, not a reason to read the whole file as Windows-1252.
    """
    with path.open("rb") as handle:
        bom = handle.read(3) == codecs.BOM_UTF8
    try:
        return _scan(path, "utf-8-sig", None, columns)
    except FileRejected:
        if bom:
            raise
    return _scan(path, "cp1252", scratch / "utf8.csv", columns)


def _scan(path: Path, encoding: str, target: Path | None, columns: Sequence[str]) -> _File:
    file = _File(path, target or path)
    scan = _Scan(file, columns)
    decoder = codecs.getincrementaldecoder(encoding)()
    with target.open("wb") if target else _nowhere() as out:
        for part in _parts(path):
            try:
                text = decoder.decode(part)
            except UnicodeDecodeError as error:
                raise scan.undecodable(part, error, encoding) from None
            if scan.lines == 0:
                file.header = text.partition("\n")[0]
            if out is not None:
                part = text.encode("utf-8")
                out.write(part)
            scan.feed(part)
    return file


class _nowhere:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


# --- the query ----------------------------------------------------------------------------------


def _options(file: _File, delimiter: str, width: int) -> str:
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    return (
        f"{lit(str(file.path))}, auto_detect = false, header = false, skip = 1, delim = {lit(delimiter)}, "
        f"quote = '\"', escape = '\"', comment = '', columns = {{{columns}}}, null_padding = true, "
        f"strict_mode = true, nullstr = {lit(_NULL)}, allow_quoted_nulls = false, encoding = 'utf-8', "
        f"max_line_size = {MAX_LINE_BYTES}, parallel = {str(not file.quotes).lower()}"
    )


def _query(file: _File, source: CsvSource, names: list[str], delimiter: str, spare: int) -> tuple[str, Regels]:
    width = len(names)
    fields = [f"c{i}" for i in range(width + spare)]
    every = f"concat({', '.join(fields)})"
    values = [f"v{i}" for i in range(len(source.columns))]
    stripped = ", ".join(f"{_strip(f'c{names.index(c)}')} as v{i}" for i, c in enumerate(source.columns))
    regels = _once(source.regels(values))
    if file.quotes:  # a record spans one line more per line break inside its quoted fields
        span = f"(1 + strlen({every}) - strlen(replace({every}, chr(10), '')))"
        line = "sum(_span) over (rows between unbounded preceding and current row) - _span + 2"
    else:
        span, line = "1", "row_number() over () + 1"
    too_few = f"c{width - 1} is null"
    too_many = f"{_strip(f'concat({chr(44).join(fields[width:])})')} <> ''" if spare else "false"
    found = _sum([f"({c} is not null)::integer" for c in fields])
    whens = " ".join(f"when {r.fout} then {i}" for i, r in enumerate(regels.regels, start=1))
    reports = " ".join(f"when {i} then {r.waarde}" for i, r in enumerate(_all(regels), start=1))
    names_out = [f.name for f in RAW_SCHEMAS[source.table]][:-2]  # lineage (_bestand, _regel) comes last
    outputs = ", ".join(f"{k.sql} as {lit_name(n)}" for k, n in zip(regels.kolommen, names_out, strict=True))
    scan = f"read_csv({_options(file, delimiter, width + spare)})"
    numbered = f"select {line} as _regel, * from (select {span} as _span, * from {scan})"
    if file.empty_lines:  # DuckDB skipped them: add those before each row back
        numbered = (
            f"select r._regel + coalesce(g.skipped, 0) as _regel, r.* exclude (_regel) from ({numbered}) r "
            "asof left join _empty_lines g on r._regel > g.before"
        )
    # Whether any field starts or ends with white space: only those rows pay for stripping.
    padded = _padded(file, fields)
    sql = f"""
        with numbered as ({numbered}),
        padded as (select *, {padded} as _pad from numbered),
        rows as (
            select _regel, _span, {stripped}, ({too_few} or {too_many}) as _width_wrong, ({found}) as _found
            from padded where {_strip(every)} <> ''
        ),
        parsed as (select *{"".join(f", {e} as {a}" for e, a in regels.parsed)} from rows),
        checked as (select *, case when _width_wrong then 0 {whens} end as _fout from parsed),
        judged as (select * exclude (_fout), {_unique(regels)} as _fout from checked)
        select {outputs}, {lit(str(file.original))} as _bestand, _regel::integer as _regel, _fout,
            case _fout when 0 then _found::varchar {reports} end as _waarde, _span
        from judged {"order by _regel" if file.empty_lines or regels.uniek else ""}
    """
    return sql, regels


@dataclass(frozen=True)
class _Parsed(Regels):
    parsed: tuple[tuple[str, str], ...] = ()  # (expression, the column that holds it)


_PARSE = re.compile(r"stw_\w+\(v\d+\)")


def _once(regels: Regels) -> _Parsed:
    """``regels`` with each parse of a field (the stw_ macros) computed once, in a column of its own:
    a value is parsed once for its rules, the rules after it and its table column."""
    texts = [k.sql for k in regels.kolommen] + [t for r in _all(regels) for t in (r.fout, r.waarde)]
    texts += list(regels.uniek[0]) if regels.uniek else []
    parses = sorted({found for text in texts for found in _PARSE.findall(text)})
    alias = {expression: f"_p{i}" for i, expression in enumerate(parses)}

    def once(text: str) -> str:
        return _PARSE.sub(lambda match: alias[match.group(0)], text)

    def regel(r: Regel) -> Regel:
        return Regel(once(r.fout), r.rule, r.message, once(r.waarde))

    return _Parsed(
        [Kolom(once(k.sql), k.regels, k.bsn) for k in regels.kolommen],
        [regel(r) for r in regels.regels],
        (tuple(map(once, regels.uniek[0])), regel(regels.uniek[1])) if regels.uniek else None,
        tuple(alias.items()),
    )


def _sum(terms: list[str]) -> str:
    """SQL: the sum of ``terms`` as a balanced tree: a chain of a thousand '+' exceeds DuckDB's expression
    depth, and a broken line can have that many fields."""
    if len(terms) == 1:
        return terms[0]
    half = len(terms) // 2
    return f"({_sum(terms[:half])} + {_sum(terms[half:])})"


def _strip(text: str) -> str:
    """SQL: ``text`` without leading and trailing white space, in a row whose ``_pad`` says it has some."""
    return f"(case when _pad then trim({text}, {lit(WHITESPACE)}) else {text} end)"


def _padded(file: _File, fields: list[str]) -> str:
    """SQL: whether a row has a field that starts or ends with white space (a quoted field can hide it
    from the scan)."""
    if file.padded or file.quotes:
        return f"regexp_matches(concat_ws(chr(1), {', '.join(fields)}), {lit(_PADDED)})"
    return "false"


def _all(regels: Regels) -> list:
    """Every rule, numbered from 1 as the query reports them; the key rule last."""
    return [*regels.regels, *([regels.uniek[1]] if regels.uniek else [])]


def _unique(regels: Regels) -> str:
    if regels.uniek is None:
        return "_fout"
    key = ", ".join(regels.uniek[0])
    earlier = f"row_number() over (partition by {key}, _fout is null order by _regel) > 1"
    return f"case when _fout is null and {earlier} then {len(regels.regels) + 1} else _fout end"


def lit_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@functools.cache
def _database() -> duckdb.DuckDBPyConnection:
    """One in-memory database per process, with the rule macros: a worker reads many files."""
    con = duckdb.connect()
    for macro in MACROS:
        con.execute(macro)
    return con


def _connect(file: _File) -> duckdb.DuckDBPyConnection:
    con = _database().cursor()
    if file.empty_lines:
        # Per empty line: how many non-empty lines come before it, and how many empty lines up to it.
        before = [line - n for n, line in enumerate(file.empty_lines, start=1)]
        con.execute(
            "create temp table _empty_lines as select before, max(skipped) as skipped "
            f"from (select unnest({before}) as before, unnest(range(1, {len(before) + 1})) as skipped) group by before"
        )
    return con


def _run(con: duckdb.DuckDBPyConnection, file: _File, source: CsvSource, names: list[str], delimiter: str):
    spare = 1
    while True:
        sql, regels = _query(file, source, names, delimiter, spare)
        try:
            return con.sql(sql).to_arrow_table(), regels
        except duckdb.Error as error:
            message = str(error)
            found = _FOUND_COLUMNS.search(message)
            if found is None or int(found.group(1)) > _MAX_COLUMNS or len(names) + spare > _MAX_COLUMNS:
                raise _unreadable(file, message) from None
            spare = max(int(found.group(1)) - len(names), 2 * spare)


def _unreadable(file: _File, message: str) -> FileRejected:
    """DuckDB's reason in Dutch; never its copy of the line, which may hold a BSN."""
    line = _ERROR_LINE.search(message)
    if "unterminated quote" in message:
        problem = "aanhalingsteken niet gesloten"
    elif "Maximum line size" in message:
        problem = f"regel langer dan {MAX_LINE_BYTES} tekens"
    elif "Found: " in message:
        problem = f"meer dan {_MAX_COLUMNS} kolommen"
    else:
        problem = "opbouw niet te lezen"
    return FileRejected(str(file.original), int(line.group(1)) if line else None, f"CSV niet te lezen: {problem}")


# --- reading ------------------------------------------------------------------------------------------


def _header(file: _File, source: CsvSource) -> tuple[str, list[str]]:
    if not file.header.strip(_BOM + WHITESPACE):
        raise FileRejected(str(file.original), 1, "leeg bestand of lege kopregel")
    found = _delimiter(file.header, source.columns)
    if found is None:
        raise FileRejected(str(file.original), 1, f"kopregel mist kolommen {', '.join(source.columns)}")
    return found


def read_csv(path: str | Path, source: CsvSource, pseudonymiser: Pseudonymiser | None = None) -> ReadResult:
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="stuurwiel-csv-") as scratch:
        file = _prepare(path, Path(scratch), source.columns)
        delimiter, names = _header(file, source)
        if file.bare_cr is not None:
            raise FileRejected(
                str(path), file.bare_cr, "CSV niet te lezen: regeleinde CR zonder LF (buiten aanhalingstekens)"
            )
        con = _connect(file)
        try:
            result, regels = _run(con, file, source, names, delimiter)
        finally:
            con.close()
        failed = pc.is_valid(result.column("_fout"))
        good = result.filter(pc.invert(failed)) if result.column("_fout").null_count < result.num_rows else result
        table = _typed(good, source.table, regels.kolommen, pseudonymiser)
        quarantine = _quarantine(file, result.filter(failed), regels, source, names, delimiter)
    return ReadResult(tables={source.table: table}, quarantine=quarantine, rows_in=result.num_rows)


def _typed(rows: pa.Table, name: str, kolommen: Sequence[Kolom], pseudonymiser: Pseudonymiser | None) -> pa.Table:
    schema = RAW_SCHEMAS[name]
    columns = []
    for kolom, column in zip([*kolommen, None, None], schema, strict=True):  # lineage (_bestand, _regel) last
        values = rows.column(column.name)
        if kolom is not None and kolom.bsn:
            if pseudonymiser is None:
                raise ValueError(f"{name}: a BSN column needs a pseudonymiser")
            values = _pseudonyms(values, pseudonymiser)
        columns.append(values.cast(column.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _pseudonyms(bsns: pa.ChunkedArray, pseudonymiser: Pseudonymiser) -> pa.ChunkedArray:
    """Each distinct BSN hashed once (and once per process: privacy.process_cache); the column holds the pseudonyms."""
    distinct = pc.drop_null(pc.unique(bsns))
    values = distinct.to_pylist()
    known = process_cache(pseudonymiser, "csv")
    new = [bsn for bsn in values if bsn not in known]
    known.update(zip(new, map(pseudonymiser.pseudonym, new), strict=True))
    return pc.take(_strings([known[bsn] for bsn in values]), pc.index_in(bsns, value_set=distinct))


def _strings(values: list[str]) -> pa.Array:
    """An arrow string array built from its buffers: pa.array() of a list would import pandas (half a second
    in every worker process)."""
    data = "".join(values).encode("utf-8")
    offsets = array.array("i", itertools.accumulate((len(v.encode("utf-8")) for v in values), initial=0))
    return pa.Array.from_buffers(pa.string(), len(values), [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _quarantine(
    file: _File, rows: pa.Table, regels: Regels, source: CsvSource, names: list[str], delimiter: str
) -> list[QuarantineRow]:
    if not rows.num_rows:
        return []
    wanted = dict(zip(rows.column("_regel").to_pylist(), rows.column("_span").to_pylist(), strict=True))
    contents = _lines(file.path, wanted)
    quarantine = []
    for line, fout, value in zip(*(rows.column(c).to_pylist() for c in ("_regel", "_fout", "_waarde")), strict=True):
        if fout == 0:
            rule, message = "aantal_kolommen", f"{value} kolommen, verwacht {len(names)}"
        else:
            regel = _all(regels)[fout - 1]
            rule, message = regel.rule, regel.message
        shown = None if value is None else source.mask(value)
        content = _shown(contents[line], delimiter, names, source, fout == 0)
        quarantine.append(QuarantineRow(str(file.original), line, content, rule, message, shown))
    return quarantine


def _shown(line: str, delimiter: str, names: list[str], source: CsvSource, width_wrong: bool) -> str:
    """A quarantined line as the steward may see it: the fields of the source's own columns, masked
    (``CsvSource.mask``). Left out: columns the source does not read (Naam, Adres, Telefoon), free text, and BSN
    columns whatever they hold (a BSN, or a name that slipped in). When a row has the wrong number of fields, a
    field may have moved into another column's place: if the file has columns left out, no field is shown."""
    shown = {i for i, name in enumerate(names) if name in source.columns and not _hidden_column(name, source)}
    if width_wrong and len(shown) < len(names):
        shown = set()
    try:
        fields = next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter), [])
    except csv.Error:  # a field over csv's 128 KiB limit (found by make fuzz): nothing of the line is shown
        return WEGGELATEN
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="").writerow(
        [source.mask(value) if i in shown else WEGGELATEN for i, value in enumerate(fields)]
    )
    return out.getvalue()


def _hidden_column(name: str, source: CsvSource) -> bool:
    return name in source.vrije_tekst or "bsn" in name


def _lines(path: Path, wanted: dict[int, int]) -> dict[int, str]:
    """The text of the records that start on the ``wanted`` lines (first line -> number of lines), line
    breaks inside kept and the last one dropped. Only the parts of the file that hold them are split."""
    ordered = sorted({line for start, span in wanted.items() for line in range(start, start + span)})
    kept: dict[int, bytes] = {}
    number = 1  # the first line of the current part
    for part in _parts(path):
        count = part.count(b"\n") + (not part.endswith(b"\n"))
        here = ordered[bisect.bisect_left(ordered, number) : bisect.bisect_left(ordered, number + count)]
        if here:
            pieces = part.split(b"\n")
            kept.update((line, pieces[line - number]) for line in here)
        number += count
        if number > ordered[-1]:
            break
    return {
        start: b"\n".join(kept[line] for line in range(start, start + span)).decode("utf-8").rstrip("\r\n")
        for start, span in wanted.items()
    }


def date_range(path: str | Path, source: CsvSource, column: str) -> tuple[date, date] | None:
    """Earliest and latest valid date in one column, or None: a quick pass that tells which months a
    delivery covers before it is loaded. Problems are the loader's to report, not this pass's."""
    path = Path(path)
    try:
        with tempfile.TemporaryDirectory(prefix="stuurwiel-csv-") as scratch:
            file = _prepare(path, Path(scratch), source.columns)
            located = _delimiter(file.header, source.columns)
            if located is None:
                return None
            delimiter, names = located
            options = _options(file, delimiter, len(names)).replace("strict_mode = true", "strict_mode = false")
            value = f"stw_echte_datum(stw_datum(trim(c{names.index(column)}, {lit(WHITESPACE)})))"
            con = _connect(_File(path, path))
            try:
                found = con.execute(f"select min({value}), max({value}) from read_csv({options})").fetchone()
            finally:
                con.close()
    except (OSError, FileRejected, duckdb.Error):
        return None
    return None if found is None or found[0] is None else (found[0], found[1])
