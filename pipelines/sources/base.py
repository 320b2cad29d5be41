"""Contracts shared by all source readers, and the raw table schemas.

``RAW_SCHEMAS`` is the one place the raw tables are defined: readers build their
arrow tables from it and the warehouse creates ``raw.*`` from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyarrow as pa


@dataclass
class QuarantineRow:
    """A row that broke a row rule; stored in meta.quarantaine (bestand, regelnummer, inhoud, controle, ...)."""

    file: str
    line: int
    content: str  # original line / element, BSN masked as *********
    rule: str
    message: str
    value: str | None


@dataclass
class ReadResult:
    tables: dict[str, pa.Table]  # raw table name -> rows that passed the row rules
    quarantine: list[QuarantineRow]  # rows that did not
    rows_in: int  # == sum(rows loaded) + len(quarantine), always

    @property
    def rows_loaded(self) -> int:
        return sum(table.num_rows for table in self.tables.values())


class FileRejected(Exception):
    """The file as a whole is unreadable; nothing of it may be loaded."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = self.path if line is None else f"{self.path}, regel {line}"
        super().__init__(f"{where}: {problem}")


class RowRejected(Exception):
    """One row breaks a row rule; the reader turns it into a QuarantineRow."""

    def __init__(self, rule: str, message: str, value: str | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.value = value


# The raw `wet` column is always 'jeugd' or 'wmo'. Every spelling a source may deliver, lower-cased: the
# law's name, its abbreviation, and the message standard (iJw, iWmo) that belongs to exactly one law.
WET: dict[str, str] = {
    "jeugd": "jeugd",
    "jeugdwet": "jeugd",
    "jw": "jeugd",
    "ijw": "jeugd",
    "wmo": "wmo",
    "wmo 2015": "wmo",
    "wmo2015": "wmo",
    "iwmo": "wmo",
}

_LINEAGE = [("_bestand", pa.string()), ("_regel", pa.int32())]
_TEXT = pa.string()
_DATE = pa.date32()
_BERICHT_HEAD = [
    ("wet", _TEXT),
    ("gemeentecode", _TEXT),
    ("aanbieder", _TEXT),
    ("bericht_id", _TEXT),
    ("dagtekening", _DATE),
]
# The client as 301, 305, 307 and 315 hold it: the pseudonym and the birth month (the first day of the month
# of the Geboortedatum; the full date is never stored, see mapping._client).
_CLIENT = [("client_id", _TEXT), ("geboortemaand", _DATE)]
_START_STOP = [
    *_CLIENT,
    ("toewijzingnummer", _TEXT),
    ("toewijzing_ingangsdatum", _DATE),
    ("productcategorie", _TEXT),
    ("productcode", _TEXT),
    ("begindatum", _DATE),
    ("status_aanlevering", _TEXT),
]


# Omvang (volume per eenheid per frequentie) and Budget, as in 301, 315 and 317.
_OMVANG = [
    ("volume", pa.int64()),
    ("eenheid", _TEXT),
    ("frequentie", _TEXT),
    ("budget_cent", pa.int64()),
]


# A declared Prestatie as both the 323 and its 325 answer identify it.
_PRESTATIE = [
    ("client_id", _TEXT),
    ("productreferentie", _TEXT),
    ("toewijzingnummer", _TEXT),
    ("productcategorie", _TEXT),
    ("productcode", _TEXT),
    ("productperiode_begin", _DATE),
    ("productperiode_eind", _DATE),
]


def _zaak_key(identifier: str) -> list[tuple[str, pa.DataType]]:
    """The three columns every case-system entity starts with: its identifier, the gemeente, the client."""
    return [(identifier, _TEXT), ("gemeentecode", _TEXT), ("client_id", _TEXT)]


def _schema(columns: Sequence[tuple[str, pa.DataType]]) -> pa.Schema:
    return pa.schema([*columns, *_LINEAGE])


RAW_SCHEMAS: dict[str, pa.Schema] = {
    "berichten_toewijzing": _schema(
        [
            *_BERICHT_HEAD,
            *_CLIENT,
            ("geslacht", _TEXT),
            ("toewijzingnummer", _TEXT),
            ("referentie_aanbieder", _TEXT),
            ("productcategorie", _TEXT),
            ("productcode", _TEXT),
            ("toewijzingsdatum", _DATE),
            ("toewijzingstijd", pa.time64("us")),
            ("ingangsdatum", _DATE),
            ("einddatum", _DATE),
            *_OMVANG,
            ("reden_wijziging", _TEXT),
        ]
    ),
    "berichten_start": _schema([*_BERICHT_HEAD, *_START_STOP]),
    "berichten_stop": _schema(
        [
            *_BERICHT_HEAD,
            *_START_STOP,
            ("einddatum", _DATE),
            ("reden_beeindiging", _TEXT),
        ]
    ),
    "berichten_declaratie": _schema(
        [
            *_BERICHT_HEAD,
            ("declaratienummer", _TEXT),
            ("declaratie_dagtekening", _DATE),
            ("periode_begin", _DATE),
            ("periode_eind", _DATE),
            *_PRESTATIE,
            ("geleverd_volume", pa.int64()),
            ("eenheid", _TEXT),
            ("producttarief_cent", pa.int64()),
            ("ingediend_bedrag_cent", pa.int64()),
        ]
    ),
    "berichten_verzoek_toewijzing": _schema(
        [
            *_BERICHT_HEAD,
            *_CLIENT,
            ("referentie_aanbieder", _TEXT),
            ("beschikkingnummer", _TEXT),
            ("beschikking_ingangsdatum", _DATE),
            ("verwijzer_type", _TEXT),
            ("productcategorie", _TEXT),
            ("productcode", _TEXT),
            ("toewijzing_ingangsdatum", _DATE),
            ("toewijzing_einddatum", _DATE),
            *_OMVANG,
        ]
    ),
    "berichten_verzoek_wijziging": _schema(
        [
            *_BERICHT_HEAD,
            ("client_id", _TEXT),
            ("referentie_aanbieder", _TEXT),
            ("reden_verzoek", _TEXT),
            ("soort_regel", _TEXT),
            ("toewijzingnummer", _TEXT),
            ("productcategorie", _TEXT),
            ("productcode", _TEXT),
            ("ingangsdatum", _DATE),
            ("einddatum", _DATE),
            *_OMVANG,
        ]
    ),
    "berichten_antwoord": _schema(
        [
            *_BERICHT_HEAD,
            ("referentie_aanbieder", _TEXT),
            ("verzoek_antwoord", _TEXT),
            ("reden_afwijzing", _TEXT),
            ("woonplaatsbeginsel_gemeente", _TEXT),
        ]
    ),
    "berichten_declaratie_antwoord": _schema(
        [
            *_BERICHT_HEAD,
            ("declaratie_identificatie", _TEXT),
            ("declaratienummer", _TEXT),
            ("totaal_ingediend_cent", pa.int64()),
            ("totaal_toegekend_cent", pa.int64()),
            ("declaratie_retourcodes", _TEXT),
            *_PRESTATIE,
            ("ingediend_bedrag_cent", pa.int64()),
            ("retourcodes", _TEXT),
        ]
    ),
    "grootboek": _schema(
        [
            ("boekjaar", pa.int32()),
            ("boekdatum", _DATE),
            ("gemeentecode", _TEXT),
            ("taakveld", _TEXT),
            ("categorie", _TEXT),
            ("kostenplaats", _TEXT),
            ("crediteurnummer", _TEXT),
            ("crediteurnaam", _TEXT),
            ("bedrag", pa.decimal128(18, 2)),
        ]
    ),
    "begroting": _schema(
        [
            ("begrotingsjaar", pa.int32()),
            ("gemeentecode", _TEXT),
            ("taakveld", _TEXT),
            ("soort", _TEXT),
            ("wijzigingnummer", pa.int32()),
            ("datum", _DATE),
            ("bedrag", pa.decimal128(18, 2)),
        ]
    ),
    "aanbieder_contracten": _schema(
        [
            ("agb_code", _TEXT),
            ("kvk_nummer", _TEXT),
            ("naam", _TEXT),
            ("wet", _TEXT),
            ("gemeentecode", _TEXT),
            ("financieringsvorm", _TEXT),
            ("productcategorie", _TEXT),
            ("productcode", _TEXT),
            ("eenheid", _TEXT),
            ("tarief", pa.decimal128(18, 2)),
            ("ingangsdatum", _DATE),
            ("einddatum", _DATE),
            ("contractplafond", pa.decimal128(18, 2)),
        ]
    ),
    # One row per region and figure of a CBS Kerncijfers wijken en buurten table (sources/cbs_statline.py).
    "cbs_kwb": _schema(
        [
            ("regiocode", _TEXT),
            ("soort", _TEXT),
            ("jaar", pa.int32()),
            ("variabele", _TEXT),
            ("waarde", pa.float64()),
            ("geheim", pa.bool_()),
        ]
    ),
    # The case-system export (sources/zaaksysteem.py, docs/contracts/zaaksysteem.md); client_id is the pseudonym.
    "zaak_meldingen": _schema(
        [
            *_zaak_key("identificatie"),
            ("wet", _TEXT),
            ("datum_melding", _DATE),
            ("datum_start_onderzoek", _DATE),
            ("datum_einde_onderzoek", _DATE),
            ("datum_aanvraag", _DATE),
            ("datum_beschikking", _DATE),
            ("beschikkingnummer", _TEXT),
        ]
    ),
    "zaak_voorzieningen": _schema(
        [
            *_zaak_key("beschikkingnummer"),
            ("wet", _TEXT),
            ("datum_afgifte", _DATE),
            ("productcategorie", _TEXT),
            ("productcode", _TEXT),
            ("leveringsvorm", _TEXT),
            ("datum_start", _DATE),
            ("datum_einde", _DATE),
            ("toewijzingnummer", _TEXT),
            ("pgb_budget", pa.decimal128(18, 2)),
        ]
    ),
    "zaak_doelen": _schema(
        [
            *_zaak_key("beschikkingnummer"),
            ("doelnummer", pa.int32()),
            ("leefgebied", _TEXT),
            ("datum_vastgesteld", _DATE),
            ("datum_evaluatie", _DATE),
            ("behaald", pa.bool_()),
        ]
    ),
    "zaak_inkomensvoorzieningen": _schema(
        [
            *_zaak_key("identificatie"),
            ("partner_client_id", _TEXT),  # the partner's pseudonym; NULL for a single person or parent
            ("regeling", _TEXT),
            ("soort_uitkering", _TEXT),
            ("datum_aanvraag", _DATE),
            ("datum_toekenning", _DATE),
            ("ingangsdatum", _DATE),
            ("einddatum", _DATE),
            ("reden_instroom", _TEXT),
            ("reden_uitstroom", _TEXT),
            ("bedrag", pa.decimal128(18, 2)),
        ]
    ),
    "zaak_schuldhulptrajecten": _schema(
        [
            *_zaak_key("identificatie"),
            ("datum_aanmelding", _DATE),
            ("spoed", pa.bool_()),
            ("datum_eerste_gesprek", _DATE),
            ("fase", _TEXT),
            ("einddatum", _DATE),
            ("uitstroomreden", _TEXT),
            ("schuldbedrag", pa.decimal128(18, 2)),
        ]
    ),
    "zaak_reintegratievoorzieningen": _schema(
        [
            *_zaak_key("identificatie"),
            ("soort", _TEXT),
            ("datum_start", _DATE),
            ("datum_einde", _DATE),
        ]
    ),
    # The gemeente's BRP counts by single year of age (sources/brp.py): counts only, no persons.
    "brp_bevolking": _schema(
        [
            ("gemeentecode", _TEXT),
            ("wijkcode", _TEXT),
            ("peildatum", _DATE),
            ("leeftijd", pa.int32()),
            ("aantal", pa.int64()),
        ]
    ),
    # Client survey answers (sources/enquete.py); client_id only where the respondent consented.
    "enquete_antwoorden": _schema(
        [
            ("respondentnummer", _TEXT),
            ("gemeentecode", _TEXT),
            ("onderzoek", _TEXT),
            ("jaar", pa.int32()),
            ("datum_invulling", _DATE),
            ("toestemming", pa.bool_()),
            ("client_id", _TEXT),
            ("vraagcode", _TEXT),
            ("antwoord", pa.int32()),
        ]
    ),
}


def build_table(name: str, rows: Iterable[tuple]) -> pa.Table:
    """Arrow table ``name`` from row tuples in schema order (lineage columns last)."""
    schema = RAW_SCHEMAS[name]
    columns = list(zip(*rows, strict=False)) or [()] * len(schema)
    arrays = [pa.array(values, type=col.type) for values, col in zip(columns, schema, strict=False)]
    return pa.Table.from_arrays(arrays, schema=schema)
