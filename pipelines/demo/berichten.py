"""iJw / iWmo 3.2 messages (301, 305, 307, 315, 317, 319, 323, 325) as XML text.

Messages are built from string templates, not a DOM: a regio run has a few
hundred thousand messages and two million Prestaties. Element order and
namespaces follow the official XSDs and the JW3xx example messages; the
conformance test validates every generated message against the XSDs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import numpy as np

from pipelines.demo.model import Region

if TYPE_CHECKING:
    from pipelines.demo.verzoeken import Verzoeken

BERICHTCODE = {
    ("jeugd", "301"): "436", ("jeugd", "305"): "438", ("jeugd", "307"): "440", ("jeugd", "323"): "490",
    ("wmo", "301"): "414", ("wmo", "305"): "418", ("wmo", "307"): "420", ("wmo", "323"): "484",
    ("jeugd", "325"): "491",  # iWmo 3.2 has no WMO325: Wmo declarations get no answer
    ("jeugd", "315"): "446", ("jeugd", "317"): "486", ("jeugd", "319"): "488",
    ("wmo", "315"): "444", ("wmo", "317"): "480", ("wmo", "319"): "482",
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


def _dates(values: np.ndarray) -> list[str]:
    return np.datetime_as_string(values, unit="D").tolist()


class _People:
    """Client elements per person, rendered once and reused by every message."""

    def __init__(self, region: Region):
        ps = region.persons
        self.bsn = ps.bsn.tolist()
        self.geboren = _dates(ps.geboortedatum)
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


class _Trajecten:
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
        self.ingang = _dates(t.ingangsdatum)
        self.begin = _dates(t.begindatum)
        self.eind = _dates(t.einddatum_zorg)
        self.reden = t.reden_beeindiging.tolist()
        p323 = {wet: prefix(wet, "323") for wet in _STANDAARD}
        self.client_open = [f"<{p323[w][0]}:Client><{p323[w][0]}:Bsn>%s</{p323[w][0]}:Bsn><{p323[w][0]}:Prestaties>"
                            for w in self.wet]
        self.client_close = [f"</{p323[w][0]}:Prestaties></{p323[w][0]}:Client>" for w in self.wet]
        self.vorig = [f"<{p323[w][1]}:VorigReferentieNummer>%s</{p323[w][1]}:VorigReferentieNummer>" for w in self.wet]
        self.prestatie_template = [
            _prestatie_template(*p323[w], n, c, code, e)
            for w, n, c, code, e in zip(self.wet, self.nummer, self.categorie, self.code, self.eenheid)
        ]
        self._template_325: list[str] | None = None

    def prestatie_template_325(self) -> list[str]:
        """As ``prestatie_template`` for a 325 Prestatie, with one more slot (before the client
        closing) for its RetourCode; '' for Wmo trajectories (no WMO325). Built on first use."""
        if self._template_325 is None:
            p, ib = prefix("jeugd", "325")
            retour = f"<{p}:RetourCodes><{p}:RetourCode>%s</{p}:RetourCode></{p}:RetourCodes></{p}:Prestatie>%s"
            self._template_325 = [
                _prestatie_template(p, ib, n, c, code, e)[:-len(f"</{p}:Prestatie>%s")] + retour if w == "jeugd" else ""
                for w, n, c, code, e in zip(self.wet, self.nummer, self.categorie, self.code, self.eenheid)
            ]
        return self._template_325


def _runs(*keys: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of every run of equal consecutive key tuples."""
    if not len(keys[0]):
        return []
    change = np.zeros(len(keys[0]) - 1, dtype=bool)
    for k in keys:
        change |= k[1:] != k[:-1]
    starts = np.r_[0, np.flatnonzero(change) + 1, len(keys[0])].tolist()
    return list(zip(starts[:-1], starts[1:]))


def berichten_301(region: Region, people: _People, tr: _Trajecten, months: set[str],
                  verzoeken: Verzoeken | None = None) -> list[Bericht]:
    """The 301s dated in ``months``. Every 301 repeats all toewijzingen of the
    client at that aanbieder still valid on its dagtekening, plus the changed
    ones (OP087), so each client's whole history is replayed. A version that grants
    a 315 or 317 names its ReferentieAanbieder; one granting a 317 has RedenWijziging 12."""
    t, w = region.trajectories, region.toewijzing_wijzigingen
    initial = np.flatnonzero(t.toewijzingnummer > 0)
    traj = np.concatenate([initial, w.trajectory])
    datum = np.concatenate([t.toewijzingsdatum[initial], w.toewijzingsdatum])
    tijd = np.concatenate([t.toewijzingstijd[initial], w.toewijzingstijd])
    einde = np.concatenate([t.einddatum[initial], w.einddatum])
    reden = np.concatenate([np.full(len(initial), ""), w.reden_wijziging])
    referentie = np.full(len(traj), "", dtype=object)
    if verzoeken is not None:
        granted = ~verzoeken.afgewezen
        vot = granted & (verzoeken.soort == "315")
        at = np.full(len(t), -1)
        at[initial] = np.arange(len(initial))
        referentie[at[verzoeken.trajectory[vot]]] = verzoeken.referentie[vot]
        vow = granted & (verzoeken.wijziging >= 0)
        referentie[len(initial) + verzoeken.wijziging[vow]] = verzoeken.referentie[vow]
        reden[len(initial) + verzoeken.wijziging[vow]] = "12"  # geïnitieerd door de aanbieder
    order = np.lexsort((traj, tijd, datum, t.aanbieder[traj], t.person[traj]))
    versions = list(zip(traj[order].tolist(), _dates(datum[order]), tijd[order].tolist(),
                        _dates(einde[order]), reden[order].tolist(), referentie[order].tolist()))
    out: list[Bericht] = []
    for i, j in _runs(t.person[traj[order]], t.aanbieder[traj[order]]):
        out += _client_301(versions[i:j], people, tr, months)
    return out


def _client_301(versions, people: _People, tr: _Trajecten, months: set[str]) -> list[Bericht]:
    first = versions[0][0]
    wet, person = tr.wet[first], tr.person[first]
    p, ib = prefix(wet, "301")
    head = None
    current: dict[int, tuple] = {}
    out = []
    for datum in sorted({v[1] for v in versions}):
        changed = {v[0]: v for v in versions if v[1] == datum}
        current.update(changed)
        if datum[:7] not in months:
            continue
        head = head or people.identity(person, p, ib, volledig=True) + people.contact(person, p, ib)
        valid = [v for k, v in current.items() if k in changed or v[3] == "NaT" or v[3] >= datum]
        products = "".join(_toegewezen(v, tr, p, ib) for v in sorted(valid, key=lambda v: tr.nummer[v[0]]))
        body = f"<{p}:Client>{head}<{p}:ToegewezenProducten>{products}</{p}:ToegewezenProducten></{p}:Client>"
        out.append(Bericht(wet, "301", datum, tr.gemeente[first], tr.agb[first], body))
    return out


def _toegewezen(version, tr: _Trajecten, p: str, ib: str) -> str:
    k, datum, tijd, einde, reden, referentie = version
    eind = f"<{p}:Einddatum>{einde}</{p}:Einddatum>" if einde != "NaT" else ""
    wijziging = f"<{p}:RedenWijziging>{reden}</{p}:RedenWijziging>" if reden else ""
    verzoek = f"<{p}:ReferentieAanbieder>{referentie}</{p}:ReferentieAanbieder>" if referentie else ""
    return (
        f"<{p}:ToegewezenProduct><{p}:ToewijzingNummer>{tr.nummer[k]}</{p}:ToewijzingNummer>{verzoek}"
        f"<{p}:Product><{ib}:Categorie>{tr.categorie[k]}</{ib}:Categorie><{ib}:Code>{tr.code[k]}</{ib}:Code>"
        f"</{p}:Product><{p}:Toewijzingsdatum>{datum}</{p}:Toewijzingsdatum>"
        f"<{p}:Toewijzingstijd>{tijd}</{p}:Toewijzingstijd><{p}:Ingangsdatum>{tr.ingang[k]}</{p}:Ingangsdatum>"
        f"{eind}{wijziging}<{p}:Omvang><{ib}:Volume>{tr.volume[k]}</{ib}:Volume>"
        f"<{ib}:Eenheid>{tr.eenheid[k]}</{ib}:Eenheid><{ib}:Frequentie>{tr.frequentie[k]}</{ib}:Frequentie>"
        f"</{p}:Omvang></{p}:ToegewezenProduct>"
    )


def berichten_start_stop(region: Region, people: _People, tr: _Trajecten, soort: str,
                         months: set[str]) -> list[Bericht]:
    """305 / 307 dated in ``months``: one message per client, aanbieder and
    dagtekening, with every product started (stopped) that day. Taakgericht care
    has no toewijzing, so its products carry no ToewijzingNummer (key: Product + Begindatum, IV096)."""
    t = region.trajectories
    dag = t.dagtekening_start if soort == "305" else t.dagtekening_stop
    rows = np.flatnonzero(np.isin(np.datetime_as_string(dag, unit="M"), list(months)))
    rows = rows[np.lexsort((t.toewijzingnummer[rows], dag[rows], t.aanbieder[rows], t.person[rows]))]
    dagtekening = _dates(dag[rows])
    element = "StartProduct" if soort == "305" else "StopProduct"
    out: list[Bericht] = []
    for i, j in _runs(t.person[rows], t.aanbieder[rows], dag[rows]):
        first = int(rows[i])
        p, ib = prefix(tr.wet[first], soort)
        products = "".join(_start_stop(k, tr, p, ib, element) for k in rows[i:j].tolist())
        body = (
            f"<{p}:Client>{people.identity(tr.person[first], p, ib, volledig=False)}"
            f"<{p}:{element}en>{products}</{p}:{element}en></{p}:Client>"
        )
        out.append(Bericht(tr.wet[first], soort, dagtekening[i], tr.agb[first], tr.gemeente[first], body))
    return out


def berichten_verzoek(region: Region, people: _People, tr: _Trajecten, verzoeken: Verzoeken,
                      months: set[str]) -> list[Bericht]:
    """The 315s and 317s dated in ``months``: one message per request, one product each."""
    v = verzoeken
    rows = np.flatnonzero(np.isin(np.datetime_as_string(v.dagtekening, unit="M"), list(months)))
    dag, einde = _dates(v.dagtekening[rows]), _dates(v.einddatum[rows])
    out = []
    for r, datum, eind in zip(rows.tolist(), dag, einde):
        k = int(v.trajectory[r])
        wet, soort = tr.wet[k], str(v.soort[r])
        p, ib = prefix(wet, soort)
        eind = eind if eind != "NaT" else ""
        if soort == "315":
            body = _verzoek_toewijzing(v, r, k, tr, people, p, ib, eind)
        else:
            body = _verzoek_wijziging(v, r, k, tr, people, p, ib, eind)
        out.append(Bericht(wet, soort, datum, tr.agb[k], tr.gemeente[k], body))
    return out


def _omvang(volume: int, k: int, tr: _Trajecten, p: str, ib: str) -> str:
    volume = volume * tr.volume_factor[k]  # per day -> per week, as in the 301
    return (f"<{p}:Omvang><{ib}:Volume>{volume}</{ib}:Volume><{ib}:Eenheid>{tr.eenheid[k]}</{ib}:Eenheid>"
            f"<{ib}:Frequentie>{tr.frequentie[k]}</{ib}:Frequentie></{p}:Omvang>")


def _verzoek_toewijzing(v: Verzoeken, r: int, k: int, tr: _Trajecten, people: _People, p: str, ib: str,
                        eind: str) -> str:
    verwijzer = str(v.verwijzer[r])
    # OP297: the verwijzer's AGB code when known; a made-up huisarts/jeugdarts code (never a name).
    agb = (f"<{ib}:ZorgverlenerCode>01{int(v.trajectory[r]) % 1_000_000:06d}</{ib}:ZorgverlenerCode>"
           if verwijzer in ("02", "03", "05") else "")
    einddatum = f"<{p}:ToewijzingEinddatum>{eind}</{p}:ToewijzingEinddatum>" if eind else ""
    return (
        f"<{p}:Client>{people.identity(tr.person[k], p, ib, volledig=False)}<{p}:AangevraagdeProducten>"
        f"<{p}:AangevraagdProduct><{p}:ReferentieAanbieder>{v.referentie[r]}</{p}:ReferentieAanbieder>"
        f"<{p}:Product><{ib}:Categorie>{tr.categorie[k]}</{ib}:Categorie><{ib}:Code>{tr.code[k]}</{ib}:Code>"
        f"</{p}:Product><{p}:ToewijzingIngangsdatum>{tr.ingang[k]}</{p}:ToewijzingIngangsdatum>{einddatum}"
        f"{_omvang(int(v.volume[r]), k, tr, p, ib)}"
        f"<{p}:Verwijzer><{ib}:Type>{verwijzer}</{ib}:Type>{agb}</{p}:Verwijzer>"
        f"</{p}:AangevraagdProduct></{p}:AangevraagdeProducten></{p}:Client>"
    )


def _verzoek_wijziging(v: Verzoeken, r: int, k: int, tr: _Trajecten, people: _People, p: str, ib: str,
                       eind: str) -> str:
    """A TeWijzigenProduct: the same toewijzing with a later Einddatum (extension) or more volume."""
    einddatum = f"<{p}:Einddatum>{eind}</{p}:Einddatum>" if eind else ""
    return (
        f"<{p}:Client><{p}:Bsn>{people.bsn[tr.person[k]]}</{p}:Bsn><{p}:Verzoek>"
        f"<{p}:ReferentieAanbieder>{v.referentie[r]}</{p}:ReferentieAanbieder>"
        f"<{p}:RedenVerzoek>{v.reden_verzoek[r]}</{p}:RedenVerzoek><{p}:TeWijzigenProducten><{p}:TeWijzigenProduct>"
        f"<{p}:ToewijzingNummer>{tr.nummer[k]}</{p}:ToewijzingNummer>"
        f"<{p}:GewensteIngangsdatum>{tr.ingang[k]}</{p}:GewensteIngangsdatum>{einddatum}"
        f"{_omvang(int(v.volume[r]), k, tr, p, ib)}</{p}:TeWijzigenProduct></{p}:TeWijzigenProducten>"
        f"</{p}:Verzoek></{p}:Client>"
    )


def berichten_319(verzoeken: Verzoeken, tr: _Trajecten, months: set[str]) -> list[Bericht]:
    """The gemeente's 319s dated in ``months``: "in onderzoek" (2) and "afgewezen" (1) with its reason."""
    v = verzoeken
    out = []
    for dagtekening, antwoord in ((v.onderzoek_319, "2"), (v.afwijzing_319, "1")):
        rows = np.flatnonzero(np.isin(np.datetime_as_string(dagtekening, unit="M"), list(months)))
        for r, datum in zip(rows.tolist(), _dates(dagtekening[rows])):
            k = int(v.trajectory[r])
            p, _ = prefix(tr.wet[k], "319")
            reden = (f"<{p}:RedenAfwijzingVerzoek>{v.reden_afwijzing[r]}</{p}:RedenAfwijzingVerzoek>"
                     if antwoord == "1" else "")
            body = (f"<{p}:Antwoord><{p}:ReferentieAanbieder>{v.referentie[r]}</{p}:ReferentieAanbieder>"
                    f"<{p}:VerzoekAntwoord>{antwoord}</{p}:VerzoekAntwoord>{reden}</{p}:Antwoord>")
            out.append(Bericht(tr.wet[k], "319", datum, tr.gemeente[k], tr.agb[k], body))
    return out


def _start_stop(k: int, tr: _Trajecten, p: str, ib: str, element: str) -> str:
    toewijzing = f"<{p}:ToewijzingNummer>{tr.nummer[k]}</{p}:ToewijzingNummer>" if tr.nummer[k] else ""
    ingang = f"<{p}:ToewijzingIngangsdatum>{tr.ingang[k]}</{p}:ToewijzingIngangsdatum>" if tr.nummer[k] else ""
    stop = (
        f"<{p}:RedenBeeindiging>{tr.reden[k]}</{p}:RedenBeeindiging><{p}:Einddatum>{tr.eind[k]}</{p}:Einddatum>"
        if element == "StopProduct" else ""
    )
    return (
        f"<{p}:{element}>{toewijzing}<{p}:Product><{ib}:Categorie>{tr.categorie[k]}</{ib}:Categorie>"
        f"<{ib}:Code>{tr.code[k]}</{ib}:Code></{p}:Product>{ingang}"
        f"<{p}:Begindatum>{tr.begin[k]}</{p}:Begindatum>{stop}"
        f"<{p}:StatusAanlevering>1</{p}:StatusAanlevering></{p}:{element}>"
    )


def berichten_323(region: Region, people: _People, tr: _Trajecten, berichten: range) -> list[Bericht]:
    """323s for a contiguous range of DeclaratieBerichten rows; their Prestaties
    are contiguous in Declaraties too (sorted by bericht, client)."""
    d = region.declaraties
    lo, hi = np.searchsorted(d.bericht, [berichten.start, berichten.stop])
    traj = d.trajectory[lo:hi]
    bericht = d.bericht[lo:hi]
    person = region.trajectories.person[traj]
    new_client = np.r_[True, (np.diff(person) != 0) | (np.diff(bericht) != 0)]
    end_client = np.r_[new_client[1:], True]
    bedrag = d.bedrag_cent[lo:hi]
    templates = [tr.prestatie_template[k] for k in traj.tolist()]
    opening = [tr.client_open[k] % people.bsn[tr.person[k]] if new else "" for k, new in
               zip(traj.tolist(), new_client.tolist())]
    closing = [tr.client_close[k] if end else "" for k, end in zip(traj.tolist(), end_client.tolist())]
    vorige = [tr.vorig[k] % v if v else "" for k, v in zip(traj.tolist(), d.vorige_referentie[lo:hi].tolist())]
    lines = [
        template % fields
        for template, fields in zip(templates, zip(
            opening, d.referentie[lo:hi].tolist(), vorige, _dates(d.periode_begin[lo:hi]),
            _dates(d.periode_eind[lo:hi]), d.volume[lo:hi].tolist(), d.tarief_cent[lo:hi].tolist(),
            np.abs(bedrag).tolist(), np.where(bedrag < 0, "C", "D").tolist(), closing,
        ))
    ]
    bounds = np.searchsorted(bericht, np.arange(berichten.start, berichten.stop + 1)).tolist()
    totals = np.add.reduceat(bedrag, bounds[:-1]).tolist()
    return [
        _declaratie(region, b, "".join(lines[bounds[k]:bounds[k + 1]]), totals[k], tr.wet[traj[bounds[k]]])
        for k, b in enumerate(berichten)
    ]


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


def _declaratie(region: Region, b: int, prestaties: str, total: int, wet: str) -> Bericht:
    m = region.declaratieberichten
    p, ib = prefix(wet, "323")
    begin = m.periode[b]
    eind = (begin.astype("datetime64[M]") + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    dagtekening = str(m.dagtekening[b])
    body = (
        f"<{p}:Declaratie><{p}:DeclaratieNummer>{m.declaratienummer[b]}</{p}:DeclaratieNummer>"
        f"<{p}:DeclaratiePeriode><{ib}:Begindatum>{begin}</{ib}:Begindatum><{ib}:Einddatum>{eind}</{ib}:Einddatum>"
        f"</{p}:DeclaratiePeriode><{p}:DeclaratieDagtekening>{dagtekening}</{p}:DeclaratieDagtekening>"
        f"<{p}:TotaalIngediendBedrag><{ib}:TotaalBedrag>{abs(total)}</{ib}:TotaalBedrag>"
        f"<{ib}:DebetCredit>{'C' if total < 0 else 'D'}</{ib}:DebetCredit></{p}:TotaalIngediendBedrag>"
        f"<{p}:Clienten>{prestaties}</{p}:Clienten></{p}:Declaratie>"
    )
    agb = region.aanbieders[m.aanbieder[b]].agb
    return Bericht(wet, "323", dagtekening, agb, str(m.gemeentecode[b])[2:], body)


# --- 325: the gemeente's answer to a jeugd 323 ---------------------------------------------
# Nothing here draws from the region's random generator (that would shift every later draw):
# the answer date and the rejections are derived from a hash of the DeclaratieNummer and
# ReferentieNummer, so adding the 325s leaves every other file byte-identical.

AFWIJZING_KANS = 0.03  # share of debet Prestaties rejected (documented band 2-4 %)
# WJ001 codes for a rejected Prestatie, with their weights (they are drawn, not the outcome of a check)
AFWIJZING_CODES = (("0611", 30), ("9321", 25), ("9322", 15), ("9307", 10), ("9308", 10), ("8021", 10))
TOEGEWEZEN = "8001"  # Declaratie is volledig toegewezen
GEEN_OPMERKING = "0200"
ANTWOORD_WERKDAGEN = 10  # OP090x4: the 325 within 10 working days of the 323


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a well-spread uint64 per uint64 (wrap-around intended)."""
    x = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _nummer(declaratienummer: np.ndarray) -> np.ndarray:
    """'D000000123' -> 123."""
    return np.char.lstrip(declaratienummer.astype(str), "D").astype(np.uint64)


def antwoord_dagtekening(region: Region) -> np.ndarray:
    """Dagtekening of the 325 per DeclaratieBerichten row: 1-10 working days after the 323
    (uniform, from a hash of the DeclaratieNummer). NaT for Wmo (no WMO325) and for answers
    that would be dated after the peildatum (not sent yet)."""
    m = region.declaratieberichten
    wet = np.array([region.aanbieders[a].wet for a in m.aanbieder.tolist()], dtype=object)
    dag = antwoord_datum(m.declaratienummer, m.dagtekening)
    peildatum = np.datetime64(f"{region.end_year}-12-31")
    return np.where((wet == "jeugd") & (dag <= peildatum), dag, np.datetime64("NaT"))


def antwoord_datum(declaratienummer: np.ndarray, dagtekening: np.ndarray) -> np.ndarray:
    """The date a jeugd 323 is (or would be) answered: 1-10 working days after its dagtekening."""
    delay = (_mix(_nummer(declaratienummer) ^ np.uint64(0x325)) % np.uint64(ANTWOORD_WERKDAGEN)).astype(np.int64) + 1
    return np.busday_offset(dagtekening.astype("datetime64[D]"), delay, roll="forward")


def toegekend_cent(declaratienummer: np.ndarray, referentie: np.ndarray, vorige: np.ndarray,
                   bedrag: np.ndarray, jeugd: np.ndarray) -> np.ndarray:
    """Per Prestatie the amount the gemeente pays: what its 325 grants for jeugd (0 when rejected),
    the whole ingediend amount for Wmo (no WMO325)."""
    codes = afwijzingen(declaratienummer, referentie, vorige, np.unique(vorige[vorige > 0]))
    return np.where(jeugd & (codes != TOEGEWEZEN), 0, bedrag)


def afwijzingen(declaratienummer: np.ndarray, referentie: np.ndarray, vorige: np.ndarray,
                gecrediteerd: np.ndarray) -> np.ndarray:
    """The RetourCode per Prestatie: 8001, or a rejection code for about ``AFWIJZING_KANS`` of
    the debet lines. Credits and debets that are credited later are always granted (an aanbieder
    does not credit a line that was rejected)."""
    h = _mix((_nummer(declaratienummer) << np.uint64(40)) ^ referentie.astype(np.uint64))
    fraction = (h >> np.uint64(11)).astype(np.float64) / 2.0**53
    rejected = (fraction < AFWIJZING_KANS) & (vorige == 0) & ~np.isin(referentie, gecrediteerd)
    codes = np.array([c for c, _ in AFWIJZING_CODES])
    bounds = np.cumsum([w for _, w in AFWIJZING_CODES])
    pick = np.searchsorted(bounds, (h & np.uint64(0xFFFF)).astype(np.int64) % bounds[-1], side="right")
    return np.where(rejected, codes[pick], TOEGEWEZEN)


def _retourcodes(p: str, code: str) -> str:
    return f"<{p}:RetourCodes><{p}:RetourCode>{code}</{p}:RetourCode></{p}:RetourCodes>"


def berichten_325(region: Region, people: _People, tr: _Trajecten, rows: np.ndarray, dagtekening: list[str],
                  declaratie_identificatie: dict[int, str]) -> list[Bericht]:
    """The 325 answering each jeugd 323 in ``rows`` (DeclaratieBerichten rows, ascending),
    dated ``dagtekening``; DeclaratieIdentificatie = the 323's BerichtIdentificatie."""
    d, m = region.declaraties, region.declaratieberichten
    p, ib = prefix("jeugd", "325")
    lo = np.searchsorted(d.bericht, rows)
    hi = np.searchsorted(d.bericht, rows + 1)
    idx = np.concatenate([np.arange(a, b) for a, b in zip(lo.tolist(), hi.tolist())] or [np.zeros(0, np.int64)])
    traj, bericht = d.trajectory[idx], d.bericht[idx]
    person = region.trajectories.person[traj]
    new_client = np.r_[True, (np.diff(person) != 0) | (np.diff(bericht) != 0)]
    end_client = np.r_[new_client[1:], True]
    bedrag = d.bedrag_cent[idx]
    codes = afwijzingen(m.declaratienummer[bericht], d.referentie[idx], d.vorige_referentie[idx],
                        _gecrediteerd(region))
    toegekend = np.where(codes == TOEGEWEZEN, bedrag, 0)
    client_open = f"<{p}:Client><{p}:Bsn>%s</{p}:Bsn><{p}:Prestaties>"
    client_close = f"</{p}:Prestaties>{_retourcodes(p, GEEN_OPMERKING)}</{p}:Client>"
    vorig = f"<{ib}:VorigReferentieNummer>%s</{ib}:VorigReferentieNummer>"
    templates = tr.prestatie_template_325()
    lines = [
        templates[k] % (
            client_open % people.bsn[tr.person[k]] if new else "", ref, vorig % v if v else "", begin, eind,
            volume, tarief, abs(b), "C" if b < 0 else "D", code, client_close if end else "",
        )
        for k, new, ref, v, begin, eind, volume, tarief, b, code, end in zip(
            traj.tolist(), new_client.tolist(), d.referentie[idx].tolist(), d.vorige_referentie[idx].tolist(),
            _dates(d.periode_begin[idx]), _dates(d.periode_eind[idx]), d.volume[idx].tolist(),
            d.tarief_cent[idx].tolist(), bedrag.tolist(), codes.tolist(), end_client.tolist(),
        )
    ]
    out = []
    start = 0
    for r, a, b, dag in zip(rows.tolist(), lo.tolist(), hi.tolist(), dagtekening):
        n = b - a
        ingediend = int(bedrag[start:start + n].sum())
        granted = int(toegekend[start:start + n].sum())
        body = (
            f"<{p}:DeclaratieIdentificatie><{ib}:Identificatie>{declaratie_identificatie[r]}</{ib}:Identificatie>"
            f"<{ib}:Dagtekening>{m.dagtekening[r]}</{ib}:Dagtekening></{p}:DeclaratieIdentificatie>"
            f"<{p}:XsltVersie>{XSD_VERSIE}</{p}:XsltVersie>"
            f"<{p}:XsdVersieDeclaratie><{ib}:BasisschemaXsdVersie>{XSD_VERSIE}</{ib}:BasisschemaXsdVersie>"
            f"<{ib}:BerichtXsdVersie>{XSD_VERSIE}</{ib}:BerichtXsdVersie></{p}:XsdVersieDeclaratie>"
            f"{_retourcodes(p, GEEN_OPMERKING)}</{p}:Header>"
            f"<{p}:DeclaratieAntwoord><{p}:DeclaratieNummer>{m.declaratienummer[r]}</{p}:DeclaratieNummer>"
            f"<{p}:TotaalIngediendBedrag><{ib}:TotaalBedrag>{abs(ingediend)}</{ib}:TotaalBedrag>"
            f"<{ib}:DebetCredit>{'C' if ingediend < 0 else 'D'}</{ib}:DebetCredit></{p}:TotaalIngediendBedrag>"
            f"<{p}:TotaalToegekendBedrag><{ib}:TotaalBedrag>{abs(granted)}</{ib}:TotaalBedrag>"
            f"<{ib}:DebetCredit>{'C' if granted < 0 else 'D'}</{ib}:DebetCredit></{p}:TotaalToegekendBedrag>"
            f"<{p}:Clienten>{''.join(lines[start:start + n])}</{p}:Clienten>"
            f"{_retourcodes(p, GEEN_OPMERKING)}</{p}:DeclaratieAntwoord>"
        )
        start += n
        agb = region.aanbieders[m.aanbieder[r]].agb
        out.append(Bericht("jeugd", "325", dag, str(m.gemeentecode[r])[2:], agb, body))
    return out


_GECREDITEERD: dict[int, np.ndarray] = {}


def _gecrediteerd(region: Region) -> np.ndarray:
    """ReferentieNummers of debets that a later credit cancels."""
    key = id(region.declaraties)
    if key not in _GECREDITEERD:
        v = region.declaraties.vorige_referentie
        _GECREDITEERD.clear()
        _GECREDITEERD[key] = np.unique(v[v > 0])
    return _GECREDITEERD[key]


def renderers(region: Region) -> tuple[_People, _Trajecten]:
    return _People(region), _Trajecten(region)
