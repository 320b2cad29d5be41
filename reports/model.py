"""What a report says, as plain data: inhoud.py fills it from the snapshot, opmaak.py renders it.

Every value that can be hidden for small numbers is carried as a ready Dutch text (``*_tekst``), which
reads "geheim" for a suppressed cell, so no template can print a hidden number by accident. Chart series
carry None for a hidden or missing period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from reports.periode import Periode


@dataclass(frozen=True)
class Punt:
    """One period of a chart series; waarde None when hidden or not published."""

    periode: date
    label: str  # 'K3 2025'
    waarde: float | None
    norm: float | None = None  # the period's own norm: a year-to-date indicator's grows through the year


@dataclass(frozen=True)
class Toelichting:
    """What a civil servant wrote about an indicator (or the report as a whole) for one period."""

    periode: str  # code, '2025-Q3'
    label: str  # 'K3 2025'
    tekst: str


@dataclass
class IndicatorRegel:
    """One indicator in one period, as the council may see it."""

    indicator_id: str
    naam: str
    laag: str  # input, throughput, output, outcome
    eenheid: str
    richting: str  # hoger_is_beter, lager_is_beter, neutraal
    definitie: str
    onderdrukt: bool
    waarde: float | None  # None when onderdrukt or not published
    waarde_tekst: str  # '41 dagen', '≈ 12,3 per 1.000', 'geheim', '—'
    norm_tekst: str  # 'norm 35 dagen' or '' (no norm)
    status: str | None  # op_koers, aandacht, uit_koers; None: no norm or voorlopig
    status_tekst: str  # 'op koers', 'aandacht', 'uit koers', 'voorlopig', 'geen norm'
    vorige_tekst: str  # value of the previous period ('geheim' when that cell was hidden)
    verschil_vorige_tekst: str  # '+9 dagen', '' when either side is hidden or missing
    jaar_eerder_tekst: str
    verschil_jaar_tekst: str
    regio_tekst: str  # the region's value ('' in the region's own report)
    vergelijking_tekst: str  # average of comparable gemeenten ('' when not available)
    vintage: str | None  # voorlopig, definitief
    noemer_geschat: bool
    reden_onderdrukt: str  # Dutch reason when onderdrukt, else ''
    trend: list[Punt] = field(default_factory=list)  # up to 8 periods ending with this one
    norm: float | None = None
    vintage_tekst: str = ""  # 'definitief' or 'voorlopig: naar schatting 97% van de gegevens binnen'
    toelichting: str = ""  # this period's explanation
    eerdere_toelichtingen: list[Toelichting] = field(default_factory=list)  # newest first


@dataclass(frozen=True)
class Signaal:
    """One of the summary's signals: a sentence from the data with its stoplight."""

    indicator_id: str
    status: str  # uit_koers, aandacht (red, orange); op_koers (green) only when nothing is off course
    zin: str


@dataclass(frozen=True)
class BegrotingRegel:
    """The budget per taakveld (or per wet for the prognosis) in euro; texts 'geheim' when hidden."""

    code: str  # taakveld '6.71a' or wet 'jeugd'
    omschrijving: str
    begroting_tekst: str
    realisatie_tekst: str  # lasten 1 January up to the period's end
    procent_tekst: str  # share of the begroting: realisatie (taakveld rows) or prognose (prognosis rows)
    prognose_tekst: str  # year-end prognosis ('' when not for this row)
    band_tekst: str  # '€ 1.200.000 – € 1.350.000' or ''


@dataclass(frozen=True)
class VergelijkingRegel:
    """One indicator beside the region, comparable gemeenten or (in the region's report) each member."""

    naam: str
    eenheid: str
    waarden: dict[str, str]  # column label -> Dutch text ('geheim', '—')
    cbs_reden: str = ""  # why our figure and CBS's differ (fct_cbs_vergelijking), when CBS has one


@dataclass(frozen=True)
class Levering:
    """The last delivery of a source, for the data-quality statement."""

    bron: str  # Dutch name
    laatst_geladen: str  # dd-mm-jjjj
    poort: str  # 'doorgelaten', 'tegengehouden', 'in behandeling'


@dataclass
class Rapport:
    gebied: str  # GM0153 or REGIO
    gebiedsnaam: str  # 'Enschede' or 'Demoregio Oost-Nederland'
    periode: Periode
    snapshot_versie: str
    gegevens_van: str  # dd-mm-jjjj: when the snapshot was published
    gemaakt_op: datetime
    status: str  # 'voorlopig' or 'definitief'
    volledigheid_tekst: str  # 'de declaraties over deze periode zijn naar schatting voor 97% binnen'
    signalen: list[Signaal]
    lagen: dict[str, list[IndicatorRegel]]  # input, throughput, output, outcome, in this order
    begroting: list[BegrotingRegel]  # per taakveld
    prognose: list[BegrotingRegel]  # per wet and totaal, with band
    vergelijking_kolommen: list[str]  # column labels of the comparison table
    vergelijking: list[VergelijkingRegel]
    conclusies: str  # written by the civil servant ('' when not yet written)
    maatregelen: str
    eerdere_conclusies: list[Toelichting]  # the conclusions of earlier reports, newest first
    leveringen: list[Levering]
    kwaliteit: list[str]  # plain sentences: blocked or partial loads, known gaps
    bronnen: list[tuple[str, str]] = field(default_factory=list)  # (indicator name, its sources)
    peildatum: str = ""  # dd-mm-jjjj: the newest date the data reaches (gegevens_van is when it was published)
