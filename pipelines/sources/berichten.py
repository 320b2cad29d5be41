"""iJw / iWmo 3.2 messages: a single .xml message or a .zip with one message per entry.

Fields are found by local name, so any sender conforming to the XSD is read,
whatever namespace prefixes it uses. Each supported message type is one entry in
``_SOORTEN``: the raw table, the element that is one row, the header element
holding the gemeente, and a function mapping one such element to the table's
columns. Adding a message type means adding that function, the entry, and the
table's schema in ``base.RAW_SCHEMAS``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

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
_CLIENT_FIELDS = ("Bsn", "Geboortedatum/Datum", "Geslacht")
_DECLARATIE_FIELDS = (
    "DeclaratieNummer",
    "DeclaratieDagtekening",
    "DeclaratiePeriode/Begindatum",
    "DeclaratiePeriode/Einddatum",
)

Element = etree._Element
Fields = dict[str, str]  # local-name path ('Product/Code') -> stripped, non-empty text


@dataclass(frozen=True)
class _Soort:
    table: str
    record: str  # local name of the element that becomes one row
    gemeente_in: str  # header element with the CBS gemeentecode of the responsible gemeente
    row: Callable[[Fields, Fields, str], tuple]  # (record, client, client_id) -> columns
    message: Callable[[Element], tuple] = lambda root: ()  # columns read once per message, before row()


# --- field access -------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _flatten(element: Element, prefix: str = "") -> Fields:
    """Every leaf text below ``element``, keyed by local-name path: one pass instead of a search per field."""
    fields: Fields = {}
    for child in element:
        if not isinstance(child.tag, str):  # an unresolved entity reference
            continue
        path = prefix + _local(child.tag)
        if len(child):
            fields.update(_flatten(child, path + "/"))
        elif child.text and (text := child.text.strip()):
            fields[path] = text
    return fields


def _pick(element: Element, paths: tuple[str, ...]) -> Fields:
    """Only ``paths`` below ``element``: for elements whose other content is large (Client, Declaratie)."""
    fields: Fields = {}
    for path in paths:
        value = element.findtext("/".join("{*}" + step for step in path.split("/")))
        if value and (text := value.strip()):
            fields[path] = text
    return fields


def _required(fields: Fields, path: str) -> str:
    value = fields.get(path)
    if value is None:
        raise RowRejected("verplicht_veld", f"{path} ontbreekt")
    return value


def _date(fields: Fields, path: str, required: bool = False) -> date | None:
    value = _required(fields, path) if required else fields.get(path)
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
    value = _required(fields, path) if required else fields.get(path)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise RowRejected("getal_ongeldig", f"{path} is geen geheel getal", value) from None


def _signed_cents(fields: Fields, path: str) -> int:
    """Amount in eurocent, negative for credit (DebetCredit 'C')."""
    cents = _int(fields, f"{path}/Bedrag", required=True)
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
        # Optional in the XSD, but the warehouse links start/stop to the toewijzing by it.
        _required(record, "ToewijzingNummer"),
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
    declaratie = root.find("{*}Declaratie")
    fields = _pick(declaratie, _DECLARATIE_FIELDS) if declaratie is not None else {}
    return (
        _required(fields, "DeclaratieNummer"),
        _date(fields, "DeclaratieDagtekening", required=True),
        _date(fields, "DeclaratiePeriode/Begindatum", required=True),
        _date(fields, "DeclaratiePeriode/Einddatum", required=True),
    )


def _prestatie(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        client_id,
        record.get("ProductReferentie/ReferentieNummer"),
        _required(record, "ToewijzingNummer"),
        record.get("ProductCategorie"),
        record.get("ProductCode"),
        _date(record, "ProductPeriode/Begindatum", required=True),
        _date(record, "ProductPeriode/Einddatum", required=True),
        _int(record, "GeleverdVolume", required=True),
        record.get("Eenheid"),
        _int(record, "ProductTarief"),
        _signed_cents(record, "IngediendBedrag"),
    )


_SOORTEN: dict[str, _Soort] = {
    "301": _Soort("berichten_toewijzing", "ToegewezenProduct", "Afzender", _toewijzing),
    "305": _Soort("berichten_start", "StartProduct", "Ontvanger", _start),
    "307": _Soort("berichten_stop", "StopProduct", "Ontvanger", _stop),
    "323": _Soort("berichten_declaratie", "Prestatie", "Ontvanger", _prestatie, _declaratie_kop),
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


# --- reading -----------------------------------------------------------------------


def _message_entries(archive: zipfile.ZipFile) -> Iterator[zipfile.ZipInfo]:
    # macOS archivers add resource forks under __MACOSX/; they are not messages.
    for info in archive.infolist():
        if not info.is_dir() and not info.filename.startswith("__MACOSX/"):
            yield info


def _parse(data: bytes, bestand: str) -> Element:
    if not data.strip():
        raise FileRejected(bestand, 1, "leeg bestand")
    # No entities, no network: a delivered file must not make us read other files.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise FileRejected(bestand, error.lineno, f"geen geldige XML: {error.msg}") from None


def _messages(path: Path) -> Iterator[tuple[str, int | None, Element]]:
    """(bestand, message index in a zip or None, root element), one message in memory at a time."""
    with path.open("rb") as handle:
        is_zip = handle.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
    if not is_zip:
        yield str(path), None, _parse(path.read_bytes(), str(path))
        return
    try:
        with zipfile.ZipFile(path) as archive:
            index = 0
            for index, info in enumerate(_message_entries(archive), start=1):
                bestand = f"{path}!{info.filename}"
                try:
                    data = archive.read(info)
                except (zipfile.BadZipFile, OSError) as error:
                    raise FileRejected(bestand, None, f"zip-entry onleesbaar: {error}") from None
                yield bestand, index, _parse(data, bestand)
    except zipfile.BadZipFile as error:
        raise FileRejected(str(path), None, f"geen geldig zip-bestand: {error}") from None
    if index == 0:
        raise FileRejected(str(path), None, "zip-bestand bevat geen berichten")


def _message_type(root: Element) -> tuple[str, str] | None:
    """(wet, berichtnummer) from the root namespace, e.g. ('jeugd', '301')."""
    match = _NAMESPACE.fullmatch(etree.QName(root).namespace or "")
    return (_WET[match.group(1)], match.group(2)) if match else None


def _header(root: Element, wet: str, gemeente_in: str) -> tuple:
    """wet, gemeentecode, aanbieder, bericht_id, dagtekening."""
    header = root.find("{*}Header")
    fields = _flatten(header) if header is not None else {}
    gemeente = _required(fields, gemeente_in)
    if not (len(gemeente) == 4 and gemeente.isdigit()):
        raise RowRejected("gemeentecode_ongeldig", f"{gemeente_in} is geen CBS-gemeentecode", gemeente)
    aanbieder_in = "Ontvanger" if gemeente_in == "Afzender" else "Afzender"
    return (
        wet,
        "GM" + gemeente,
        _required(fields, aanbieder_in),
        _required(fields, "BerichtIdentificatie/Identificatie"),
        _date(fields, "BerichtIdentificatie/Dagtekening", required=True),
    )


def _client_id(bsn: str | None, pseudonymiser: Pseudonymiser) -> str:
    if bsn is None:
        raise RowRejected("verplicht_veld", "Bsn ontbreekt")
    if not elfproef(bsn):
        raise RowRejected("bsn_elfproef", "Bsn voldoet niet aan de elfproef", BSN_MASK)
    return pseudonymiser.pseudonym(bsn)


def _serialise(element: Element, bsn: str | None) -> str:
    text = etree.tostring(element, encoding="unicode", with_tail=False)
    return mask_bsn(text, bsn) if bsn else text


class _Collector:
    """Rows and quarantine of one file."""

    def __init__(self, pseudonymiser: Pseudonymiser) -> None:
        self.pseudonymiser = pseudonymiser
        self.rows: dict[str, list[tuple]] = {table: [] for table in TABLES}
        self.quarantine: list[QuarantineRow] = []
        self.rows_in = 0

    def message(self, bestand: str, index: int | None, root: Element) -> None:
        kind = _message_type(root)
        soort = _SOORTEN.get(kind[1]) if kind else None
        if soort is None:
            self._unsupported(bestand, index or root.sourceline, root)
            return
        try:
            kop: tuple | RowRejected = (*_header(root, kind[0], soort.gemeente_in), *soort.message(root))
        except RowRejected as problem:
            kop = problem  # every record of this message is quarantined with it
        for client_element in root.iter("{*}Client"):
            client = _pick(client_element, _CLIENT_FIELDS)
            try:
                client_id: str | RowRejected = _client_id(client.get("Bsn"), self.pseudonymiser)
            except RowRejected as problem:
                client_id = problem
            for record in client_element.iter("{*}" + soort.record):
                regel = index or record.sourceline
                self._record(soort, kop, client, client_id, record, bestand, regel)

    def _record(self, soort, kop, client, client_id, record, bestand, regel) -> None:
        self.rows_in += 1
        try:
            for problem in (kop, client_id):
                if isinstance(problem, RowRejected):
                    raise problem
            columns = soort.row(_flatten(record), client, client_id)
            self.rows[soort.table].append((*kop, *columns, bestand, regel))
        except RowRejected as problem:
            self.quarantine.append(QuarantineRow(
                bestand, regel, _serialise(record, client.get("Bsn")), problem.rule, problem.message, problem.waarde
            ))

    def _unsupported(self, bestand: str, regel: int, root: Element) -> None:
        # Only the header is kept: the body of e.g. a 315 holds names and addresses.
        self.rows_in += 1
        header = root.find("{*}Header")
        inhoud = root.tag if header is None else _serialise(header, None)
        self.quarantine.append(QuarantineRow(
            bestand,
            regel,
            inhoud,
            "bericht_niet_ondersteund",
            "berichttype wordt (nog) niet ingelezen",
            etree.QName(root).namespace,
        ))

    def result(self) -> ReadResult:
        tables = {table: build_table(table, rows) for table, rows in self.rows.items()}
        return ReadResult(tables=tables, quarantine=self.quarantine, rows_in=self.rows_in)


def read(path: str | Path, pseudonymiser: Pseudonymiser) -> ReadResult:
    collector = _Collector(pseudonymiser)
    for bestand, index, root in _messages(Path(path)):
        collector.message(bestand, index, root)
    return collector.result()
