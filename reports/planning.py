"""Which council reports are due now: the schedule's decision, without Dagster (pipelines/rapporten.py asks).

The rule, in plain words:

1. The data has its own clock: the peildatum, the newest date the published snapshot's data reaches
   (fct_volledigheid). A period is closed when that date lies after the period's last day.
2. For every gemeente of the region (dim_gemeente) and for the region itself (REGIO), the latest closed
   quarter and the latest closed year are due, unless a report for that gebied and period is stored already.
3. Only when that gebied's data has passed the gate. A delivery that stored rows (status loaded or
   partially_loaded) holds a gemeente back while its poort is 'geblokkeerd' or 'wacht' and no later delivery
   of the same source about that gemeente passed ('doorgelaten'). A delivery is about the gemeenten it names;
   one that names none (CBS figures, for example) is about every gemeente. A steward's `stuurwiel accept`
   sets the poort to 'doorgelaten', so an accepted delivery never holds anything back. The region is held
   back when any of its gemeenten is.
4. Only when the published snapshot holds what passed: it has figures for that gebied and period
   (fct_indicator_publicatie), and it was published after the last delivery about that gebied passed the
   gate (loaded or accepted). A load whose gate has passed but whose dbt build has not been published yet
   makes the report wait for that snapshot, instead of going out on the figures just before it.

Files rejected whole (unreadable, or no source recognises them) and skipped duplicates added no rows and
name no gemeente, so they do not hold reports back (the Datakwaliteit page shows them; the dashboard's
blocked-delivery banner leaves rejected files out too). The warehouse does not record which delivery a new
one replaces, so any later passing delivery of the same source for that gemeente counts as the replacement
of a blocked one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from dashboards.format import nl_datum, nl_datumtijd
from dashboards.perioden import INDELINGEN
from dashboards.toegang import REGIO
from pipelines.config import Settings
from pipelines.gate.staten import GELADEN, Poort
from reports import opslag
from reports.periode import Periode

SOORTEN = ("kwartaal", "jaar")  # what the schedule makes; half years are made on request (`stuurwiel report`)
_POORT_TEKST = {Poort.GEBLOKKEERD: "tegengehouden door de poort", Poort.WACHT: "nog niet beoordeeld door de poort"}
_MAX_IN_SAMENVATTING = 8  # reports named per reason in the sensor's skip text
BESTAAT_AL = "rapport bestaat al"


@dataclass(frozen=True)
class Rapportverzoek:
    """A report the schedule considered: due (reden says why) or not now (reden says why not)."""

    gebied: str  # GM0153 or REGIO
    periode: Periode
    reden: str  # Dutch, for the sensor's log and skip text


@dataclass(frozen=True)
class Planning:
    snapshot_versie: str | None  # None when nothing is published
    peildatum: date | None
    te_maken: tuple[Rapportverzoek, ...]
    niet_nu: tuple[Rapportverzoek, ...]
    reden: str = ""  # why nothing could be judged at all ('' when the snapshot was read)

    def samenvatting(self) -> str:
        """In Dutch: how many reports are due, and each reason that holds others back with the reports it holds."""
        if self.reden:
            return self.reden
        per_reden: dict[str, list[str]] = defaultdict(list)
        for verzoek in self.niet_nu:
            per_reden[verzoek.reden].append(f"{verzoek.gebied} {verzoek.periode.label}")
        delen = []
        # What holds a report back first; the reports already made, the usual case, last.
        for reden, rapporten in sorted(per_reden.items(), key=lambda item: item[0] == BESTAAT_AL):
            genoemd = ", ".join(rapporten[:_MAX_IN_SAMENVATTING])
            rest = len(rapporten) - _MAX_IN_SAMENVATTING
            delen.append(f"{reden[0].upper()}{reden[1:]}: {genoemd}" + (f" en {rest} meer" if rest > 0 else ""))
        kop = f"{len(self.te_maken)} te maken" if self.te_maken else "Geen rapport te maken"
        return " ".join([f"{kop} (gegevens tot en met {nl_datum(self.peildatum)}).", *(f"{d}." for d in delen)])


@dataclass(frozen=True)
class _Tegenhouder:
    gemeentecode: str
    bron: str
    poort: str
    geladen_op: datetime

    def tekst(self) -> str:
        return f"levering {self.bron} van {nl_datumtijd(self.geladen_op)} {_POORT_TEKST[Poort(self.poort)]}"


@dataclass(frozen=True)
class _Stand:
    """What the two snapshots say, read in one short visit."""

    versie: str
    gepubliceerd_op: datetime
    peildatum: date | None
    gemeenten: list[str]  # the region's members, REGIO not included
    gepubliceerd: set[tuple[str, str, date]]  # (gebied, periode_type, begin) with figures
    tegenhouders: dict[str, list[_Tegenhouder]]  # per gemeente, oldest first
    laatst_doorgelaten: dict[str, datetime]  # per gemeente: when its newest passed delivery passed


def plan(settings: Settings | None = None) -> Planning:
    """The reports due now, and for every other report the schedule considered the reason it waits."""
    settings = settings or Settings.from_env()
    if not settings.serving_path.exists():
        return Planning(None, None, (), (), "Nog geen gepubliceerde gegevens: er is nog geen rapport te maken.")
    if not settings.kwaliteit_path.exists():
        return Planning(
            None, None, (), (), "Geen kwaliteitsgegevens naast de snapshot: of de poort open was is niet bekend."
        )
    stand = _lees(settings.serving_path, settings.kwaliteit_path)
    if stand.peildatum is None:
        return Planning(stand.versie, None, (), (), "De gepubliceerde gegevens hebben geen peildatum.")
    te_maken, niet_nu = [], []
    for gebied in [*stand.gemeenten, REGIO]:
        for soort in SOORTEN:
            periode = laatst_afgesloten(stand.peildatum, soort)
            bezwaar = _bezwaar(stand, settings.reports_dir, gebied, periode)
            if bezwaar:
                niet_nu.append(Rapportverzoek(gebied, periode, bezwaar))
            else:
                reden = f"{periode.label} is afgesloten en de gegevens zijn door de poort"
                te_maken.append(Rapportverzoek(gebied, periode, reden))
    return Planning(stand.versie, stand.peildatum, tuple(te_maken), tuple(niet_nu))


def laatst_afgesloten(peildatum: date, soort: str) -> Periode:
    """The newest period of this kind that ends before the peildatum.

    Before, not on: data up to and including a quarter's last day may still be coming in that day (the
    ledger's peildatum is a day it is still booking), so 31 December closes the year only once the data
    reaches into January.
    """
    maanden = INDELINGEN[soort].maanden
    lopend = Periode(date(peildatum.year, (peildatum.month - 1) // maanden * maanden + 1, 1), soort)
    return lopend.vorige


def _bezwaar(stand: _Stand, reports_dir: Path, gebied: str, periode: Periode) -> str:
    """Why this report is not due now, or '' when it is."""
    if opslag.lees_meta(reports_dir, gebied, periode) is not None:
        return BESTAAT_AL
    leden = stand.gemeenten if gebied == REGIO else [gebied]
    tegen = [t for g in leden for t in stand.tegenhouders.get(g, [])]
    if tegen:
        return "wacht op de poort (" + "; ".join(f"{t.gemeentecode} {t.tekst()}" for t in tegen[:3]) + ")"
    if (gebied, periode.periode_type, periode.begin) not in stand.gepubliceerd:
        return "geen cijfers over deze periode in de gepubliceerde gegevens"
    doorgelaten = [stand.laatst_doorgelaten[g] for g in leden if g in stand.laatst_doorgelaten]
    if doorgelaten and max(doorgelaten) > stand.gepubliceerd_op:
        return f"wacht op publicatie van de levering van {nl_datumtijd(max(doorgelaten))}"
    return ""


# Every delivery that stored rows, once per gemeente it is about ($leden when it names none), with the moment
# it passed the gate (its load, or the steward's acceptance).
_GELEVERD = """
    with geleverd as (
        select bron, poort, geladen_op, coalesce(geaccepteerd_op, geladen_op) as doorgelaten_op,
               unnest(case when coalesce(gemeenten, '') = '' then $leden else string_split(gemeenten, ',') end)
                   as gemeentecode
        from kwaliteit.leveringen
        where status in (select unnest($geladen))
    )
"""
_TEGENHOUDERS = (
    _GELEVERD
    + """
    select g.gemeentecode, g.bron, g.poort, g.geladen_op
    from geleverd g
    where g.poort <> $doorgelaten and list_contains($leden, g.gemeentecode)
      and not exists (
          select 1 from geleverd later
          where later.bron = g.bron and later.gemeentecode = g.gemeentecode
            and later.poort = $doorgelaten and later.geladen_op > g.geladen_op
      )
    order by g.geladen_op, g.gemeentecode
"""
)
_LAATST_DOORGELATEN = (
    _GELEVERD
    + """
    select gemeentecode, max(doorgelaten_op) from geleverd
    where poort = $doorgelaten and list_contains($leden, gemeentecode)
    group by gemeentecode
"""
)


def _lees(serving_path: Path, kwaliteit_path: Path) -> _Stand:
    # In memory, both files attached read-only and closed before returning: the pipeline swaps new
    # snapshots in with os.replace and must never find a lock of ours (as dashboards/data.py does).
    con = duckdb.connect()
    try:
        con.execute(f"attach '{serving_path}' as serving (read_only)")
        con.execute(f"attach '{kwaliteit_path}' as kwaliteit (read_only)")
        versie, gepubliceerd_op = con.execute("select versie, gepubliceerd_op from serving.snapshot_info").fetchone()
        # The newest peildatum of any source, not the oldest: how complete each source is for the period is
        # what the report itself states (voorlopig, volledigheid), and one source that lags or stops must not
        # hold every council report back. The newest month of fct_indicator_publicatie would be a worse clock:
        # a month has rows from its first delivered day on, so it says a month has begun, not that it is over.
        peildatum = con.execute("select max(peildatum) from serving.fct_volledigheid").fetchone()[0]
        gemeenten = [
            r[0]
            for r in con.execute(
                "select gemeentecode from serving.dim_gemeente where gemeentecode <> ? order by 1", [REGIO]
            ).fetchall()
        ]
        gepubliceerd = {
            (g, t, p)
            for g, t, p in con.execute(
                "select distinct gemeentecode, periode_type, periode from serving.fct_indicator_publicatie "
                "where periode_type in (select unnest($soorten))",
                {"soorten": list(SOORTEN)},
            ).fetchall()
        }
        params = {"leden": gemeenten, "geladen": [str(s) for s in GELADEN], "doorgelaten": str(Poort.DOORGELATEN)}
        tegenhouders: dict[str, list[_Tegenhouder]] = defaultdict(list)
        for rij in con.execute(_TEGENHOUDERS, params).fetchall():
            tegenhouders[rij[0]].append(_Tegenhouder(*rij))
        laatst_doorgelaten = dict(con.execute(_LAATST_DOORGELATEN, params).fetchall())
    finally:
        con.close()
    return _Stand(versie, gepubliceerd_op, peildatum, gemeenten, gepubliceerd, tegenhouders, laatst_doorgelaten)
