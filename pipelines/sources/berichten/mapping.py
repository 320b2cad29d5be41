"""The supported iJw / iWmo 3.2 message types as data: which elements become rows of which raw table.

Each message type is one entry in ``SOORTEN``: the raw table, the element that is one row, the
header element holding the gemeente, and a function mapping one such element to the table's
columns. Adding a message type means adding that function, the entry, and the table's schema in
``base.RAW_SCHEMAS``. A type may have several row elements (317: unchanged, changed and new
products), each with its own function; the 319 has no Client, so its rows carry no client.

A row function gets (record, client, client_id): the record's fields (``xmltree.flatten``), the
fields read of its Client (``Soort.client``) and the client's pseudonym; it returns the columns
after the header columns (``header()``) and before the lineage columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from pipelines.privacy import WEGGELATEN
from pipelines.sources.base import WET, RowRejected
from pipelines.sources.berichten.fields import cents_of, date_of, gemeentecode_of, int_of, required, time_of
from pipelines.sources.berichten.xmltree import LOCAL_NAMES_MAX, Element, Fields, Paths, child, first, flatten

NAMESPACE = re.compile(r"http://www\.istandaarden\.nl/i(jw|wmo)/3_2/\1(\d{3})/schema")

Row = Callable[[Fields, Fields, str | None], tuple]  # (record, client, client_id) -> columns

CLIENT = Paths("Bsn", "Geboortedatum/Datum", "Geslacht")
BSN = Paths("Bsn")  # a declaration's Client holds only its Bsn (and its Prestaties): stop reading it there


@dataclass(frozen=True)
class Soort:
    table: str
    records: dict[str, Row]  # local name of an element that becomes one row -> its columns
    gemeente_in: str  # header element with the CBS gemeentecode of the responsible gemeente
    message: Callable[[Element], tuple] = lambda root: ()  # columns read once per message, before the rows
    client: Paths | None = CLIENT  # what is read of each Client; None: rows are not below a Client (319)
    join: bool = False  # a repeated leaf (325 RetourCode) gives all its values joined with ','


# --- which message, and its header -------------------------------------------------------

_MESSAGE_TYPES: dict[str, tuple[str, str] | None] = {}  # root tag -> (wet, berichtnummer)


def message_type(root: Element) -> tuple[str, str] | None:
    """(wet, berichtnummer) from the root namespace, e.g. ('jeugd', '301')."""
    tag = root.tag
    if tag in _MESSAGE_TYPES:
        return _MESSAGE_TYPES[tag]
    match = NAMESPACE.fullmatch(etree.QName(root).namespace or "")
    kind = (WET[match.group(1)], match.group(2)) if match else None  # 'jw' -> 'jeugd', 'wmo' -> 'wmo'
    if len(_MESSAGE_TYPES) < LOCAL_NAMES_MAX:
        _MESSAGE_TYPES[tag] = kind
    return kind


def header(root: Element, wet: str, gemeente_in: str) -> tuple:
    """wet, gemeentecode, aanbieder, bericht_id, dagtekening."""
    element = child(root, "Header")
    fields = flatten(element) if element is not None else {}
    aanbieder_in = "Ontvanger" if gemeente_in == "Afzender" else "Afzender"
    return (
        wet,
        gemeentecode_of(fields, gemeente_in, required=True),
        required(fields, aanbieder_in),
        required(fields, "BerichtIdentificatie/Identificatie"),
        date_of(fields, "BerichtIdentificatie/Dagtekening", required=True),
    )


def _client(client: Fields, client_id: str) -> tuple:
    """The client as 301, 305, 307 and 315 hold it: the pseudonym and the birth month.

    Data minimisation: the models only need an age, so the Geboortedatum is cut to the first day of
    its month here, before anything is stored; ages count from that day (at most one month early). An
    unreadable one is quarantined without its value, which may be a birth date in another notation.
    """
    try:
        geboortedatum = date_of(client, "Geboortedatum/Datum")
    except RowRejected as fout:
        raise RowRejected(fout.rule, fout.message, WEGGELATEN) from None
    return client_id, geboortedatum.replace(day=1) if geboortedatum else None


def _product(record: Fields) -> tuple:
    """Product/Categorie and Product/Code, as 301, 305, 307, 315 and 317 name a product."""
    return record.get("Product/Categorie"), record.get("Product/Code")


def _omvang(record: Fields) -> tuple:
    """Omvang (volume per eenheid per frequentie) and Budget, as in 301, 315 and 317 (base._OMVANG)."""
    return (
        int_of(record, "Omvang/Volume"),
        record.get("Omvang/Eenheid"),
        record.get("Omvang/Frequentie"),
        int_of(record, "Budget"),
    )


# --- 301 toewijzing, 305 start zorg, 307 stop zorg ------------------------------------------


def _toewijzing(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        *_client(client, client_id),
        client.get("Geslacht"),
        required(record, "ToewijzingNummer"),
        record.get("ReferentieAanbieder"),
        *_product(record),
        date_of(record, "Toewijzingsdatum", required=True),
        time_of(record, "Toewijzingstijd"),
        date_of(record, "Ingangsdatum", required=True),
        date_of(record, "Einddatum"),
        *_omvang(record),
        record.get("RedenWijziging"),
    )


def _start(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        *_client(client, client_id),
        # Absent for taakgericht care, which has no toewijzing per client (IV096).
        record.get("ToewijzingNummer"),
        date_of(record, "ToewijzingIngangsdatum"),
        *_product(record),
        date_of(record, "Begindatum", required=True),
        required(record, "StatusAanlevering"),
    )


def _stop(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        *_start(record, client, client_id),
        date_of(record, "Einddatum", required=True),
        required(record, "RedenBeeindiging"),
    )


# --- 323 declaratie and its 325 answer ------------------------------------------------------
# JW325 and WMO325 (berichtcode 485) are read alike: the WMO325 XSD is missing from the reference set, and
# the iWmo 3.2 knowledge base gives it JW325's structure on the iWmo basisschema, so it is modelled on that.

_DECLARATIE = Paths(
    "DeclaratieNummer",
    "DeclaratieDagtekening",
    "DeclaratiePeriode/Begindatum",
    "DeclaratiePeriode/Einddatum",
)


def _declaratie_kop(root: Element) -> tuple:
    declaratie = child(root, "Declaratie")
    fields = first(declaratie, _DECLARATIE) if declaratie is not None else {}
    return (
        required(fields, "DeclaratieNummer"),
        date_of(fields, "DeclaratieDagtekening", required=True),
        date_of(fields, "DeclaratiePeriode/Begindatum", required=True),
        date_of(fields, "DeclaratiePeriode/Einddatum", required=True),
    )


def _prestatie_kern(record: Fields, client_id: str, periode_verplicht: bool) -> tuple:
    """The columns that identify a Prestatie, shared by the 323 and its 325 answer."""
    return (
        client_id,
        record.get("ProductReferentie/ReferentieNummer"),
        required(record, "ToewijzingNummer"),
        record.get("ProductCategorie"),
        record.get("ProductCode"),
        date_of(record, "ProductPeriode/Begindatum", required=periode_verplicht),
        date_of(record, "ProductPeriode/Einddatum", required=periode_verplicht),
    )


def _prestatie(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        *_prestatie_kern(record, client_id, periode_verplicht=True),
        int_of(record, "GeleverdVolume", required=True),
        record.get("Eenheid"),
        int_of(record, "ProductTarief"),
        cents_of(record, "IngediendBedrag"),
    )


_DECLARATIE_ANTWOORD = Paths(
    "DeclaratieNummer",
    "TotaalIngediendBedrag/TotaalBedrag",
    "TotaalIngediendBedrag/DebetCredit",
    "TotaalToegekendBedrag/TotaalBedrag",
    "TotaalToegekendBedrag/DebetCredit",
)
_DECLARATIE_IDENTIFICATIE = Paths("DeclaratieIdentificatie/Identificatie")


def _retourcodes(element: Element | None) -> str | None:
    """The RetourCode values of ``element``'s RetourCodes child, joined with ','."""
    codes = child(element, "RetourCodes") if element is not None else None
    if codes is None:
        return None
    return ",".join(text for code in codes if (text := (code.text or "").strip())) or None


def _declaratie_antwoord_kop(root: Element) -> tuple:
    kop = child(root, "Header")
    identificatie = first(kop, _DECLARATIE_IDENTIFICATIE) if kop is not None else {}
    antwoord = child(root, "DeclaratieAntwoord")
    fields = first(antwoord, _DECLARATIE_ANTWOORD) if antwoord is not None else {}
    return (
        required(identificatie, "DeclaratieIdentificatie/Identificatie"),
        required(fields, "DeclaratieNummer"),
        cents_of(fields, "TotaalIngediendBedrag", "TotaalBedrag"),
        cents_of(fields, "TotaalToegekendBedrag", "TotaalBedrag"),
        _retourcodes(antwoord),
    )


def _prestatie_antwoord(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        *_prestatie_kern(record, client_id, periode_verplicht=False),
        cents_of(record, "IngediendBedrag"),
        required(record, "RetourCodes/RetourCode"),  # all of them, joined with ','
    )


# --- 315 verzoek om toewijzing, 317 verzoek om wijziging, 319 antwoord ----------------------


def _verzoek_toewijzing(record: Fields, client: Fields, client_id: str) -> tuple:
    return (
        *_client(client, client_id),
        required(record, "ReferentieAanbieder"),
        record.get("BeschikkingNummer"),
        date_of(record, "BeschikkingIngangsdatum"),
        record.get("Verwijzer/Type"),  # never Verwijzer/Naam: a person's name
        *_product(record),
        date_of(record, "ToewijzingIngangsdatum", required=True),
        date_of(record, "ToewijzingEinddatum"),
        *_omvang(record),
    )


_VERZOEK = Paths("Bsn", "Verzoek/ReferentieAanbieder", "Verzoek/RedenVerzoek")


def _verzoek_wijziging(soort_regel: str) -> Row:
    """The 317 row function for one kind of product line; all three kinds share the columns."""
    ongewijzigd = soort_regel == "ongewijzigd"

    def row(record: Fields, client: Fields, client_id: str) -> tuple:
        return (
            client_id,
            required(client, "Verzoek/ReferentieAanbieder"),
            required(client, "Verzoek/RedenVerzoek"),
            soort_regel,
            # A NieuwProduct has no ToewijzingNummer yet; the others name the toewijzing they keep or change.
            record.get("ToewijzingNummer") if soort_regel == "nieuw" else required(record, "ToewijzingNummer"),
            *_product(record),
            date_of(record, "GewensteIngangsdatum", required=not ongewijzigd),
            date_of(record, "Einddatum"),
            *_omvang(record),
        )

    return row


def _antwoord(record: Fields, client: Fields, client_id: None) -> tuple:
    return (
        required(record, "ReferentieAanbieder"),
        required(record, "VerzoekAntwoord"),
        record.get("RedenAfwijzingVerzoek"),
        gemeentecode_of(record, "Woonplaatsbeginsel/Gemeente"),
    )


# --- the table ----------------------------------------------------------------------------

SOORTEN: dict[str, Soort] = {
    "301": Soort("berichten_toewijzing", {"ToegewezenProduct": _toewijzing}, "Afzender"),
    "305": Soort("berichten_start", {"StartProduct": _start}, "Ontvanger"),
    "307": Soort("berichten_stop", {"StopProduct": _stop}, "Ontvanger"),
    "315": Soort("berichten_verzoek_toewijzing", {"AangevraagdProduct": _verzoek_toewijzing}, "Ontvanger"),
    "317": Soort(
        "berichten_verzoek_wijziging",
        {
            "OngewijzigdProduct": _verzoek_wijziging("ongewijzigd"),
            "TeWijzigenProduct": _verzoek_wijziging("te_wijzigen"),
            "NieuwProduct": _verzoek_wijziging("nieuw"),
        },
        "Ontvanger",
        client=_VERZOEK,
    ),
    "319": Soort("berichten_antwoord", {"Antwoord": _antwoord}, "Afzender", client=None),
    "323": Soort("berichten_declaratie", {"Prestatie": _prestatie}, "Ontvanger", _declaratie_kop, client=BSN),
    "325": Soort(
        "berichten_declaratie_antwoord",
        {"Prestatie": _prestatie_antwoord},
        "Afzender",
        _declaratie_antwoord_kop,
        client=BSN,
        join=True,
    ),
}
TABLES = tuple(soort.table for soort in SOORTEN.values())
