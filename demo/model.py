"""The generated truth of a synthetic region.

Person-level tables are columnar (one numpy array per field, equal lengths):
a regio run holds about a hundred thousand toewijzingen and two million
declaration lines, which would be slow and large as one object per row. Row
indexes link the tables: ``Trajectories.person`` indexes ``Persons``,
``Declaraties.trajectory`` indexes ``Trajectories`` and so on.

Dates are ``datetime64[D]``; NaT means "none" (open-ended, never started).
Money is integer eurocents. Gemeentecodes are 'GM0153'; the writers turn them
into the 4-digit form the files use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np


class _Columns:
    """Equal-length columns; ``len()`` is the row count."""

    def __len__(self) -> int:
        return len(getattr(self, fields(self)[0].name))

    def take(self, rows: np.ndarray):
        """The same columns, only ``rows`` (indices or a mask)."""
        return type(self)(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})


@dataclass(frozen=True)
class Gemeente:
    code: str  # 'GM0153'
    naam: str


@dataclass(frozen=True)
class Bevolking:
    """Inhabitants on 1 January, already multiplied by ``Region.sample``."""

    gemeentecode: str
    jaar: int
    inwoners: float
    inwoners_0_17: float
    inwoners_75plus: float


@dataclass(frozen=True)
class Aanbieder:
    agb: str  # 8 digits
    naam: str
    wet: str  # 'jeugd' / 'wmo'
    variant: str  # 'inspanningsgericht' / 'outputgericht' / 'taakgericht'
    producten: tuple[str, ...]  # productcodes, see catalog.PRODUCTEN
    crediteurnummer: str


@dataclass(frozen=True)
class Persons(_Columns):
    bsn: np.ndarray  # str, 9 digits, passes the elfproef
    geboortedatum: np.ndarray  # datetime64[D]
    geslacht: np.ndarray  # str, COD046: '1' man, '2' vrouw
    gemeentecode: np.ndarray  # str
    wijkcode: np.ndarray  # str, real KWB 2024 wijk
    postcode: np.ndarray  # str, synthetic, '1234AB'; the PC4 identifies the wijk
    huisnummer: np.ndarray  # int
    straatnaam: np.ndarray  # str, synthetic
    voornaam: np.ndarray  # str, synthetic
    voorvoegsel: np.ndarray  # str, '' when none
    achternaam: np.ndarray  # str, synthetic


@dataclass(frozen=True)
class Trajectories(_Columns):
    """One row per toewijzing (one product for one client at one aanbieder)."""

    wet: np.ndarray  # 'jeugd' / 'wmo'
    gemeentecode: np.ndarray
    person: np.ndarray  # int, row in Persons
    aanbieder: np.ndarray  # int, index in Region.aanbieders
    toewijzingnummer: np.ndarray  # int, unique per gemeente per wet; 0 for taakgericht (no toewijzing)
    productcategorie: np.ndarray  # JZ020 / WMO020 code
    productcode: np.ndarray
    eenheid: np.ndarray  # WJ756
    frequentie: np.ndarray  # WMO757
    volume: np.ndarray  # int, allocated volume per frequentie period
    tarief_cent: np.ndarray  # int, contract price per eenheid in the year of ingangsdatum
    toewijzingsdatum: np.ndarray  # first 301 version
    toewijzingstijd: np.ndarray  # str 'HH:MM:SS'
    ingangsdatum: np.ndarray
    einddatum: np.ndarray  # of the toewijzing as first sent; NaT = open-ended
    begindatum: np.ndarray  # real start (305); NaT = never started
    einddatum_zorg: np.ndarray  # real end (307); NaT = still running at the peildatum
    reden_beeindiging: np.ndarray  # JZ588 / WMO588; '' while running
    dagtekening_start: np.ndarray  # of the 305; NaT = not sent by the peildatum
    dagtekening_stop: np.ndarray  # of the 307; NaT = not sent by the peildatum
    conversie: np.ndarray  # bool: care already running on the first day, re-allocated then


@dataclass(frozen=True)
class ToewijzingWijzigingen(_Columns):
    """Later 301 versions of a toewijzing (same toewijzingnummer, newer datum/tijd)."""

    trajectory: np.ndarray
    toewijzingsdatum: np.ndarray
    toewijzingstijd: np.ndarray
    einddatum: np.ndarray  # the new einddatum; NaT = open-ended
    reden_wijziging: np.ndarray  # JZ002 / WMO002


@dataclass(frozen=True)
class Declaraties(_Columns):
    """One row per Prestatie in a 323 (debet, or credit with a negative amount)."""

    trajectory: np.ndarray
    bericht: np.ndarray  # row in DeclaratieBerichten
    periode_begin: np.ndarray  # ProductPeriode, within one calendar month
    periode_eind: np.ndarray
    volume: np.ndarray  # GeleverdVolume
    tarief_cent: np.ndarray  # ProductTarief
    bedrag_cent: np.ndarray  # signed: credit < 0
    referentie: np.ndarray  # int, ReferentieNummer
    vorige_referentie: np.ndarray  # int, VorigReferentieNummer of a credit; 0 otherwise


@dataclass(frozen=True)
class DeclaratieBerichten(_Columns):
    """One 323 per aanbieder per gemeente per declaratieperiode (calendar month)."""

    gemeentecode: np.ndarray
    aanbieder: np.ndarray
    periode: np.ndarray  # first day of the declaratieperiode
    dagtekening: np.ndarray
    declaratienummer: np.ndarray


@dataclass(frozen=True)
class DeclaratieAntwoorden:
    """The gemeente's decision on every 323 (demo/antwoorden.py): each gets a 325 (JW325 or WMO325)."""

    besluitdatum: np.ndarray  # per DeclaratieBerichten row: the day it is (or would be) answered
    dagtekening: np.ndarray  # per DeclaratieBerichten row: of the 325; NaT after the peildatum
    retourcode: np.ndarray  # per Declaraties row: WJ001 of the Prestatie (8001 granted)
    toegekend_cent: np.ndarray  # per Declaraties row: what the gemeente pays (signed like bedrag_cent)


@dataclass(frozen=True)
class Verzoeken(_Columns):
    """One row per aanbieder's request (315 or 317), with the gemeente's answer (demo/verzoeken.py)."""

    soort: np.ndarray  # '315' / '317'
    trajectory: np.ndarray  # row in Trajectories
    wijziging: np.ndarray  # 317 granted: row in ToewijzingWijzigingen it caused; -1 otherwise
    referentie: np.ndarray  # ReferentieAanbieder
    dagtekening: np.ndarray  # of the request
    afgewezen: np.ndarray  # bool
    reden_afwijzing: np.ndarray  # WJ759, '' when granted
    onderzoek_319: np.ndarray  # dagtekening of an "in onderzoek" 319; NaT when none
    afwijzing_319: np.ndarray  # dagtekening of the rejecting 319; NaT when granted or after the peildatum
    verwijzer: np.ndarray  # COD327 (315 only)
    reden_verzoek: np.ndarray  # WJ758 (317 only)
    einddatum: np.ndarray  # requested Einddatum; NaT = none
    volume: np.ndarray  # requested volume


@dataclass(frozen=True)
class Boeking:
    boekjaar: int
    boekdatum: dt.date
    gemeentecode: str
    taakveld: str
    categorie: str  # Iv3 categorie lasten
    kostenplaats: str
    crediteurnummer: str
    crediteurnaam: str
    omschrijving: str
    bedrag_cent: int


@dataclass(frozen=True)
class Begrotingsregel:
    begrotingsjaar: int
    gemeentecode: str
    taakveld: str
    soort: str  # 'primitief' / 'wijziging'
    wijzigingnummer: int  # 0 for the primitieve begroting
    datum: dt.date
    bedrag_cent: int


@dataclass(frozen=True)
class Contract:
    """One contract line: aanbieder x gemeente x product x calendar year (demo/contracts.py)."""

    agb: str
    kvk: str  # made up, 8 digits
    naam: str
    wet: str  # 'jeugd' / 'wmo'
    gemeentecode: str
    variant: str  # financieringsvorm
    productcategorie: str
    productcode: str
    eenheid: str  # WJ756; '83' euro's for taakgericht
    tarief_cent: int | None  # per eenheid; None for taakgericht (a lump sum, no price per unit)
    ingangsdatum: dt.date
    einddatum: dt.date
    plafond_cent: int


@dataclass(frozen=True)
class Region:
    seed: int
    sample: float
    start_year: int
    end_year: int
    peildatum: dt.date  # nothing dated later is written (messages, bookings)
    gemeenten: list[Gemeente]
    bevolking: list[Bevolking]
    aanbieders: list[Aanbieder]
    persons: Persons
    trajectories: Trajectories
    toewijzing_wijzigingen: ToewijzingWijzigingen
    declaraties: Declaraties
    declaratieberichten: DeclaratieBerichten
    declaratie_antwoorden: DeclaratieAntwoorden
    verzoeken: Verzoeken
    grootboek: list[Boeking]
    begroting: list[Begrotingsregel]
    contracten: list[Contract]
    zaaksysteem: Zaaksysteem
    enquete: Enquete


# --- the gemeente's case system and client survey (demo/zaak.py) ----------------------
# These tables carry the BSN itself (str, '' when none): bijstand and schuldhulp also reach persons
# who get no care, so they are not rows of Persons.


@dataclass(frozen=True)
class Voorzieningen(_Columns):
    """One row per beschikte voorziening (one product in one beschikking), in natura or as pgb."""

    beschikkingnummer: np.ndarray  # str, unique
    gemeentecode: np.ndarray
    bsn: np.ndarray
    wet: np.ndarray  # 'jeugd' / 'wmo'
    datum_afgifte: np.ndarray  # of the beschikking; before the first 301 of its toewijzing
    productcategorie: np.ndarray
    productcode: np.ndarray
    leveringsvorm: np.ndarray  # 'zin' / 'pgb'
    datum_start: np.ndarray
    datum_einde: np.ndarray  # NaT = still running at the peildatum
    toewijzingnummer: np.ndarray  # int, the 301's number; 0 for pgb
    trajectory: np.ndarray  # int, row in Trajectories; -1 for pgb
    pgb_budget_cent: np.ndarray  # int, per year; 0 in natura


@dataclass(frozen=True)
class Meldingen(_Columns):
    """Wmo melding -> onderzoek -> aanvraag -> beschikking, one per Wmo beschikking issued in the window;
    then a Jeugdwet aanvraag -> beschikking per Jeugdwet beschikking (demo/jeugdwet_aanvragen.py)."""

    identificatie: np.ndarray
    gemeentecode: np.ndarray
    bsn: np.ndarray
    wet: np.ndarray  # 'wmo' / 'jeugd'
    datum_melding: np.ndarray
    datum_start_onderzoek: np.ndarray
    datum_einde_onderzoek: np.ndarray
    datum_aanvraag: np.ndarray
    datum_beschikking: np.ndarray
    beschikkingnummer: np.ndarray


@dataclass(frozen=True)
class Doelen(_Columns):
    beschikkingnummer: np.ndarray
    gemeentecode: np.ndarray
    bsn: np.ndarray
    doelnummer: np.ndarray  # int, 1.. per beschikking
    leefgebied: np.ndarray
    datum_vastgesteld: np.ndarray
    datum_evaluatie: np.ndarray  # NaT while the voorziening runs
    behaald: np.ndarray  # 'ja' / 'nee'; '' while not evaluated


@dataclass(frozen=True)
class Bijstand(_Columns):
    """Inkomensvoorzieningen, one row per uitkering to a household: mostly Participatiewet algemene bijstand,
    some IOAW, IOAZ, Bbz and periodic bijzondere bijstand. A couple's uitkering names both partners."""

    identificatie: np.ndarray
    gemeentecode: np.ndarray
    bsn: np.ndarray  # the applicant
    partner_bsn: np.ndarray  # '' for a single person or a single parent
    soort: np.ndarray  # 'algemene bijstand' / 'IOAW' / 'IOAZ' / 'Bbz' / 'bijzondere bijstand'
    datum_aanvraag: np.ndarray
    datum_toekenning: np.ndarray
    ingangsdatum: np.ndarray
    einddatum: np.ndarray  # NaT = running
    reden_instroom: np.ndarray
    reden_uitstroom: np.ndarray  # '' while running; 'werk' = outflow to work
    bedrag_cent: np.ndarray  # monthly amount


@dataclass(frozen=True)
class Schuldhulp(_Columns):
    identificatie: np.ndarray
    gemeentecode: np.ndarray
    bsn: np.ndarray
    datum_aanmelding: np.ndarray
    spoed: np.ndarray  # bool
    datum_eerste_gesprek: np.ndarray  # NaT = none (yet)
    fase: np.ndarray  # last phase reached (NVVK): Aanmelding .. Nazorg
    einddatum: np.ndarray  # NaT = running
    uitstroomreden: np.ndarray  # DDAS EnumUitstroomreden; '' while running
    schuldbedrag_cent: np.ndarray


@dataclass(frozen=True)
class Reintegratie(_Columns):
    """Participatiewet re-integratievoorzieningen, one row per voorziening (a person may have several)."""

    identificatie: np.ndarray
    gemeentecode: np.ndarray
    bsn: np.ndarray
    soort: np.ndarray  # 'loonkostensubsidie', 'participatieplaats', 'scholing', ...
    datum_start: np.ndarray
    datum_einde: np.ndarray  # NaT = running


@dataclass(frozen=True)
class Zaaksysteem:
    meldingen: Meldingen
    voorzieningen: Voorzieningen
    doelen: Doelen
    bijstand: Bijstand
    schuldhulp: Schuldhulp
    reintegratie: Reintegratie


@dataclass(frozen=True)
class Enquete(_Columns):
    """One row per respondent per survey item."""

    respondentnummer: np.ndarray
    gemeentecode: np.ndarray
    onderzoek: np.ndarray  # 'wmo' (cliëntervaringsonderzoek) / 'jeugd'
    jaar: np.ndarray  # int
    datum: np.ndarray
    toestemming: np.ndarray  # bool: agreed to be linked to their case by BSN
    bsn: np.ndarray  # '' without toestemming
    vraagcode: np.ndarray
    antwoord: np.ndarray  # int: 1 helemaal oneens .. 5 helemaal eens, 9 weet niet / n.v.t.
