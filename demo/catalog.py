"""The demo region's contract catalogue: products, aanbieders, Iv3 mapping.

Productcodes are regional (IV075 lets gemeente and aanbieder agree their own
list); categories are the real JZ020 / WMO020 codes and the hulpmiddelen codes
follow the iWmo 2022 indeling. Prices, durations and waits are assumptions,
documented with their evidence tag in docs/demo-assumptions.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo import rates
from demo.model import Aanbieder

WETTEN = ("jeugd", "wmo")  # index 0 / 1 in the simulation's integer 'wet' columns
INSPANNING = "inspanningsgericht"
OUTPUT = "outputgericht"
TAAK = "taakgericht"


@dataclass(frozen=True)
class Product:
    code: str
    wet: str
    categorie: str
    omschrijving: str
    variant: str
    eenheid: str  # WJ756: 01 minuut, 04 uur, 14 etmaal, 16 dagdeel, 82 stuks (output)
    frequentie: str  # WMO757: 1 dag, 2 week, 4 maand, 6 totaal binnen de toewijzing
    volume: int  # allocated per frequentie period
    tarief_cent: int  # 2021 price per eenheid; taakgericht: lump-sum price per client-month
    duur_dagen: int  # median real duration of care
    duur_sigma: float  # lognormal spread of that duration
    toewijzing_dagen: int  # length of a toewijzing before it must be extended
    open_einde: float  # share of toewijzingen sent without Einddatum
    direct_start: float  # share starting within 3 days of the ingangsdatum
    wacht_dagen: int  # median wait of the others
    taakvelden: tuple[str, str, str]  # Iv3 taakveld: boekjaar <=2022, 2023-2024, >=2025
    kostenplaats: str

    @property
    def eenmalig(self) -> bool:
        """Delivered once (frequentie 6): one delivery, one Prestatie."""
        return self.frequentie == "6"


def _p(*args) -> Product:
    return Product(*args)


# fmt: off
_PRODUCT_ROWS = [
    # code, wet, cat, omschrijving, variant, eenheid, freq, vol, tarief, duur, sigma, toew, open, direct, wacht, taakvelden, kostenplaats
    _p("45A01", "jeugd", "45", "Ambulante begeleiding", INSPANNING, "04", "2", 3, 8900, 200, 0.6, 182, 0.0, 0.25, 21, ("6.72", "6.72a", "6.751"), "JZ100"),
    _p("45A02", "jeugd", "45", "Ambulante behandeling", INSPANNING, "01", "2", 120, 185, 180, 0.6, 182, 0.0, 0.20, 28, ("6.72", "6.72b", "6.752"), "JZ100"),
    _p("45A10", "jeugd", "45", "Ambulant arrangement", OUTPUT, "82", "4", 1, 105000, 270, 0.5, 365, 0.0, 0.25, 21, ("6.72", "6.72d", "6.751"), "JZ100"),
    _p("45A05", "jeugd", "45", "Lichte ambulante ondersteuning", TAAK, "04", "2", 2, 32000, 150, 0.6, 182, 0.0, 0.40, 10, ("6.72", "6.72a", "6.751"), "JZ110"),
    _p("54A01", "jeugd", "54", "Jeugd-ggz behandeling", INSPANNING, "01", "2", 120, 205, 240, 0.6, 365, 0.0, 0.10, 42, ("6.72", "6.74a", "6.752"), "JZ100"),
    _p("41A01", "jeugd", "41", "Dagbehandeling", INSPANNING, "16", "2", 4, 16500, 300, 0.5, 365, 0.0, 0.20, 35, ("6.72", "6.72c", "6.752"), "JZ100"),
    _p("44A01", "jeugd", "44", "Pleegzorg", INSPANNING, "14", "1", 1, 7500, 700, 0.8, 365, 0.0, 0.50, 14, ("6.72", "6.73a", "6.762"), "JZ120"),
    _p("44A02", "jeugd", "44", "Gezinshuis", INSPANNING, "14", "1", 1, 23000, 600, 0.7, 365, 0.0, 0.30, 30, ("6.72", "6.73b", "6.762"), "JZ120"),
    _p("43A01", "jeugd", "43", "Residentiële behandeling", INSPANNING, "14", "1", 1, 38000, 270, 0.6, 365, 0.0, 0.30, 35, ("6.72", "6.73c", "6.762"), "JZ120"),
    _p("46A01", "jeugd", "46", "Crisisopvang", INSPANNING, "14", "1", 1, 48000, 30, 0.5, 28, 0.0, 1.00, 0, ("6.72", "6.74b", "6.762"), "JZ120"),
    _p("43A05", "jeugd", "43", "Gesloten jeugdhulp", INSPANNING, "14", "1", 1, 70000, 150, 0.5, 182, 0.0, 0.90, 7, ("6.72", "6.74c", "6.763"), "JZ120"),
    _p("55A01", "jeugd", "55", "Landelijk ingekochte ambulante zorg", INSPANNING, "01", "2", 60, 210, 240, 0.6, 365, 0.0, 0.20, 42, ("6.72", "6.74b", "6.753"), "JZ100"),
    _p("48A01", "jeugd", "48", "Ondertoezichtstelling", OUTPUT, "82", "4", 1, 142000, 420, 0.5, 365, 0.0, 1.00, 0, ("6.82", "6.82a", "6.821"), "JZ200"),
    _p("47A01", "jeugd", "47", "Jeugdreclassering", OUTPUT, "82", "4", 1, 118000, 300, 0.4, 365, 0.0, 1.00, 0, ("6.82", "6.82b", "6.822"), "JZ200"),
    _p("01A01", "wmo", "01", "Hulp bij het huishouden", INSPANNING, "04", "2", 3, 3350, 900, 0.8, 1826, 0.4, 0.15, 24, ("6.71", "6.71a", "6.711"), "WM100"),
    _p("01A02", "wmo", "01", "Schoon en leefbaar huis", OUTPUT, "82", "4", 1, 36000, 900, 0.8, 1826, 0.4, 0.15, 24, ("6.71", "6.71a", "6.711"), "WM100"),
    _p("02A01", "wmo", "02", "Individuele begeleiding", INSPANNING, "04", "2", 3, 6400, 420, 0.7, 365, 0.0, 0.20, 21, ("6.71", "6.71b", "6.712"), "WM100"),
    _p("02A05", "wmo", "02", "Wijkgerichte begeleiding", TAAK, "04", "2", 2, 25000, 300, 0.7, 365, 0.0, 0.40, 10, ("6.71", "6.71b", "6.712"), "WM110"),
    _p("07A01", "wmo", "07", "Dagbesteding", INSPANNING, "16", "2", 4, 5200, 720, 0.7, 730, 0.0, 0.20, 21, ("6.71", "6.71c", "6.713"), "WM100"),
    _p("08A01", "wmo", "08", "Wmo-vervoer", OUTPUT, "82", "4", 12, 1450, 1000, 0.8, 1826, 0.4, 0.60, 7, ("6.6", "6.6", "6.60"), "WM200"),
    _p("11X02", "wmo", "11", "Rolstoel semipermanent gebruik", OUTPUT, "82", "4", 1, 3900, 900, 0.8, 1826, 0.4, 0.00, 21, ("6.6", "6.6", "6.60"), "WM200"),
    _p("12X01", "wmo", "12", "Scootmobiel", OUTPUT, "82", "4", 1, 6200, 1100, 0.7, 1826, 0.4, 0.00, 35, ("6.6", "6.6", "6.60"), "WM200"),
    _p("13X12", "wmo", "13", "Douche-/toiletstoel", OUTPUT, "82", "6", 1, 85000, 1, 0.0, 91, 0.0, 0.00, 28, ("6.6", "6.6", "6.60"), "WM200"),
    _p("15A01", "wmo", "15", "Beschermd wonen", INSPANNING, "14", "1", 1, 15500, 800, 0.7, 730, 0.0, 0.20, 60, ("6.81", "6.81a", "6.811"), "WM300"),
]
# fmt: on

PRODUCTEN: dict[str, Product] = {p.code: p for p in _PRODUCT_ROWS}
CODES: list[str] = list(PRODUCTEN)
P: list[Product] = list(PRODUCTEN.values())
_BASE_TARIEF = np.array([p.tarief_cent for p in P], dtype=float)
TOEWIJZING_DAGEN = np.array([p.toewijzing_dagen for p in P])  # per row of ``P``
_CODE_ORDER = np.argsort(CODES)
_SORTED_CODES = np.array(CODES)[_CODE_ORDER]


def product_index(codes: np.ndarray) -> np.ndarray:
    """Row in ``P`` of every productcode."""
    return _CODE_ORDER[np.searchsorted(_SORTED_CODES, codes)]


def tarief_cent(product: np.ndarray, aanbieder_factor: np.ndarray, datum: np.ndarray) -> np.ndarray:
    """Contract price in the calendar year of ``datum``: the 2021 price indexed
    yearly, times the aanbieder's own price level."""
    year = datum.astype("datetime64[Y]").astype(np.int64) + 1970
    return np.rint(_BASE_TARIEF[product] * (1 + rates.INDEX) ** (year - 2021) * aanbieder_factor).astype(np.int64)


@dataclass(frozen=True)
class AanbiederSpec:
    aanbieder: Aanbieder
    gewicht: float  # relative market share among aanbieders of the same product
    declaratiedag: int  # day of the month the 323 usually leaves


def _a(
    agb: str, naam: str, wet: str, variant: str, producten: tuple[str, ...], crediteur: str, gewicht: float, dag: int
):
    return AanbiederSpec(Aanbieder(agb, naam, wet, variant, producten, crediteur), gewicht, dag)


# Synthetic organisations; AGB codes are made up (prefix 98) and not looked up.
AANBIEDERS: tuple[AanbiederSpec, ...] = (
    _a(
        "98100011",
        "Stichting Jeugdhulp Twentse Ster",
        "jeugd",
        INSPANNING,
        ("45A01", "45A02", "41A01"),
        "400101",
        3.0,
        4,
    ),
    _a("98100028", "Kindkracht Ambulant B.V.", "jeugd", INSPANNING, ("45A01", "45A02"), "400102", 2.0, 6),
    _a("98100035", "Jeugd-GGZ Oost Nederland", "jeugd", INSPANNING, ("54A01", "45A02"), "400103", 3.0, 8),
    _a("98100042", "Praktijk Gezinsvorm", "jeugd", OUTPUT, ("45A10",), "400104", 1.0, 3),
    _a("98100059", "Pleegzorg Gelderland-Overijssel", "jeugd", INSPANNING, ("44A01",), "400105", 1.0, 10),
    _a("98100066", "Gezinshuizen De Linde", "jeugd", INSPANNING, ("44A02",), "400106", 1.0, 12),
    _a("98100073", "Residentiële Jeugdzorg Het Baken", "jeugd", INSPANNING, ("43A01", "46A01"), "400107", 1.0, 7),
    _a("98100080", "JeugdzorgPlus De Beek", "jeugd", INSPANNING, ("43A05",), "400108", 1.0, 9),
    _a("98100097", "Landelijk Centrum Jeugd en Gezin", "jeugd", INSPANNING, ("55A01",), "400109", 1.0, 14),
    _a(
        "98100103",
        "Gecertificeerde Instelling Jeugdbescherming Oost",
        "jeugd",
        OUTPUT,
        ("48A01", "47A01"),
        "400110",
        1.0,
        5,
    ),
    _a("98100110", "Jeugd- en Gezinsteam Stuurwiel", "jeugd", TAAK, ("45A05",), "400111", 1.0, 1),
    _a("98100127", "Zorgcoöperatie Jongeren Oost", "jeugd", INSPANNING, ("45A01", "41A01", "54A01"), "400112", 1.5, 11),
    _a("98200018", "Thuiszorg Samen Verder", "wmo", INSPANNING, ("01A01",), "400201", 3.0, 5),
    _a("98200025", "Huishoudelijke Hulp Noordoost", "wmo", OUTPUT, ("01A02",), "400202", 2.0, 7),
    _a("98200032", "Zorggroep Aan de Vecht", "wmo", INSPANNING, ("01A01", "02A01"), "400203", 2.0, 9),
    _a("98200049", "Begeleiding Plus", "wmo", INSPANNING, ("02A01", "07A01"), "400204", 2.0, 4),
    _a("98200056", "Dagbesteding 't Erf", "wmo", INSPANNING, ("07A01",), "400205", 1.0, 12),
    _a("98200063", "Welzijn en Begeleiding Kern", "wmo", TAAK, ("02A05",), "400206", 1.0, 1),
    _a("98200070", "Hulpmiddelencentrum Oost", "wmo", OUTPUT, ("11X02", "12X01", "13X12"), "400207", 1.0, 6),
    _a("98200087", "Regiotaxi Oost", "wmo", OUTPUT, ("08A01",), "400208", 1.0, 8),
    _a("98200094", "Stichting Beschermd Wonen Het Anker", "wmo", INSPANNING, ("15A01",), "400209", 1.0, 10),
    _a("98200100", "Zorgcoöperatie Noaberzorg", "wmo", INSPANNING, ("01A01", "02A01"), "400210", 1.5, 3),
)


def taakveld(product: Product, boekjaar: int) -> str:
    """The Iv3 taakveld of a product in the numbering regime of ``boekjaar``."""
    return product.taakvelden[0 if boekjaar <= 2022 else 1 if boekjaar <= 2024 else 2]


def toegang_taakvelden(boekjaar: int) -> tuple[tuple[str, float], ...]:
    """Toegang / wijkteam taakvelden with their share of the cost: one taakveld
    until 2024, split over Wmo / Jeugd / integraal from 2025."""
    if boekjaar <= 2024:
        return (("6.2", 1.0),)
    return (("6.21", 0.35), ("6.22", 0.40), ("6.23", 0.25))
