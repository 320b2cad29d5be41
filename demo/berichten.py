"""iJw / iWmo 3.2 messages as XML text: the envelope and the client and trajectory fields every
message shares. The bodies are built in demo/berichten_toewijzing.py (301, 305, 307, 315, 317,
319) and demo/berichten_declaratie.py (323, 325).

Messages are built from string templates, not a DOM: a regio run has a few
hundred thousand messages and two million Prestaties. Element order and
namespaces follow the official XSDs and the JW3xx example messages; the
conformance test validates every generated message against the XSDs.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np

from demo.model import Region

BERICHTCODE = {
    ("jeugd", "301"): "436",
    ("jeugd", "305"): "438",
    ("jeugd", "307"): "440",
    ("jeugd", "323"): "490",
    ("wmo", "301"): "414",
    ("wmo", "305"): "418",
    ("wmo", "307"): "420",
    ("wmo", "323"): "484",
    ("jeugd", "325"): "491",
    ("wmo", "325"): "485",
    ("jeugd", "315"): "446",
    ("jeugd", "317"): "486",
    ("jeugd", "319"): "488",
    ("wmo", "315"): "444",
    ("wmo", "317"): "480",
    ("wmo", "319"): "482",
}  # COD002-VEKTIS
_STANDAARD = {"jeugd": ("ijw", "jw"), "wmo": ("iwmo", "wmo")}
XSD_VERSIE = "1.0.0"  # as in the example messages of the release


@dataclass(frozen=True)
class Bericht:
    wet: str
    soort: str  # '301', '305', '307', '315', '317', '319', '323', '325'
    dagtekening: str  # 'YYYY-MM-DD'
    afzender: str  # 4-digit gemeentecode or 8-digit AGB
    ontvanger: str
    body: str  # everything after the Header


def prefix(wet: str, soort: str) -> tuple[str, str]:
    """Namespace prefixes (message, basisschema) as the example messages use them."""
    basis, short = _STANDAARD[wet]
    return f"{short}{soort}", basis


def namespaces(wet: str, soort: str) -> tuple[str, str]:
    basis, short = _STANDAARD[wet]
    root = f"http://www.istandaarden.nl/{basis}/3_2"
    return f"{root}/{short}{soort}/schema", f"{root}/basisschema/schema"


def _envelope(wet: str, soort: str) -> str:
    """The message around its body, with %s slots for Afzender, Ontvanger,
    Identificatie, Dagtekening and the body."""
    p, ib = prefix(wet, soort)
    ns, basis_ns = namespaces(wet, soort)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}:Bericht xmlns:{ib}="{basis_ns}" xmlns:{p}="{ns}">'
        f"<{p}:Header><{p}:BerichtCode>{BERICHTCODE[wet, soort]}</{p}:BerichtCode>"
        f"<{p}:BerichtVersie>3</{p}:BerichtVersie><{p}:BerichtSubversie>2</{p}:BerichtSubversie>"
        f"<{p}:Afzender>%s</{p}:Afzender><{p}:Ontvanger>%s</{p}:Ontvanger>"
        f"<{p}:BerichtIdentificatie><{ib}:Identificatie>%s</{ib}:Identificatie>"
        f"<{ib}:Dagtekening>%s</{ib}:Dagtekening></{p}:BerichtIdentificatie>"
        f"<{p}:XsdVersie><{ib}:BasisschemaXsdVersie>{XSD_VERSIE}</{ib}:BasisschemaXsdVersie>"
        f"<{ib}:BerichtXsdVersie>{XSD_VERSIE}</{ib}:BerichtXsdVersie></{p}:XsdVersie>"
        # A 325's header goes on (DeclaratieIdentificatie ...): its body closes the Header.
        f"{'' if soort == '325' else f'</{p}:Header>'}%s</{p}:Bericht>\n"
    )


_ENVELOPES = {key: _envelope(*key) for key in BERICHTCODE}


def document(b: Bericht, identificatie: str) -> str:
    return _ENVELOPES[b.wet, b.soort] % (b.afzender, b.ontvanger, identificatie, b.dagtekening, b.body)


def _text(values: np.ndarray) -> list[str]:
    return [escape(v) for v in values.tolist()]


def iso_dates(values: np.ndarray) -> list[str]:
    return np.datetime_as_string(values, unit="D").tolist()


class People:
    """Client elements per person, rendered once and reused by every message."""

    def __init__(self, region: Region):
        ps = region.persons
        self.bsn = ps.bsn.tolist()
        self.geboren = iso_dates(ps.geboortedatum)
        self.geslacht = ps.geslacht.tolist()
        self.achternaam = _text(ps.achternaam)
        self.voorvoegsel = _text(ps.voorvoegsel)
        self.voornaam = _text(ps.voornaam)
        self.postcode = ps.postcode.tolist()
        self.huisnummer = ps.huisnummer.tolist()
        self.straat = _text(ps.straatnaam)
        naam = {g.code: escape(g.naam) for g in region.gemeenten}
        self.plaats = [naam[g] for g in ps.gemeentecode.tolist()]

    def _geslachtsnaam(self, i: int, ib: str) -> str:
        vv = f"<{ib}:Voorvoegsel>{self.voorvoegsel[i]}</{ib}:Voorvoegsel>" if self.voorvoegsel[i] else ""
        return f"<{ib}:Geslachtsnaam><{ib}:Achternaam>{self.achternaam[i]}</{ib}:Achternaam>{vv}</{ib}:Geslachtsnaam>"

    def identity(self, i: int, p: str, ib: str, volledig: bool) -> str:
        """Bsn, Geboortedatum, Geslacht and Naam (301: volledige naam, 305/307: verkorte naam)."""
        naam = (
            f"{self._geslachtsnaam(i, ib)}<{ib}:Voornamen>{self.voornaam[i]}</{ib}:Voornamen>"
            f"<{ib}:Voorletters>{self.voornaam[i][0]}</{ib}:Voorletters>"
        )
        if volledig:
            naam += f"<{ib}:NaamGebruik>1</{ib}:NaamGebruik>"
        return (
            f"<{p}:Bsn>{self.bsn[i]}</{p}:Bsn><{p}:Geboortedatum><{ib}:Datum>{self.geboren[i]}</{ib}:Datum>"
            f"</{p}:Geboortedatum><{p}:Geslacht>{self.geslacht[i]}</{p}:Geslacht><{p}:Naam>{naam}</{p}:Naam>"
        )

    def contact(self, i: int, p: str, ib: str) -> str:
        """The BRP address (Soort 01); the warehouse loader drops it."""
        return (
            f"<{p}:Contactgegevens><{p}:Contact><{p}:Soort>01</{p}:Soort><{p}:Adres>"
            f"<{ib}:Huis><{ib}:Huisnummer>{self.huisnummer[i]}</{ib}:Huisnummer></{ib}:Huis>"
            f"<{ib}:Postcode>{self.postcode[i]}</{ib}:Postcode><{ib}:Straatnaam>{self.straat[i]}</{ib}:Straatnaam>"
            f"<{ib}:Plaatsnaam>{self.plaats[i]}</{ib}:Plaatsnaam><{ib}:LandCode>NL</{ib}:LandCode>"
            f"</{p}:Adres></{p}:Contact></{p}:Contactgegevens>"
        )


class Trajecten:
    """Per-trajectory fields as Python lists: fast to index in the render loops."""

    def __init__(self, region: Region):
        t = region.trajectories
        self.wet = t.wet.tolist()
        self.gemeente = [g[2:] for g in t.gemeentecode.tolist()]
        self.person = t.person.tolist()
        self.agb = [region.aanbieders[a].agb for a in t.aanbieder.tolist()]
        self.aanbieder = t.aanbieder.tolist()
        self.nummer = t.toewijzingnummer.tolist()
        self.categorie = t.productcategorie.tolist()
        self.code = t.productcode.tolist()
        self.eenheid = t.eenheid.tolist()
        # The model allocates stays per day; the standard wants etmalen per week, month or in total
        # (CS338), so the messages say 7 per day-volume per week.
        per_dag = (t.eenheid == "14") & (t.frequentie == "1")
        self.frequentie = np.where(per_dag, "2", t.frequentie).tolist()
        self.volume_factor = np.where(per_dag, 7, 1).tolist()
        self.volume = (t.volume * self.volume_factor).tolist()
        self.ingang = iso_dates(t.ingangsdatum)
        self.begin = iso_dates(t.begindatum)
        self.eind = iso_dates(t.einddatum_zorg)
        self.reden = t.reden_beeindiging.tolist()
        p323 = {wet: prefix(wet, "323") for wet in _STANDAARD}
        self.client_open = [
            f"<{p323[w][0]}:Client><{p323[w][0]}:Bsn>%s</{p323[w][0]}:Bsn><{p323[w][0]}:Prestaties>" for w in self.wet
        ]
        self.client_close = [f"</{p323[w][0]}:Prestaties></{p323[w][0]}:Client>" for w in self.wet]
        self.vorig = [f"<{p323[w][1]}:VorigReferentieNummer>%s</{p323[w][1]}:VorigReferentieNummer>" for w in self.wet]
        self.prestatie_template = [
            _prestatie_template(*p323[w], n, c, code, e)
            for w, n, c, code, e in zip(self.wet, self.nummer, self.categorie, self.code, self.eenheid, strict=False)
        ]
        self._template_325: list[str] | None = None

    def prestatie_template_325(self) -> list[str]:
        """As ``prestatie_template`` for a 325 Prestatie (JW325 or WMO325), with one more slot (before
        the client closing) for its RetourCode. Built on first use."""
        if self._template_325 is None:
            ends = {}
            for wet in _STANDAARD:
                p = prefix(wet, "325")[0]
                ends[wet] = (
                    f"</{p}:Prestatie>%s",
                    f"<{p}:RetourCodes><{p}:RetourCode>%s</{p}:RetourCode></{p}:RetourCodes></{p}:Prestatie>%s",
                )
            self._template_325 = [
                _prestatie_template(*prefix(w, "325"), n, c, code, e)[: -len(ends[w][0])] + ends[w][1]
                for w, n, c, code, e in zip(
                    self.wet, self.nummer, self.categorie, self.code, self.eenheid, strict=False
                )
            ]
        return self._template_325


def runs(*keys: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of every run of equal consecutive key tuples."""
    if not len(keys[0]):
        return []
    change = np.zeros(len(keys[0]) - 1, dtype=bool)
    for k in keys:
        change |= k[1:] != k[:-1]
    starts = np.r_[0, np.flatnonzero(change) + 1, len(keys[0])].tolist()
    return list(zip(starts[:-1], starts[1:], strict=False))


def _prestatie_template(p: str, ib: str, nummer: int, categorie: str, code: str, eenheid: str) -> str:
    """A Prestatie with %s slots for: client opening, ReferentieNummer, VorigReferentieNummer
    element, periode begin, periode eind, volume, tarief, bedrag, debet/credit, client closing.
    The trajectory's own fields are filled in once."""
    return (
        f"%s<{p}:Prestatie><{p}:ProductReferentie><{ib}:ReferentieNummer>%s</{ib}:ReferentieNummer>%s"
        f"</{p}:ProductReferentie><{p}:ToewijzingNummer>{nummer}</{p}:ToewijzingNummer>"
        f"<{p}:ProductCategorie>{categorie}</{p}:ProductCategorie><{p}:ProductCode>{code}</{p}:ProductCode>"
        f"<{p}:ProductPeriode><{ib}:Begindatum>%s</{ib}:Begindatum><{ib}:Einddatum>%s</{ib}:Einddatum>"
        f"</{p}:ProductPeriode><{p}:GeleverdVolume>%s</{p}:GeleverdVolume><{p}:Eenheid>{eenheid}</{p}:Eenheid>"
        f"<{p}:ProductTarief>%s</{p}:ProductTarief><{p}:IngediendBedrag><{ib}:Bedrag>%s</{ib}:Bedrag>"
        f"<{ib}:DebetCredit>%s</{ib}:DebetCredit></{p}:IngediendBedrag></{p}:Prestatie>%s"
    )


def renderers(region: Region) -> tuple[People, Trajecten]:
    return People(region), Trajecten(region)
