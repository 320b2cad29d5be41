"""Property tests: readers survive randomly corrupted, otherwise realistic source files.

The demo generator writes one small region once per module; every hypothesis example
corrupts one row, field or zip entry of one of its files and reads the result. For
every example: only ``FileRejected`` may escape, rows in == rows loaded + quarantined,
no row is loaded twice or both loaded and quarantined, every quarantined row has a rule
and a line, and no BSN reaches a table or the quarantine.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from lxml import etree

import demo
from pipelines.privacy import Pseudonymiser, elfproef
from pipelines.sources import begroting, berichten, brp, enquete, grootboek, zaaksysteem
from pipelines.sources.base import FileRejected, ReadResult

PSEUDONYMISER = Pseudonymiser(b"k" * 32)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Natural key of a loaded message row, next to (_bestand, _regel): one zip entry is one
# message, so _regel repeats for every record of it.
ROW_KEYS = {
    "berichten_toewijzing": ("client_id", "toewijzingnummer"),
    "berichten_start": ("client_id", "toewijzingnummer", "productcode", "begindatum"),
    "berichten_stop": ("client_id", "toewijzingnummer", "productcode", "begindatum", "einddatum"),
    "berichten_declaratie": ("client_id", "productreferentie", "toewijzingnummer", "productperiode_begin"),
}
# Contract (docs/contracts/berichten.md, verplicht_veld) per berichtnummer, by local name.
REQUIRED = {  # other berichtnummers (if the reader gains them): removing the Bsn is enough
    "301": (
        "Bsn",
        "Ontvanger",
        "Identificatie",
        "Dagtekening",
        "ToewijzingNummer",
        "Toewijzingsdatum",
        "Toewijzingstijd",
        "Ingangsdatum",
    ),
    "305": ("Bsn", "Afzender", "Identificatie", "Dagtekening", "Begindatum", "StatusAanlevering"),
    "307": (
        "Bsn",
        "Afzender",
        "Identificatie",
        "Dagtekening",
        "Begindatum",
        "StatusAanlevering",
        "Einddatum",
        "RedenBeeindiging",
    ),
    "323": (
        "Bsn",
        "Afzender",
        "Identificatie",
        "Dagtekening",
        "DeclaratieNummer",
        "DeclaratieDagtekening",
        "DeclaratiePeriode",
        "ToewijzingNummer",
        "ProductPeriode",
        "GeleverdVolume",
        "IngediendBedrag",
    ),
    "315": ("Bsn", "Afzender", "Identificatie", "Dagtekening", "ReferentieAanbieder", "ToewijzingIngangsdatum"),
    "317": (
        "Bsn",
        "Afzender",
        "Identificatie",
        "Dagtekening",
        "ReferentieAanbieder",
        "RedenVerzoek",
        "ToewijzingNummer",
        "GewensteIngangsdatum",
    ),
    "319": ("Ontvanger", "Identificatie", "Dagtekening", "ReferentieAanbieder", "VerzoekAntwoord"),
}
DATE_ELEMENTS = {
    "Dagtekening",
    "Datum",
    "Toewijzingsdatum",
    "Ingangsdatum",
    "Einddatum",
    "Begindatum",
    "DeclaratieDagtekening",
    "ToewijzingIngangsdatum",
}
JUNK_DATES = [
    "31-02-2024",
    "2024-02-30",
    "2024-13-01",
    "gisteren",
    "2024/05/01",
    "20240501",
    "",
    " ",
    "2024-5-1",
    "١٢٣٤-٠١-٠١",
]
_DIGITS = re.compile(r"\d{8,}")


@dataclass(frozen=True)
class Sources:
    bsns: frozenset[str]
    csvs: tuple[tuple[Path, object, str], ...]  # (path, reader module, encoding)
    zips: tuple[Path, ...]


@lru_cache(maxsize=1)
def sources() -> Sources:
    """The demo region, generated and written once per test session."""
    out = Path(tempfile.mkdtemp(prefix="stuurwiel-corruption-"))
    region = demo.generate(["GM0168"], seed=1, sample=0.05)
    demo.write_sources(region, out)
    csvs = tuple(
        [(p, grootboek, "cp1252") for p in sorted((out / "grootboek").glob("*.csv"))]
        + [(p, begroting, "utf-8") for p in sorted((out / "begroting").glob("*.csv"))]
        + [(p, zaaksysteem, _encoding_of(p)) for p in sorted((out / "zaaksysteem").glob("*.csv"))]
        + [(p, enquete, "utf-8") for p in sorted((out / "enquete").glob("*.csv"))]
        + [(p, brp, "utf-8") for p in sorted((out / "brp").glob("*.csv"))]
    )
    zips = tuple(sorted((out / "berichten").glob("*/*.zip")))
    assert csvs and zips
    z = region.zaaksysteem
    bsns = {*region.persons.bsn.tolist(), *z.bijstand.bsn.tolist(), *z.schuldhulp.bsn.tolist()}
    return Sources(frozenset(bsns), csvs, zips)


def _encoding_of(path: Path) -> str:
    """The case-system export mixes encodings per entity file, as real exports do."""
    return "utf-8" if path.read_bytes().startswith(b"\xef\xbb\xbf") else "cp1252"


@cache
def baseline(path: Path) -> ReadResult:
    return berichten.read(path, PSEUDONYMISER)


# --- shared invariants ----------------------------------------------------------------------


def leaked_bsns(text: str | None, bsns: frozenset[str]) -> set[str]:
    found = set()
    for run in _DIGITS.findall(text or ""):
        for start in range(len(run) - 7):
            for width in (9, 8):  # 8: a BSN that lost its leading zero
                piece = run[start : start + width]
                if len(piece) == width and piece.zfill(9) in bsns:
                    found.add(piece)
    return found


def assert_invariants(result: ReadResult, bsns: frozenset[str]) -> None:
    assert result.rows_in == sum(t.num_rows for t in result.tables.values()) + len(result.quarantine)
    for row in result.quarantine:
        assert isinstance(row.rule, str) and row.rule, row
        assert isinstance(row.line, int) and row.line >= 1, row
        assert isinstance(row.message, str) and row.message, row
        assert not leaked_bsns(row.content, bsns), row
        assert not leaked_bsns(row.value, bsns), row
    for name, table in result.tables.items():
        for column in table.column_names:
            if pa.types.is_string(table.schema.field(column).type):
                for value in table.column(column).to_pylist():
                    assert not leaked_bsns(value, bsns), (name, column, value)


# --- CSV --------------------------------------------------------------------------------------

CSV_JUNK = st.one_of(
    st.sampled_from(
        ["", "31-02-2024", "1.2.3,4", ";", "a;b", "-", "NaN", "1,234", "0", "GM0000", "99.99", "2024-02-30", "€", "Één"]
    ),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzÀéë ", min_size=1, max_size=20),
    st.sampled_from([300, 5_000, 140_000]).map(lambda n: "x" * n),  # > 128 KiB: FileRejected
    st.text(alphabet="0123456789,.-+ ", max_size=12),
)


def corrupt_csv(data, lines: list[bytes], encoding: str) -> tuple[list[bytes], str]:
    """(corrupted lines, what was done); line 0 is the header and is left alone."""
    draw = data.draw
    lines = list(lines)
    i = draw(st.integers(1, len(lines) - 1), label="line")
    fields = lines[i].decode(encoding).split(";")
    kind = draw(st.sampled_from(["junk", "delete_field", "duplicate", "empty_line", "encoding"]))
    if kind == "junk":
        fields[draw(st.integers(0, len(fields) - 1))] = draw(CSV_JUNK)
        lines[i] = ";".join(fields).encode(encoding, errors="replace")
    elif kind == "delete_field":
        del fields[draw(st.integers(0, len(fields) - 1))]
        lines[i] = ";".join(fields).encode(encoding)
    elif kind == "duplicate":
        lines.insert(draw(st.integers(1, len(lines))), lines[i])
    elif kind == "empty_line":
        lines.insert(draw(st.integers(1, len(lines))), draw(st.sampled_from([b"", b";;;;", b" "])))
    else:  # one line in the other encoding, with text that differs between the two
        other = "cp1252" if encoding.startswith("utf-8") else "utf-8"
        fields[draw(st.integers(0, len(fields) - 1))] = draw(st.sampled_from(["Één café", "€ 12", "Ĳssel", "Á"]))
        text = ";".join(fields)
        lines[i] = text.encode(other, errors="replace")
    return lines, kind


@SETTINGS
@given(data=st.data())
def test_corrupted_csv_keeps_the_reader_contract(data):
    src = sources()
    path, reader, encoding = data.draw(st.sampled_from(src.csvs), label="file")
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    trailing = lines[-1] == b""
    if trailing:
        lines.pop()
    corrupted, kind = corrupt_csv(data, lines, "utf-8-sig" if encoding == "utf-8" else encoding)
    note(kind)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / path.name
        target.write_bytes(b"\r\n".join(corrupted) + (b"\r\n" if trailing else b""))
        try:
            result = reader.read(target, PSEUDONYMISER)
        except FileRejected as rejected:
            event(f"{path.parent.name} {kind}: FileRejected")
            assert str(target) in str(rejected)
            assert rejected.line is None or rejected.line >= 1
            return
    assert_invariants(result, src.bsns)
    (table,) = result.tables.values()
    loaded = table.column("_regel").to_pylist()
    quarantined = [row.line for row in result.quarantine]
    assert len(set(loaded)) == len(loaded), "a line loaded twice"
    assert len(set(quarantined)) == len(quarantined), "a line quarantined twice"
    assert not set(loaded) & set(quarantined), "a line both loaded and quarantined"
    assert all(regel >= 2 for regel in loaded + quarantined)  # line 1 is the header
    # No quotes in the demo files or the junk: one line is one record, blank lines don't count.
    non_blank = [n for n, line in enumerate(corrupted[1:], start=2) if line.replace(b";", b"").strip()]
    assert sorted(loaded + quarantined) == non_blank


# --- berichten zips -------------------------------------------------------------------------


def _local(element) -> str:
    return etree.QName(element).localname


def _berichtnummer(root) -> str:
    return etree.QName(root).namespace.split("/")[-2][-3:]


def corrupt_xml(draw, data: bytes) -> tuple[bytes, str]:
    kinds = ["bad_bsn", "remove_required", "junk_date", "truncate", "unknown_element"]
    if b"Bsn>" not in data:  # a 319 answers a request and names no client
        kinds.remove("bad_bsn")
    kind = draw(st.sampled_from(kinds))
    if kind == "truncate":
        end = data.rstrip().rfind(b">")
        return data[: draw(st.integers(0, end))], kind
    if kind == "bad_bsn":
        spots = list(re.finditer(rb"Bsn>(\d{9})<", data))
        match = draw(st.sampled_from(spots))
        bsn = match.group(1).decode()
        position = draw(st.integers(0, 8))
        digit = draw(st.sampled_from([d for d in "0123456789" if d != bsn[position]]))
        bad = bsn[:position] + digit + bsn[position + 1 :]
        assert not elfproef(bad)
        start, end = match.span(1)
        return data[:start] + bad.encode() + data[end:], f"{kind}:{bad}"
    root = etree.fromstring(data)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    if kind == "remove_required":
        wanted = REQUIRED.get(_berichtnummer(root), ("Bsn",))
        candidates = [e for e in elements if _local(e) in wanted]
        victim = draw(st.sampled_from(candidates))
        victim.getparent().remove(victim)
        kind = f"{kind}:{_local(victim)}"
    elif kind == "junk_date":
        candidates = [e for e in elements if _local(e) in DATE_ELEMENTS and len(e) == 0]
        victim = draw(st.sampled_from(candidates))
        victim.text = draw(st.sampled_from(JUNK_DATES))
        kind = f"{kind}:{_local(victim)}"
    else:
        host = draw(st.sampled_from(elements))
        sibling = host is not root and draw(st.booleans())
        namespace = draw(st.sampled_from([etree.QName(root).namespace, "urn:onbekend", None]))
        tag = "OnbekendElement" if namespace is None else f"{{{namespace}}}OnbekendElement"
        extra = etree.Element(tag)
        extra.text = draw(st.sampled_from(["tekst", "", "2024-01-01"]))
        if sibling:
            host.addnext(extra)
        else:
            host.insert(draw(st.integers(0, len(host))), extra)
        kind = f"{kind}:{'sibling' if sibling else 'child'}"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8"), kind


def _rewrite(source: Path, target: Path, entry: str, content: bytes) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, content if info.filename == entry else old.read(info))


@SETTINGS
@given(data=st.data())
def test_corrupted_zip_entry_keeps_the_reader_contract(data):
    src = sources()
    path = data.draw(st.sampled_from(src.zips), label="zip")
    with zipfile.ZipFile(path) as archive:
        entry = data.draw(st.sampled_from(archive.namelist()), label="entry")
        original = archive.read(entry)
    corrupted, kind = corrupt_xml(data.draw, original)
    note(kind)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / path.name
        _rewrite(path, target, entry, corrupted)
        try:
            result = berichten.read(target, PSEUDONYMISER)
        except FileRejected as rejected:
            event("FileRejected")
            assert kind == "truncate", f"{kind} rejected the whole file: {rejected}"
            assert f"{target}!{entry}" in str(rejected)
            return
    assert kind != "truncate", "a truncated entry was read"
    assert_invariants(result, src.bsns)
    before = baseline(path)
    assert result.rows_in == before.rows_in  # no corruption here adds or drops a record
    seen = set()
    for name, table in result.tables.items():
        # A table without a known key (a message type added later): the whole row is its key.
        key_columns = ROW_KEYS.get(name) or [c for c in table.column_names if not c.startswith("_")]
        columns = ["_bestand", "_regel", *key_columns]
        for key in zip(*(table.column(c).to_pylist() for c in columns), strict=False):
            assert key not in seen, f"row loaded twice: {name} {key}"
            seen.add(key)
    if kind.startswith("bad_bsn:"):
        bad = kind.partition(":")[2]
        assert any(row.rule == "bsn_elfproef" for row in result.quarantine)
        assert not leaked_bsns(repr(result.quarantine), frozenset({bad}))
    elif kind.startswith("remove_required:"):
        assert any(row.rule == "verplicht_veld" for row in result.quarantine), kind
    elif kind == "unknown_element:sibling":
        assert result.rows_loaded == before.rows_loaded and not result.quarantine


def test_uncorrupted_demo_files_load_without_quarantine():
    src = sources()
    for path in src.zips:
        result = baseline(path)
        assert not result.quarantine and result.rows_in > 0
        assert_invariants(result, src.bsns)
    for path, reader, _ in src.csvs:
        result = reader.read(path, PSEUDONYMISER)
        assert not result.quarantine and result.rows_in > 0
        assert_invariants(result, src.bsns)
