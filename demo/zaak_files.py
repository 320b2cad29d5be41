"""Write the case-system export and the client survey as a gemeente's systems export them:

    zaaksysteem/wmo_meldingen.csv            Windows-1252, ';', dd-mm-jjjj
    zaaksysteem/beschikte_voorzieningen.csv  UTF-8 with BOM, ';', decimal comma
    zaaksysteem/doelen.csv                   Windows-1252, ';'
    zaaksysteem/inkomensvoorzieningen.csv    UTF-8 with BOM, ';', decimal comma
    zaaksysteem/schuldhulptrajecten.csv      Windows-1252, ';', decimal comma
    enquete/clientervaring_<jjjj>.csv        UTF-8 with BOM, ';'; BSN only with toestemming

The headers are the contracts of docs/contracts/zaaksysteem.md and enquete.md.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from demo.model import Region

MELDINGEN_HEADER = [
    "Identificatie",
    "Gemeentecode",
    "BSN",
    "Wet",
    "DatumMelding",
    "DatumStartOnderzoek",
    "DatumEindeOnderzoek",
    "DatumAanvraag",
    "DatumBeschikking",
    "Beschikkingnummer",
]
VOORZIENINGEN_HEADER = [
    "Beschikkingnummer",
    "Gemeentecode",
    "BSN",
    "Wet",
    "DatumAfgifte",
    "Productcategorie",
    "Productcode",
    "Leveringsvorm",
    "DatumStart",
    "DatumEinde",
    "Toewijzingnummer",
    "PgbBudget",
]
DOELEN_HEADER = [
    "Beschikkingnummer",
    "Gemeentecode",
    "BSN",
    "Doelnummer",
    "Leefgebied",
    "DatumVastgesteld",
    "DatumEvaluatie",
    "Behaald",
]
INKOMEN_HEADER = [
    "Identificatie",
    "Gemeentecode",
    "BSN",
    "Regeling",
    "DatumAanvraag",
    "DatumToekenning",
    "Ingangsdatum",
    "Einddatum",
    "RedenInstroom",
    "RedenUitstroom",
    "Bedrag",
]
SCHULDHULP_HEADER = [
    "Identificatie",
    "Gemeentecode",
    "BSN",
    "DatumAanmelding",
    "Spoed",
    "DatumEersteGesprek",
    "Fase",
    "Einddatum",
    "Uitstroomreden",
    "TotaalSchuldbedrag",
]
ENQUETE_HEADER = [
    "Respondentnummer",
    "Gemeentecode",
    "Onderzoek",
    "Jaar",
    "DatumInvulling",
    "Toestemming",
    "BSN",
    "Vraagcode",
    "Antwoord",
]
_WET = {"jeugd": "Jeugdwet", "wmo": "Wmo"}
_ONDERZOEK = {"jeugd": "Jeugd", "wmo": "Wmo CEO"}


def _dates(values: np.ndarray) -> list[str]:
    """dd-mm-jjjj; '' for NaT."""
    iso = np.datetime_as_string(values, unit="D")
    return ["" if d == "NaT" else f"{d[8:10]}-{d[5:7]}-{d[:4]}" for d in iso.tolist()]


def _amounts(cents: np.ndarray) -> list[str]:
    """Decimal comma with thousands dots, as a spreadsheet formats money: 1.234,56."""
    return [f"{c // 100:,}".replace(",", ".") + f",{c % 100:02d}" for c in cents.tolist()]


def _gemeente(codes: np.ndarray) -> list[str]:
    return [c[2:] for c in codes.tolist()]


def _write(path: Path, header: list[str], columns: list[list], encoding: str) -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(zip(*columns, strict=False))


def write_zaaksysteem(region: Region, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    z = region.zaaksysteem
    m, v, d, b, s = z.meldingen, z.voorzieningen, z.doelen, z.bijstand, z.schuldhulp
    _write(
        folder / "wmo_meldingen.csv",
        MELDINGEN_HEADER,
        [
            m.identificatie.tolist(),
            _gemeente(m.gemeentecode),
            m.bsn.tolist(),
            ["Wmo"] * len(m),
            _dates(m.datum_melding),
            _dates(m.datum_start_onderzoek),
            _dates(m.datum_einde_onderzoek),
            _dates(m.datum_aanvraag),
            _dates(m.datum_beschikking),
            m.beschikkingnummer.tolist(),
        ],
        "cp1252",
    )
    pgb = v.leveringsvorm == "pgb"
    _write(
        folder / "beschikte_voorzieningen.csv",
        VOORZIENINGEN_HEADER,
        [
            v.beschikkingnummer.tolist(),
            _gemeente(v.gemeentecode),
            v.bsn.tolist(),
            [_WET[w] for w in v.wet.tolist()],
            _dates(v.datum_afgifte),
            v.productcategorie.tolist(),
            v.productcode.tolist(),
            [f.upper() for f in v.leveringsvorm.tolist()],
            _dates(v.datum_start),
            _dates(v.datum_einde),
            ["" if p else str(n) for p, n in zip(pgb.tolist(), v.toewijzingnummer.tolist(), strict=False)],
            [a if p else "" for p, a in zip(pgb.tolist(), _amounts(v.pgb_budget_cent), strict=False)],
        ],
        "utf-8-sig",
    )
    _write(
        folder / "doelen.csv",
        DOELEN_HEADER,
        [
            d.beschikkingnummer.tolist(),
            _gemeente(d.gemeentecode),
            d.bsn.tolist(),
            d.doelnummer.tolist(),
            d.leefgebied.tolist(),
            _dates(d.datum_vastgesteld),
            _dates(d.datum_evaluatie),
            d.behaald.tolist(),
        ],
        "cp1252",
    )
    _write(
        folder / "inkomensvoorzieningen.csv",
        INKOMEN_HEADER,
        [
            b.identificatie.tolist(),
            _gemeente(b.gemeentecode),
            b.bsn.tolist(),
            ["Participatiewet"] * len(b),
            _dates(b.datum_aanvraag),
            _dates(b.datum_toekenning),
            _dates(b.ingangsdatum),
            _dates(b.einddatum),
            b.reden_instroom.tolist(),
            b.reden_uitstroom.tolist(),
            _amounts(b.bedrag_cent),
        ],
        "utf-8-sig",
    )
    _write(
        folder / "schuldhulptrajecten.csv",
        SCHULDHULP_HEADER,
        [
            s.identificatie.tolist(),
            _gemeente(s.gemeentecode),
            s.bsn.tolist(),
            _dates(s.datum_aanmelding),
            ["ja" if x else "nee" for x in s.spoed.tolist()],
            _dates(s.datum_eerste_gesprek),
            s.fase.tolist(),
            _dates(s.einddatum),
            s.uitstroomreden.tolist(),
            _amounts(s.schuldbedrag_cent),
        ],
        "cp1252",
    )
    return 5


def write_enquete(region: Region, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    e = region.enquete
    years = sorted(set(e.jaar.tolist()))
    for jaar in years:
        rows = np.flatnonzero(e.jaar == jaar)
        _write(
            folder / f"clientervaring_{jaar}.csv",
            ENQUETE_HEADER,
            [
                e.respondentnummer[rows].tolist(),
                _gemeente(e.gemeentecode[rows]),
                [_ONDERZOEK[o] for o in e.onderzoek[rows].tolist()],
                e.jaar[rows].tolist(),
                _dates(e.datum[rows]),
                ["ja" if t else "nee" for t in e.toestemming[rows].tolist()],
                e.bsn[rows].tolist(),
                e.vraagcode[rows].tolist(),
                e.antwoord[rows].tolist(),
            ],
            "utf-8-sig",
        )
    return len(years)
