"""Write the case-system export and the client survey as a gemeente's systems export them:

    zaaksysteem/wmo_meldingen.csv            Windows-1252, ';', dd-mm-jjjj
    zaaksysteem/beschikte_voorzieningen.csv  UTF-8 with BOM, ';', decimal comma
    zaaksysteem/doelen.csv                   Windows-1252, ';'
    zaaksysteem/inkomensvoorzieningen.csv    UTF-8 with BOM, ';', decimal comma
    zaaksysteem/schuldhulptrajecten.csv      Windows-1252, ';', decimal comma
    zaaksysteem/reintegratievoorzieningen.csv  Windows-1252, ';'
    enquete/clientervaring_<jjjj>.csv        UTF-8 with BOM, ';'; BSN only with toestemming

The headers are the contracts of docs/contracts/zaaksysteem.md and enquete.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from demo.helpers import write_csv
from demo.model import Region

Column = Callable[[object], list]  # a frame of the model (Meldingen, Enquete, ...) -> one column's text


@dataclass(frozen=True)
class Export:
    """One exported file: its name, encoding, and per header name how the column is written from a frame."""

    file: str
    encoding: str
    columns: dict[str, Column]

    @property
    def header(self) -> list[str]:
        return list(self.columns)

    def write(self, path: Path, frame) -> None:
        columns = [column(frame) for column in self.columns.values()]
        write_csv(path, self.header, zip(*columns, strict=True), self.encoding)


def _dates(values: np.ndarray) -> list[str]:
    """dd-mm-jjjj; '' for NaT."""
    iso = np.datetime_as_string(values, unit="D")
    return ["" if d == "NaT" else f"{d[8:10]}-{d[5:7]}-{d[:4]}" for d in iso.tolist()]


def _amounts(cents: np.ndarray) -> list[str]:
    """Decimal comma with thousands dots, as a spreadsheet formats money: 1.234,56."""
    return [f"{c // 100:,}".replace(",", ".") + f",{c % 100:02d}" for c in cents.tolist()]


def _as_is(field: str) -> Column:
    return lambda frame: getattr(frame, field).tolist()


def _date(field: str) -> Column:
    return lambda frame: _dates(getattr(frame, field))


def _amount(field: str) -> Column:
    return lambda frame: _amounts(getattr(frame, field))


def _ja_nee(field: str) -> Column:
    return lambda frame: ["ja" if x else "nee" for x in getattr(frame, field).tolist()]


def _coded(field: str, codes: dict[str, str]) -> Column:
    return lambda frame: [codes[x] for x in getattr(frame, field).tolist()]


def _gemeente(frame) -> list[str]:
    """The 4-digit CBS code, as case systems export it: 'GM0153' -> '0153'."""
    return [c[2:] for c in frame.gemeentecode.tolist()]


def _pgb(voorzieningen) -> list[bool]:
    return (voorzieningen.leveringsvorm == "pgb").tolist()


_WET = {"jeugd": "Jeugdwet", "wmo": "Wmo"}
# The law an inkomensvoorziening falls under, by its kind.
_REGELING = {
    "algemene bijstand": "Participatiewet",
    "bijzondere bijstand": "Participatiewet",
    "IOAW": "IOAW",
    "IOAZ": "IOAZ",
    "Bbz": "Bbz 2004",
}
_ONDERZOEK = {"jeugd": "Jeugd", "wmo": "Wmo CEO"}

# The case-system export, by the frame of ``Region.zaaksysteem`` each file is written from.
ZAAKSYSTEEM: dict[str, Export] = {
    "meldingen": Export(
        "wmo_meldingen.csv",
        "cp1252",
        {
            "Identificatie": _as_is("identificatie"),
            "Gemeentecode": _gemeente,
            "BSN": _as_is("bsn"),
            "Wet": _coded("wet", _WET),
            "DatumMelding": _date("datum_melding"),
            "DatumStartOnderzoek": _date("datum_start_onderzoek"),
            "DatumEindeOnderzoek": _date("datum_einde_onderzoek"),
            "DatumAanvraag": _date("datum_aanvraag"),
            "DatumBeschikking": _date("datum_beschikking"),
            "Beschikkingnummer": _as_is("beschikkingnummer"),
        },
    ),
    "voorzieningen": Export(
        "beschikte_voorzieningen.csv",
        "utf-8-sig",
        {
            "Beschikkingnummer": _as_is("beschikkingnummer"),
            "Gemeentecode": _gemeente,
            "BSN": _as_is("bsn"),
            "Wet": _coded("wet", _WET),
            "DatumAfgifte": _date("datum_afgifte"),
            "Productcategorie": _as_is("productcategorie"),
            "Productcode": _as_is("productcode"),
            "Leveringsvorm": lambda v: [f.upper() for f in v.leveringsvorm.tolist()],
            "DatumStart": _date("datum_start"),
            "DatumEinde": _date("datum_einde"),
            # A toewijzing only in natura, a budget only with a pgb.
            "Toewijzingnummer": lambda v: [
                "" if p else str(n) for p, n in zip(_pgb(v), v.toewijzingnummer.tolist(), strict=False)
            ],
            "PgbBudget": lambda v: [a if p else "" for p, a in zip(_pgb(v), _amounts(v.pgb_budget_cent), strict=False)],
        },
    ),
    "doelen": Export(
        "doelen.csv",
        "cp1252",
        {
            "Beschikkingnummer": _as_is("beschikkingnummer"),
            "Gemeentecode": _gemeente,
            "BSN": _as_is("bsn"),
            "Doelnummer": _as_is("doelnummer"),
            "Leefgebied": _as_is("leefgebied"),
            "DatumVastgesteld": _date("datum_vastgesteld"),
            "DatumEvaluatie": _date("datum_evaluatie"),
            "Behaald": _as_is("behaald"),
        },
    ),
    "bijstand": Export(
        "inkomensvoorzieningen.csv",
        "utf-8-sig",
        {
            "Identificatie": _as_is("identificatie"),
            "Gemeentecode": _gemeente,
            "BSN": _as_is("bsn"),
            "PartnerBSN": _as_is("partner_bsn"),
            "Regeling": _coded("soort", _REGELING),
            "SoortUitkering": _as_is("soort"),
            "DatumAanvraag": _date("datum_aanvraag"),
            "DatumToekenning": _date("datum_toekenning"),
            "Ingangsdatum": _date("ingangsdatum"),
            "Einddatum": _date("einddatum"),
            "RedenInstroom": _as_is("reden_instroom"),
            "RedenUitstroom": _as_is("reden_uitstroom"),
            "Bedrag": _amount("bedrag_cent"),
        },
    ),
    "schuldhulp": Export(
        "schuldhulptrajecten.csv",
        "cp1252",
        {
            "Identificatie": _as_is("identificatie"),
            "Gemeentecode": _gemeente,
            "BSN": _as_is("bsn"),
            "DatumAanmelding": _date("datum_aanmelding"),
            "Spoed": _ja_nee("spoed"),
            "DatumEersteGesprek": _date("datum_eerste_gesprek"),
            "Fase": _as_is("fase"),
            "Einddatum": _date("einddatum"),
            "Uitstroomreden": _as_is("uitstroomreden"),
            "TotaalSchuldbedrag": _amount("schuldbedrag_cent"),
        },
    ),
    "reintegratie": Export(
        "reintegratievoorzieningen.csv",
        "cp1252",
        {
            "Identificatie": _as_is("identificatie"),
            "Gemeentecode": _gemeente,
            "BSN": _as_is("bsn"),
            "Soort": _as_is("soort"),
            "DatumStart": _date("datum_start"),
            "DatumEinde": _date("datum_einde"),
        },
    ),
}
# The client survey, one file per year (clientervaring_<jjjj>.csv).
ENQUETE = Export(
    "clientervaring_{jaar}.csv",
    "utf-8-sig",
    {
        "Respondentnummer": _as_is("respondentnummer"),
        "Gemeentecode": _gemeente,
        "Onderzoek": _coded("onderzoek", _ONDERZOEK),
        "Jaar": _as_is("jaar"),
        "DatumInvulling": _date("datum"),
        "Toestemming": _ja_nee("toestemming"),
        "BSN": _as_is("bsn"),
        "Vraagcode": _as_is("vraagcode"),
        "Antwoord": _as_is("antwoord"),
    },
)


def write_zaaksysteem(region: Region, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for frame, export in ZAAKSYSTEEM.items():
        export.write(folder / export.file, getattr(region.zaaksysteem, frame))
    return len(ZAAKSYSTEEM)


def write_enquete(region: Region, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    e = region.enquete
    years = sorted(set(e.jaar.tolist()))
    for jaar in years:
        ENQUETE.write(folder / ENQUETE.file.format(jaar=jaar), e.take(np.flatnonzero(e.jaar == jaar)))
    return len(years)
