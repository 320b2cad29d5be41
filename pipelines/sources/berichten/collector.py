"""One delivery's messages into rows and quarantine: the loop that applies ``mapping.SOORTEN``.

Each message is parsed once and each row element visited once (``xmltree``). Every row element
becomes either a row of its table or a QuarantineRow: a header that breaks a rule quarantines all
rows of its message, a Client whose BSN fails the elfproef all rows of that Client. A quarantined
row's ``content`` comes from a re-parse that keeps blank text (``Delivered``), so it is the
element as delivered, its BSN, any other elfproef-valid number and any name or address masked. A message
type that is not read is quarantined as one row holding only its header: the body of e.g. a 316 holds names
and addresses.
"""

from __future__ import annotations

import copy
from itertools import islice

from lxml import etree

from pipelines.privacy import BSN_MASK, WEGGELATEN, Pseudonymiser, elfproef, mask_bsn, mask_elfproef, process_cache
from pipelines.sources.base import QuarantineRow, ReadResult, RowRejected, build_table
from pipelines.sources.berichten.mapping import SOORTEN, TABLES, header, message_type
from pipelines.sources.berichten.xmltree import Element, Fields, child, first, flatten, local, parse, parser


class Collector:
    """Rows and quarantine of one file."""

    def __init__(self, pseudonymiser: Pseudonymiser) -> None:
        self.pseudonymiser = pseudonymiser
        self.parser = parser()
        self.rows: dict[str, list[tuple]] = {table: [] for table in TABLES}
        self.quarantine: list[QuarantineRow] = []
        self.rows_in = 0
        self._clients = process_cache(pseudonymiser, "berichten")

    def message(self, file: str, index: int | None, data: bytes) -> None:
        root = parse(data, file, self.parser)
        kind = message_type(root)
        soort = SOORTEN.get(kind[1]) if kind else None
        if soort is None:
            self._unsupported(file, index or root.sourceline, root, data)
            return
        try:
            kop: tuple | RowRejected = (*header(root, kind[0], soort.gemeente_in), *soort.message(root))
        except RowRejected as problem:
            kop = problem  # every record of this message is quarantined with it
        rows, records, join = self.rows[soort.table], soort.records, soort.join
        [only] = records.values() if len(records) == 1 else [None]
        record_tags = tuple("{*}" + name for name in records)
        delivered = Delivered(data, record_tags, soort.client is not None)
        # Rows sit below a Client (read once per Client), or, without one (319), anywhere in the message.
        groups = root.iter("{*}Client") if soort.client is not None else (root,)
        client: Fields = {}
        client_id: str | RowRejected | None = None
        for client_number, client_element in enumerate(groups):
            if soort.client is not None:
                client = first(client_element, soort.client)
                client_id = self._client_id(client.get("Bsn"))
            problem = kop if isinstance(kop, RowRejected) else client_id if isinstance(client_id, RowRejected) else None
            for record_number, record in enumerate(client_element.iter(*record_tags)):
                self.rows_in += 1
                line = index or record.sourceline
                if problem is None:
                    try:
                        row = only or records[local(record.tag)]
                        rows.append((*kop, *row(flatten(record, None, "", join), client, client_id), file, line))
                        continue
                    except RowRejected as rejected:
                        reason = rejected
                else:
                    reason = problem
                self.quarantine.append(
                    QuarantineRow(
                        file,
                        line,
                        delivered.record(client_number, record_number, client.get("Bsn")),
                        reason.rule,
                        reason.message,
                        reason.value,
                    )
                )

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

    def _unsupported(self, file: str, line: int, root: Element, data: bytes) -> None:
        # Only the header is kept: the body of e.g. a 316 holds names and addresses.
        self.rows_in += 1
        kop = child(Delivered(data).root, "Header")
        self.quarantine.append(
            QuarantineRow(
                file,
                line,
                root.tag if kop is None else _serialise(kop, None),
                "bericht_niet_ondersteund",
                "berichttype wordt (nog) niet ingelezen",
                etree.QName(root).namespace,
            )
        )

    def result(self) -> ReadResult:
        tables = {table: build_table(table, rows) for table, rows in self.rows.items()}
        return ReadResult(tables=tables, quarantine=self.quarantine, rows_in=self.rows_in)


class Delivered:
    """A message as delivered, blank text included, for ``content``: parsed only if something is quarantined."""

    def __init__(self, data: bytes, record_tags: tuple[str, ...] = (), in_client: bool = True) -> None:
        self.data = data
        self.record_tags = record_tags
        self.in_client = in_client
        self._root: Element | None = None

    @property
    def root(self) -> Element:
        if self._root is None:
            self._root = etree.fromstring(self.data, parser(keep_blank_text=True))
        return self._root

    def record(self, client_number: int, record_number: int, bsn: str | None) -> str:
        # Dropping blank text changes no element, so the n-th Client and record are the same ones.
        groups = self.root.iter("{*}Client") if self.in_client else (self.root,)
        client = next(islice(groups, client_number, None))
        record = next(islice(client.iter(*self.record_tags), record_number, None))
        return _serialise(record, bsn)


# Elements that name a person or say where to reach them (a 315's Verwijzer/Naam, a Relatie's Contactgegevens):
# their content is never shown with a quarantined row.
_PERSOONLIJK = ("Naam", "Contactgegevens", "Adres", "Organisatie", "Telefoon", "Emailadres", "Geboortedatum")


def _serialise(element: Element, bsn: str | None) -> str:
    element = copy.deepcopy(element)  # the parsed message itself stays as delivered
    for persoonlijk in list(element.iter(*("{*}" + name for name in _PERSOONLIJK))):
        for kind in list(persoonlijk):
            persoonlijk.remove(kind)
        persoonlijk.text = WEGGELATEN
    text = mask_elfproef(etree.tostring(element, encoding="unicode", with_tail=False))
    return mask_bsn(text, bsn) if bsn else text
