"""iJw / iWmo 3.2 messages: a single .xml message or a .zip with one message per entry.

Fields are found by local name, so any sender conforming to the XSD is read,
whatever namespace prefixes it uses. Each supported message type is one entry in
``_SOORTEN``: the raw table, the element that is one row, the header element
holding the gemeente, and a function mapping one such element to the table's
columns. Adding a message type means adding that function, the entry, and the
table's schema in ``base.RAW_SCHEMAS``. A type may have several row elements (317:
unchanged, changed and new products), each with its own function; the 319 has no
Client, so its rows carry no client.

Speed (``benchmarks/berichten_reader.py``): each message is parsed once, and each
element read is visited once in one walk (a record's whole subtree; of Client and
Declaratie only the first children needed), with local names cached per tag.
Blank text is dropped while parsing, which makes that cheaper; a quarantined row's
``regel_inhoud`` comes from a re-parse that keeps it, so it is the element exactly
as delivered. Zip entries are decompressed straight from the mapped file:
``zipfile`` costs more per small entry than the decompression itself.
"""

from __future__ import annotations

import mmap
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time
from itertools import islice
from pathlib import Path
from typing import Union

from lxml import etree

from pipelines.privacy import BSN_MASK, Pseudonymiser, elfproef, mask_bsn
from pipelines.sources.base import (
    FileRejected,
    QuarantineRow,
    ReadResult,
    RowRejected,
    build_table,
)

NAME = "berichten"

_NAMESPACE = re.compile(r"http://www\.istandaarden\.nl/i(jw|wmo)/3_2/\1(\d{3})/schema")
_NAMESPACE_BYTES = re.compile(_NAMESPACE.pattern.encode())
_WET = {"jw": "jeugd", "wmo": "wmo"}
_ZIP_MAGIC = b"PK\x03\x04"
_DETECT_BYTES = 4096

Element = etree._Element
Fields = dict[str, str]  # local-name path ('Product/Code') -> stripped, non-empty text
Spec = dict[str, Union[str, "Spec"]]  # local name -> its path, or the Spec of its children


class _Paths:
    """Local-name paths ('Geboortedatum/Datum') as a tree: local name -> its path, or the tree of its children."""

    def __init__(self, *paths: str) -> None:
        self.tree: Spec = {}
        self.count = len(paths)
        for path in paths:
            *parents, leaf = path.split("/")
            level = self.tree
            for parent in parents:
                level = level.setdefault(parent, {})
                assert isinstance(level, dict), path
            assert leaf not in level, path
            level[leaf] = path


_CLIENT = _Paths("Bsn", "Geboortedatum/Datum", "Geslacht")
_DECLARATIE = _Paths(
    "DeclaratieNummer",
    "DeclaratieDagtekening",
    "DeclaratiePeriode/Begindatum",
    "DeclaratiePeriode/Einddatum",
)


Row = Callable[[Fields, Fields, Union[str, None]], tuple]  # (record, client, client_id) -> columns


@dataclass(frozen=True)
class _Soort:
    table: str
    records: dict[str, Row]  # local name of an element that becomes one row -> its columns
    gemeente_in: str  # header element with the CBS gemeentecode of the responsible gemeente
    message: Callable[[Element], tuple] = lambda root: ()  # columns read once per message, before the rows
    client: _Paths | None = _CLIENT  # what is read of each Client; None: rows are not below a Client (319)
    join: bool = False  # a repeated leaf (325 RetourCode) gives all its values joined with ','


# --- field access -------------------------------------------------------------------

_LOCAL_NAMES: dict[str, str] = {}  # '{namespace}Bsn' -> 'Bsn'; a handful per sender
_LOCAL_NAMES_MAX = 10_000  # a file with ever new tags must not grow it without end


def _local(tag) -> str | None:
    """Local name of an element tag; None for entity references (their tag is not a string)."""
    name = _LOCAL_NAMES.get(tag)
    if name is None and isinstance(tag, str):
        name = tag.rpartition("}")[2]
        if len(_LOCAL_NAMES) < _LOCAL_NAMES_MAX:
            _LOCAL_NAMES[tag] = name
    return name


def _flatten(element: Element, fields: Fields | None = None, prefix: str = "", join: bool = False) -> Fields:
    """Every leaf text below ``element``, keyed by local-name path; a later duplicate wins,
    or with ``join`` is appended after a ','.

    An element with children is not a leaf, even if it has text of its own.
    """
    if fields is None:
        fields = {}
    names = _LOCAL_NAMES
    for child in element:
        tag = child.tag
        name = names.get(tag) or _local(tag)
        if name is None:  # an unresolved entity reference
            continue
        if len(child):
            _flatten(child, fields, prefix + name + "/", join)
        elif (text := child.text) and (text := text.strip()):
            if join and (path := prefix + name) in fields:
                fields[path] += "," + text
            else:
                fields[prefix + name] = text
    return fields


def _first(element: Element, paths: _Paths) -> Fields:
    """Like ``findtext`` per path: the stripped text of the FIRST element on it, if not empty.

    Only ``paths``, and only until each has been seen: for elements whose other
    content is large (Client with its Relaties, Declaratie with its Clienten).
    """
    fields: Fields = {}
    seen: set[str] = set()
    names = _LOCAL_NAMES
    spec, wanted = paths.tree, paths.count
    for child in element:
        tag = child.tag
        target = spec.get(names.get(tag) or _local(tag))
        if target is None:
            continue
        if target.__class__ is dict:
            for grandchild in child:
                tag = grandchild.tag
                path = target.get(names.get(tag) or _local(tag))
                if path.__class__ is str and path not in seen:
                    seen.add(path)
                    if text := (grandchild.text or "").strip():
                        fields[path] = text
        elif target not in seen:
            seen.add(target)
            if text := (child.text or "").strip():
                fields[target] = text
        if len(seen) == wanted:
            break
    return fields


def _child(root: Element, name: str) -> Element | None:
    """The first child of ``root`` with local name ``name`` (``root.find('{*}' + name)``)."""
    for child in root:
        if (_LOCAL_NAMES.get(child.tag) or _local(child.tag)) == name:
            return child
    return None


def _required(fields: Fields, path: str) -> str:
    value = fields.get(path)
    if value is None:
        raise RowRejected("verplicht_veld", f"{path} ontbreekt")
    return value


def _present(fields: Fields, path: str, required: bool) -> str | None:
    value = fields.get(path)
    if value is None and required:
        raise RowRejected("verplicht_veld", f"{path} ontbreekt")
    return value


def _date(fields: Fields, path: str, required: bool = False) -> date | None:
    value = _present(fields, path, required)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowRejected("datum_ongeldig", f"{path} is geen datum", value) from None


def _time(fields: Fields, path: str) -> time:
    value = _required(fields, path)
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise RowRejected("tijd_ongeldig", f"{path} is geen tijd", value) from None


def _int(fields: Fields, path: str, required: bool = False) -> int | None:
    value = _present(fields, path, required)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise RowRejected("getal_ongeldig", f"{path} is geen geheel getal", value) from None


def _gemeentecode(fields: Fields, path: str, required: bool = False) -> str | None:
    """'GM' + the 4-digit CBS code at ``path``."""
    gemeente = _required(fields, path) if required else fields.get(path)
    if gemeente is None:
        return None
    if not (len(gemeente) == 4 and gemeente.isdigit()):
        raise RowRejected("gemeentecode_ongeldig", f"{path} is geen CBS-gemeentecode", gemeente)
    return "GM" + gemeente


def _signed_cents(fields: Fields, path: str, amount: str = "Bedrag") -> int:
    """Amount in eurocent, negative for credit (DebetCredit 'C')."""
    cents = _int(fields, f"{path}/{amount}", required=True)
    sign = _required(fields, f"{path}/DebetCredit")
    if sign not in ("D", "C"):
        raise RowRejected("debet_credit_ongeldig", f"{path}/DebetCredit is niet D of C", sign)
    return -cents if sign == "C" else cents


# --- one mapping function per message type -----------------------------------------


def _toewijzing(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        client_id,
        _date(client, "Geboortedatum/Datum"),
        client.get("Geslacht"),
        _required(record, "ToewijzingNummer"),
        record.get("ReferentieAanbieder"),
        record.get("Product/Categorie"),
        record.get("Product/Code"),
        _date(record, "Toewijzingsdatum", required=True),
        _time(record, "Toewijzingstijd"),
        _date(record, "Ingangsdatum", required=True),
        _date(record, "Einddatum"),
        _int(record, "Omvang/Volume"),
        record.get("Omvang/Eenheid"),
        record.get("Omvang/Frequentie"),
        _int(record, "Budget"),
        record.get("RedenWijziging"),
    )


def _start(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        client_id,
        _date(client, "Geboortedatum/Datum"),
        # Absent for taakgericht care, which has no toewijzing per client (IV096).
        record.get("ToewijzingNummer"),
        _date(record, "ToewijzingIngangsdatum"),
        record.get("Product/Categorie"),
        record.get("Product/Code"),
        _date(record, "Begindatum", required=True),
        _required(record, "StatusAanlevering"),
    )


def _stop(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        *_start(record, client, client_id),
        _date(record, "Einddatum", required=True),
        _required(record, "RedenBeeindiging"),
    )


def _declaratie_kop(root: Element) -> tuple:
    declaratie = _child(root, "Declaratie")
    fields = _first(declaratie, _DECLARATIE) if declaratie is not None else {}
    return (
        _required(fields, "DeclaratieNummer"),
        _date(fields, "DeclaratieDagtekening", required=True),
        _date(fields, "DeclaratiePeriode/Begindatum", required=True),
        _date(fields, "DeclaratiePeriode/Einddatum", required=True),
    )


def _prestatie_kern(record: Fields, client_id: str, periode_verplicht: bool) -> tuple:
    """The columns that identify a Prestatie, shared by the 323 and its 325 answer."""
    return (
        client_id,
        record.get("ProductReferentie/ReferentieNummer"),
        _required(record, "ToewijzingNummer"),
        record.get("ProductCategorie"),
        record.get("ProductCode"),
        _date(record, "ProductPeriode/Begindatum", required=periode_verplicht),
        _date(record, "ProductPeriode/Einddatum", required=periode_verplicht),
    )


def _prestatie(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        *_prestatie_kern(record, client_id, periode_verplicht=True),
        _int(record, "GeleverdVolume", required=True),
        record.get("Eenheid"),
        _int(record, "ProductTarief"),
        _signed_cents(record, "IngediendBedrag"),
    )


def _verzoek_toewijzing(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        client_id,
        _date(client, "Geboortedatum/Datum"),
        _required(record, "ReferentieAanbieder"),
        record.get("BeschikkingNummer"),
        _date(record, "BeschikkingIngangsdatum"),
        record.get("Verwijzer/Type"),  # never Verwijzer/Naam: a person's name
        record.get("Product/Categorie"),
        record.get("Product/Code"),
        _date(record, "ToewijzingIngangsdatum", required=True),
        _date(record, "ToewijzingEinddatum"),
        _int(record, "Omvang/Volume"),
        record.get("Omvang/Eenheid"),
        record.get("Omvang/Frequentie"),
        _int(record, "Budget"),
    )


_VERZOEK = _Paths("Bsn", "Verzoek/ReferentieAanbieder", "Verzoek/RedenVerzoek")


def _verzoek_wijziging(soort_regel: str) -> Row:
    """The 317 row function for one kind of product line; all three kinds share the columns."""
    ongewijzigd = soort_regel == "ongewijzigd"

    def row(record: Fields, client: Fields, client_id: str) -> tuple:
        return (
            client_id,
            _required(client, "Verzoek/ReferentieAanbieder"),
            _required(client, "Verzoek/RedenVerzoek"),
            soort_regel,
            # A NieuwProduct has no ToewijzingNummer yet; the others name the toewijzing they keep or change.
            record.get("ToewijzingNummer") if soort_regel == "nieuw" else _required(record, "ToewijzingNummer"),
            record.get("Product/Categorie"),
            record.get("Product/Code"),
            _date(record, "GewensteIngangsdatum", required=not ongewijzigd),
            _date(record, "Einddatum"),
            _int(record, "Omvang/Volume"),
            record.get("Omvang/Eenheid"),
            record.get("Omvang/Frequentie"),
            _int(record, "Budget"),
        )

    return row


def _antwoord(record: Fields, client: Fields, client_id: None) -> tuple:
    return (
        _required(record, "ReferentieAanbieder"),
        _required(record, "VerzoekAntwoord"),
        record.get("RedenAfwijzingVerzoek"),
        _gemeentecode(record, "Woonplaatsbeginsel/Gemeente"),
    )


_DECLARATIE_ANTWOORD = _Paths(
    "DeclaratieNummer",
    "TotaalIngediendBedrag/TotaalBedrag",
    "TotaalIngediendBedrag/DebetCredit",
    "TotaalToegekendBedrag/TotaalBedrag",
    "TotaalToegekendBedrag/DebetCredit",
)
_DECLARATIE_IDENTIFICATIE = _Paths("DeclaratieIdentificatie/Identificatie")


def _retourcodes(element: Element | None) -> str | None:
    """The RetourCode values of ``element``'s RetourCodes child, joined with ','."""
    codes = _child(element, "RetourCodes") if element is not None else None
    if codes is None:
        return None
    return ",".join(text for code in codes if (text := (code.text or "").strip())) or None


def _declaratie_antwoord_kop(root: Element) -> tuple:
    header = _child(root, "Header")
    identificatie = _first(header, _DECLARATIE_IDENTIFICATIE) if header is not None else {}
    antwoord = _child(root, "DeclaratieAntwoord")
    fields = _first(antwoord, _DECLARATIE_ANTWOORD) if antwoord is not None else {}
    return (
        _required(identificatie, "DeclaratieIdentificatie/Identificatie"),
        _required(fields, "DeclaratieNummer"),
        _signed_cents(fields, "TotaalIngediendBedrag", "TotaalBedrag"),
        _signed_cents(fields, "TotaalToegekendBedrag", "TotaalBedrag"),
        _retourcodes(antwoord),
    )


def _prestatie_antwoord(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        *_prestatie_kern(record, client_id, periode_verplicht=False),
        _signed_cents(record, "IngediendBedrag"),
        _required(record, "RetourCodes/RetourCode"),  # all of them, joined with ','
    )


_SOORTEN: dict[str, _Soort] = {
    "301": _Soort("berichten_toewijzing", {"ToegewezenProduct": _toewijzing}, "Afzender"),
    "305": _Soort("berichten_start", {"StartProduct": _start}, "Ontvanger"),
    "307": _Soort("berichten_stop", {"StopProduct": _stop}, "Ontvanger"),
    "315": _Soort("berichten_verzoek_toewijzing", {"AangevraagdProduct": _verzoek_toewijzing}, "Ontvanger"),
    "317": _Soort(
        "berichten_verzoek_wijziging",
        {
            "OngewijzigdProduct": _verzoek_wijziging("ongewijzigd"),
            "TeWijzigenProduct": _verzoek_wijziging("te_wijzigen"),
            "NieuwProduct": _verzoek_wijziging("nieuw"),
        },
        "Ontvanger",
        client=_VERZOEK,
    ),
    "319": _Soort("berichten_antwoord", {"Antwoord": _antwoord}, "Afzender", client=None),
    "323": _Soort("berichten_declaratie", {"Prestatie": _prestatie}, "Ontvanger", _declaratie_kop),
    "325": _Soort(
        "berichten_declaratie_antwoord",
        {"Prestatie": _prestatie_antwoord},
        "Afzender",
        _declaratie_antwoord_kop,
        join=True,
    ),
}
TABLES = tuple(soort.table for soort in _SOORTEN.values())


# --- detection ---------------------------------------------------------------------


def _looks_like_message(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and bool(
        _NAMESPACE_BYTES.search(head)
    )


def detect(path: str | Path, head: bytes) -> bool:
    if not head.startswith(_ZIP_MAGIC):
        return _looks_like_message(head)
    try:
        with zipfile.ZipFile(path) as archive:
            first = next(_message_entries(archive), None)
            if first is None:
                return False
            with archive.open(first) as entry:
                return _looks_like_message(entry.read(_DETECT_BYTES))
    except (zipfile.BadZipFile, OSError):
        return False


# --- period (Dagster partition) ------------------------------------------------------

_DAGTEKENING = re.compile(rb"Dagtekening>\s*(\d{4})-(\d{2})-(\d{2})\s*<")


def periode(path: str | Path) -> tuple[date, date] | None:
    """First and last Dagtekening of a delivery, or None when the file does not show one.

    Only the first and the last message of a zip are read: a zip is one batch of one sender, and a
    pass over every header would cost a second read of the largest source. The asset checks the
    months of the rows it really loaded against this estimate.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            is_zip = handle.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
        if not is_zip:
            found = [_dagtekening(path.read_bytes()[:_DETECT_BYTES])]
        else:
            with zipfile.ZipFile(path) as archive:
                entries = list(_message_entries(archive))
                found = [_dagtekening(archive.read(info)[:_DETECT_BYTES]) for info in entries[:1] + entries[-1:]]
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    dates = [d for d in found if d is not None]
    return (min(dates), max(dates)) if dates else None


def _dagtekening(head: bytes) -> date | None:
    match = _DAGTEKENING.search(head)
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:  # 2025-02-30: the reader quarantines it; it says nothing about the period
        return None


# --- reading -----------------------------------------------------------------------


def _message_entries(archive: zipfile.ZipFile) -> Iterator[zipfile.ZipInfo]:
    # macOS archivers add resource forks under __MACOSX/; they are not messages.
    for info in archive.infolist():
        if not info.is_dir() and not info.filename.startswith("__MACOSX/"):
            yield info


_LOCAL_HEADER = struct.Struct("<4s2xHH16xHH")  # signature, flags, method, name length, extra length
_UNSUPPORTED_FLAGS = 0x01 | 0x20 | 0x40  # encrypted, patched data, strong encryption: zipfile decides
_UTF8_NAME = 0x800


def _entry_bytes(archive: zipfile.ZipFile, view: mmap.mmap | None, info: zipfile.ZipInfo) -> bytes:
    """What ``archive.read(info)`` returns, decompressed straight from the mapped file.

    ``zipfile`` costs several times the decompression per small entry. Anything this
    does not verify to give the same bytes (other methods, encryption, a header or CRC
    that does not match) goes to ``archive.read``, with its own errors.
    """
    if view is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return archive.read(info)
    offset = info.header_offset
    header = view[offset:offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        return archive.read(info)
    magic, flags, method, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    start = offset + _LOCAL_HEADER.size
    name = view[start:start + name_length]
    encoding = "utf-8" if flags & _UTF8_NAME else archive.metadata_encoding or "cp437"  # as zipfile does
    if (
        magic != _ZIP_MAGIC
        or method != info.compress_type
        or (flags | info.flag_bits) & _UNSUPPORTED_FLAGS
        or name.decode(encoding, "replace") != info.orig_filename
    ):
        return archive.read(info)
    start += name_length + extra_length
    raw = view[start:start + info.compress_size]
    if len(raw) < info.compress_size:
        return archive.read(info)
    try:
        data = zlib.decompress(raw, -15) if method == zipfile.ZIP_DEFLATED else raw
    except zlib.error:
        return archive.read(info)
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return archive.read(info)
    return data


def _parser(keep_blank_text: bool = False) -> etree.XMLParser:
    # No entities, no network: a delivered file must not make us read other files.
    # A parser per read() (and per quarantine re-parse): lxml parsers are not to be shared between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=not keep_blank_text,
    )


def _parse(data: bytes, bestand: str, parser: etree.XMLParser) -> Element:
    if not data.strip():
        raise FileRejected(bestand, 1, "leeg bestand")
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise FileRejected(bestand, error.lineno, f"geen geldige XML: {error.msg}") from None


def _messages(path: Path) -> Iterator[tuple[str, int | None, bytes]]:
    """(bestand, message index in a zip or None, message bytes), one message in memory at a time."""
    with path.open("rb") as handle:
        is_zip = handle.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
    if not is_zip:
        yield str(path), None, path.read_bytes()
        return
    try:
        with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            try:
                view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # not mappable: zipfile reads every entry
                view = None
            try:
                index = 0
                for index, info in enumerate(_message_entries(archive), start=1):
                    bestand = f"{path}!{info.filename}"
                    try:
                        data = _entry_bytes(archive, view, info)
                    except (zipfile.BadZipFile, OSError) as error:
                        raise FileRejected(bestand, None, f"zip-entry onleesbaar: {error}") from None
                    yield bestand, index, data
            finally:
                if view is not None:
                    view.close()
    except zipfile.BadZipFile as error:
        raise FileRejected(str(path), None, f"geen geldig zip-bestand: {error}") from None
    if index == 0:
        raise FileRejected(str(path), None, "zip-bestand bevat geen berichten")


_MESSAGE_TYPES: dict[str, tuple[str, str] | None] = {}  # root tag -> (wet, berichtnummer)


def _message_type(root: Element) -> tuple[str, str] | None:
    """(wet, berichtnummer) from the root namespace, e.g. ('jeugd', '301')."""
    tag = root.tag
    if tag in _MESSAGE_TYPES:
        return _MESSAGE_TYPES[tag]
    match = _NAMESPACE.fullmatch(etree.QName(root).namespace or "")
    kind = (_WET[match.group(1)], match.group(2)) if match else None
    if len(_MESSAGE_TYPES) < _LOCAL_NAMES_MAX:
        _MESSAGE_TYPES[tag] = kind
    return kind


def _header(root: Element, wet: str, gemeente_in: str) -> tuple:
    """wet, gemeentecode, aanbieder, bericht_id, dagtekening."""
    header = _child(root, "Header")
    fields = _flatten(header) if header is not None else {}
    aanbieder_in = "Ontvanger" if gemeente_in == "Afzender" else "Afzender"
    return (
        wet,
        _gemeentecode(fields, gemeente_in, required=True),
        _required(fields, aanbieder_in),
        _required(fields, "BerichtIdentificatie/Identificatie"),
        _date(fields, "BerichtIdentificatie/Dagtekening", required=True),
    )


def _serialise(element: Element, bsn: str | None) -> str:
    text = etree.tostring(element, encoding="unicode", with_tail=False)
    return mask_bsn(text, bsn) if bsn else text


class _Collector:
    """Rows and quarantine of one file."""

    def __init__(self, pseudonymiser: Pseudonymiser) -> None:
        self.pseudonymiser = pseudonymiser
        self.parser = _parser()
        self.rows: dict[str, list[tuple]] = {table: [] for table in TABLES}
        self.quarantine: list[QuarantineRow] = []
        self.rows_in = 0
        self._clients: dict[str | None, str | RowRejected] = {}  # Bsn -> pseudonym, or why not

    def message(self, bestand: str, index: int | None, data: bytes) -> None:
        root = _parse(data, bestand, self.parser)
        kind = _message_type(root)
        soort = _SOORTEN.get(kind[1]) if kind else None
        if soort is None:
            self._unsupported(bestand, index or root.sourceline, root, data)
            return
        try:
            kop: tuple | RowRejected = (*_header(root, kind[0], soort.gemeente_in), *soort.message(root))
        except RowRejected as problem:
            kop = problem  # every record of this message is quarantined with it
        rows, records, join = self.rows[soort.table], soort.records, soort.join
        [only] = records.values() if len(records) == 1 else [None]
        record_tags = tuple("{*}" + name for name in records)
        delivered = _Delivered(data, record_tags, soort.client is not None)
        # Rows sit below a Client (read once per Client), or, without one (319), anywhere in the message.
        groups = root.iter("{*}Client") if soort.client is not None else (root,)
        client: Fields = {}
        client_id: str | RowRejected | None = None
        for client_number, client_element in enumerate(groups):
            if soort.client is not None:
                client = _first(client_element, soort.client)
                client_id = self._client_id(client.get("Bsn"))
            problem = kop if isinstance(kop, RowRejected) else client_id if isinstance(client_id, RowRejected) else None
            for record_number, record in enumerate(client_element.iter(*record_tags)):
                self.rows_in += 1
                regel = index or record.sourceline
                if problem is None:
                    try:
                        row = only or records[_local(record.tag)]
                        rows.append((*kop, *row(_flatten(record, None, "", join), client, client_id), bestand, regel))
                        continue
                    except RowRejected as rejected:
                        reason = rejected
                else:
                    reason = problem
                self.quarantine.append(QuarantineRow(
                    bestand,
                    regel,
                    delivered.record(client_number, record_number, client.get("Bsn")),
                    reason.rule,
                    reason.message,
                    reason.waarde,
                ))

    def _client_id(self, bsn: str | None) -> str | RowRejected:
        known = self._clients.get(bsn)
        if known is None:
            if bsn is None:
                known = RowRejected("verplicht_veld", "Bsn ontbreekt")
            elif not elfproef(bsn):
                known = RowRejected("bsn_elfproef", "Bsn voldoet niet aan de elfproef", BSN_MASK)
            else:
                known = self.pseudonymiser.pseudonym(bsn)
            self._clients[bsn] = known
        return known

    def _unsupported(self, bestand: str, regel: int, root: Element, data: bytes) -> None:
        # Only the header is kept: the body of e.g. a 316 holds names and addresses.
        self.rows_in += 1
        header = _child(_Delivered(data).root, "Header")
        self.quarantine.append(QuarantineRow(
            bestand,
            regel,
            root.tag if header is None else _serialise(header, None),
            "bericht_niet_ondersteund",
            "berichttype wordt (nog) niet ingelezen",
            etree.QName(root).namespace,
        ))

    def result(self) -> ReadResult:
        tables = {table: build_table(table, rows) for table, rows in self.rows.items()}
        return ReadResult(tables=tables, quarantine=self.quarantine, rows_in=self.rows_in)


class _Delivered:
    """A message as delivered, blank text included, for ``regel_inhoud``: parsed only if something is quarantined."""

    def __init__(self, data: bytes, record_tags: tuple[str, ...] = (), in_client: bool = True) -> None:
        self.data = data
        self.record_tags = record_tags
        self.in_client = in_client
        self._root: Element | None = None

    @property
    def root(self) -> Element:
        if self._root is None:
            self._root = etree.fromstring(self.data, _parser(keep_blank_text=True))
        return self._root

    def record(self, client_number: int, record_number: int, bsn: str | None) -> str:
        # Dropping blank text changes no element, so the n-th Client and record are the same ones.
        groups = self.root.iter("{*}Client") if self.in_client else (self.root,)
        client = next(islice(groups, client_number, None))
        record = next(islice(client.iter(*self.record_tags), record_number, None))
        return _serialise(record, bsn)


def read(path: str | Path, pseudonymiser: Pseudonymiser) -> ReadResult:
    collector = _Collector(pseudonymiser)
    for bestand, index, data in _messages(Path(path)):
        collector.message(bestand, index, data)
    return collector.result()
