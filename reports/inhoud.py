"""A report's content, read from the published snapshot exactly as the council reads it on the dashboard.

Every figure goes through dashboards/data.py with the rights of role raad for the report's gebied, so the
protected publication (suppression, rounding, the comparison group without a single other gemeente) is the
one the dashboards show: a cell hidden there is hidden here. Values become Dutch texts in this module; a
hidden cell becomes "geheim" and its chart point None, so the templates never see a hidden number.
A handful of set-based queries per report; everything after them works on a few hundred rows.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from dashboards import data
from dashboards.components import BRONNEN, GEHEIM, LAGEN, POORT, REDEN_GEHEIM, REGIO_VERBORGEN, WETTEN, status_label
from dashboards.format import LEEG, nl_datum, nl_euro, nl_procent, nl_verschil, nl_waarde
from dashboards.noemer import geschat, met_teken
from dashboards.queries import geld
from dashboards.signalen import signalen
from dashboards.toegang import REGIO, GeenToegang, Rol, Toegang
from pipelines.config import Settings
from reports import opslag
from reports.model import (
    BegrotingRegel,
    IndicatorRegel,
    Levering,
    Punt,
    Rapport,
    Signaal,
    Toelichting,
    VergelijkingRegel,
)
from reports.periode import Periode

TREND_PERIODEN = 8  # periods in an indicator's chart, this one included
GEBRUIKER = "rapport"  # the audit name of the report's reads


class GeenGegevens(LookupError):
    """The snapshot cannot make this report (no snapshot, unknown gebied, period not published)."""


def toegang_voor(gebied: str) -> Toegang:
    """The council's rights for this gebied: a gemeente's raad, or the region's."""
    return Toegang(GEBRUIKER, Rol.raad, gebied)


# A publish that lands while a report is read makes the reader refuse the rest (data.SnapshotVervangen): the report
# is then read again from the start, all of it from the new snapshot. Two publishes during one report are rare.
POGINGEN = 3


def bouw(gebied: str, periode: Periode, settings: Settings | None = None) -> Rapport:
    """The report of `gebied` over `periode`, every figure and its snapshot version from one snapshot."""
    for _ in range(POGINGEN - 1):
        try:
            return _bouw(gebied, periode, settings)
        except data.SnapshotVervangen:
            continue
    return _bouw(gebied, periode, settings)


def _bouw(gebied: str, periode: Periode, settings: Settings | None = None) -> Rapport:
    settings = settings or Settings.from_env()
    snapshot = data.current_snapshot()
    if snapshot is None:
        raise GeenGegevens(data.GEEN_SNAPSHOT)
    toegang = toegang_voor(gebied)
    try:
        data.eis_gemeente(toegang, snapshot, gebied)
    except GeenToegang as fout:
        raise GeenGegevens(f"{gebied} is geen gemeente van de regio in de gepubliceerde gegevens") from fout
    info = data.snapshot_info(toegang, snapshot)
    stand = data.stand(toegang, snapshot, gebied, periode.begin, periode.periode_type)
    if stand["vintage"].isna().all():
        raise GeenGegevens(f"voor {periode.label} zijn nog geen cijfers van {gebied} gepubliceerd")
    reeks = _reeks(toegang, snapshot, gebied, periode)
    toelichting = opslag.lees_toelichting(settings.reports_dir, gebied, periode)
    eerder = opslag.eerdere_toelichtingen(settings.reports_dir, gebied, periode)
    # The region beside a gemeente, as on its dashboard: not when the region would reveal another gemeente.
    naast_regio = gebied != REGIO and data.ziet_regio(toegang, snapshot)
    lagen = _lagen(stand, reeks, periode, naast_regio, toelichting, eerder)
    status, volledigheid = _status(stand)
    return Rapport(
        gebied=gebied,
        gebiedsnaam=_gebiedsnaam(toegang, snapshot, gebied),
        periode=periode,
        snapshot_versie=str(info["versie"]),
        gegevens_van=nl_datum(pd.Timestamp(info["gepubliceerd_op"]).date()),
        peildatum=_peildatum(toegang, snapshot),
        gemaakt_op=datetime.now().replace(microsecond=0),
        status=status,
        volledigheid_tekst=volledigheid,
        signalen=_signalen(stand, periode),
        lagen=lagen,
        begroting=_begroting(toegang, snapshot, gebied, periode),
        prognose=_prognose(toegang, snapshot, gebied, periode),
        **_vergelijking(toegang, snapshot, gebied, periode, stand, naast_regio),
        conclusies=toelichting.conclusies,
        maatregelen=toelichting.maatregelen,
        eerdere_conclusies=[
            Toelichting(p.code, p.label, "\n\n".join(t for t in (e.conclusies, e.maatregelen) if t))
            for p, e in eerder
            if e.conclusies or e.maatregelen
        ],
        leveringen=_leveringen(toegang),
        kwaliteit=_kwaliteit(toegang, stand, periode)
        + ([REGIO_VERBORGEN] if gebied != REGIO and not naast_regio else []),
        bronnen=_bronnen(toegang, snapshot),
    )


def gebieden() -> list[str]:
    """Every member gemeente of the published region, then REGIO."""
    snapshot = data.current_snapshot()
    if snapshot is None:
        raise GeenGegevens(data.GEEN_SNAPSHOT)
    return [*data.gemeenten(toegang_voor(REGIO), snapshot)["gemeentecode"], REGIO]


# --- Reads ---------------------------------------------------------------------------------------------


def _gebiedsnaam(toegang: Toegang, snapshot: data.Snapshot, gebied: str) -> str:
    rij = data.lees(
        toegang, snapshot, "select gemeentenaam, regio from gemeente where gemeentecode = $gebied", gebied=gebied
    ).iloc[0]
    return str(rij["regio"]) if gebied == REGIO and pd.notna(rij["regio"]) else str(rij["gemeentenaam"])


def _peildatum(toegang: Toegang, snapshot: data.Snapshot) -> str:
    """The newest date the published data reaches (the deliveries' own peildatum, not the publishing day)."""
    if not data.heeft(toegang, snapshot, "volledigheid"):  # a snapshot older than fct_volledigheid
        return ""
    peildatum = data.lees(toegang, snapshot, "select max(peildatum) as d from volledigheid")["d"].iloc[0]
    return "" if _leeg(peildatum) else nl_datum(pd.Timestamp(peildatum).date())


def _reeks(toegang: Toegang, snapshot: data.Snapshot, gebied: str, periode: Periode) -> pd.DataFrame:
    """Total rows of the last TREND_PERIODEN periods up to `periode`, protected, with their hidden flag."""
    return data.lees_periode(
        toegang,
        snapshot,
        """
        select indicator_id, periode::date as periode, waarde, norm, coalesce(onderdrukt, false) as onderdrukt
        from publicatie
        where gemeentecode = $gemeente and dimensie = 'totaal' and periode_type = $periode_type
          and wijkcode is null and periode > $periode - to_months($maanden) and periode <= $periode
        """,
        gebied,
        periode.begin,
        periode.periode_type,
        maanden=TREND_PERIODEN * periode.maanden,
    )


# --- Indicators ----------------------------------------------------------------------------------------


def _lagen(
    stand: pd.DataFrame,
    reeks: pd.DataFrame,
    periode: Periode,
    naast_regio: bool,
    toelichting: opslag.Toelichtingen,
    eerder: list[tuple[Periode, opslag.Toelichtingen]],
) -> dict[str, list[IndicatorRegel]]:
    per_indicator = {i: rijen for i, rijen in reeks.groupby("indicator_id")}
    lagen: dict[str, list[IndicatorRegel]] = {laag: [] for laag in LAGEN}
    for rij in stand.sort_values(["volgorde", "indicator_id"]).to_dict("records"):
        if rij["laag"] not in lagen or pd.isna(rij["vintage"]):
            continue  # not published for this gebied and period (an indicator of another grain, say)
        rijen = per_indicator.get(rij["indicator_id"], reeks.iloc[0:0])
        regel = _regel(rij, rijen, periode, naast_regio)
        regel.toelichting = toelichting.indicatoren.get(regel.indicator_id, "")
        regel.eerdere_toelichtingen = [
            Toelichting(p.code, p.label, t.indicatoren[regel.indicator_id])
            for p, t in eerder
            if regel.indicator_id in t.indicatoren
        ]
        lagen[rij["laag"]].append(regel)
    return lagen


def _leeg(waarde) -> bool:
    return waarde is None or pd.isna(waarde)


def _cel(rijen: pd.DataFrame, dag: date) -> tuple[float | None, bool]:
    """(value, hidden) of one period's published total; (None, False) when not published."""
    rij = rijen[rijen["periode"] == pd.Timestamp(dag)]
    if rij.empty:
        return None, False
    verborgen = bool(rij["onderdrukt"].iloc[0])
    waarde = rij["waarde"].iloc[0]
    return (None if verborgen or _leeg(waarde) else float(waarde)), verborgen


def _tekst(waarde: float | None, verborgen: bool, eenheid: str) -> str:
    return GEHEIM if verborgen else nl_waarde(None if _leeg(waarde) else float(waarde), eenheid)


def _cbs(rij: dict) -> str:
    """CBS's own figure for the same period and grain, with its year ('' when CBS publishes none)."""
    if _leeg(rij["waarde_cbs"]):
        return ""
    return f"{nl_waarde(rij['waarde_cbs'], rij['eenheid'])} ({rij['jaar_cbs']})"


def _verschil(nu: float | None, toen: float | None, eenheid: str) -> str:
    return "" if nu is None or toen is None else nl_verschil(nu - toen, eenheid)


def _regel(rij: dict, rijen: pd.DataFrame, periode: Periode, naast_regio: bool) -> IndicatorRegel:
    eenheid = rij["eenheid"]
    verborgen = bool(rij["onderdrukt"])
    waarde = None if verborgen or _leeg(rij["waarde"]) else float(rij["waarde"])
    vorige, vorige_geheim = _cel(rijen, periode.vorige.begin)
    jaar, jaar_geheim = _cel(rijen, periode.jaar_eerder.begin)
    norm = None if _leeg(rij["norm"]) else float(rij["norm"])
    status = None if rij["vintage"] == "voorlopig" else (rij["status"] if not _leeg(rij["status"]) else None)
    normen = {pd.Timestamp(d).date(): n for d, n in zip(rijen["periode"], rijen["norm"], strict=True)}
    trend = [
        Punt(p.begin, p.label, _cel(rijen, p.begin)[0], None if _leeg(normen.get(p.begin)) else normen[p.begin])
        for p in (periode.terug(n) for n in range(TREND_PERIODEN - 1, -1, -1))
    ]
    # Periods before the first published one are not gaps but the time before the data (a hidden period has
    # a row): the chart starts at the data. Gaps after it stay, meaning hidden or not known.
    eerste = min((pd.Timestamp(d).date() for d in rijen["periode"]), default=periode.begin)
    trend = [p for p in trend if p.periode >= eerste]
    regio = None if _leeg(rij["waarde_regio"]) else float(rij["waarde_regio"])
    groep = None if _leeg(rij["waarde_vergelijkingsgroep"]) else float(rij["waarde_vergelijkingsgroep"])
    return IndicatorRegel(
        indicator_id=rij["indicator_id"],
        naam=rij["naam"],
        laag=rij["laag"],
        eenheid=eenheid,
        richting=rij["richting"],
        definitie=rij["definitie"] or "",
        onderdrukt=verborgen,
        waarde=waarde,
        waarde_tekst=GEHEIM if verborgen else met_teken(nl_waarde(waarde, eenheid), rij),
        norm_tekst="" if norm is None else f"norm {nl_waarde(norm, eenheid)}",
        status=status,
        status_tekst=status_label(rij["status"] if not _leeg(rij["status"]) else None, rij["vintage"]),
        vorige_tekst=_tekst(vorige, vorige_geheim, eenheid),
        verschil_vorige_tekst=_verschil(waarde, vorige, eenheid),
        jaar_eerder_tekst=_tekst(jaar, jaar_geheim, eenheid),
        verschil_jaar_tekst=_verschil(waarde, jaar, eenheid),
        regio_tekst=nl_waarde(regio, eenheid) if naast_regio else "",
        vergelijking_tekst="" if groep is None else nl_waarde(groep, eenheid),
        vintage=rij["vintage"],
        noemer_geschat=geschat(rij),
        vintage_tekst=_vintage(rij),
        reden_onderdrukt=REDEN_GEHEIM.get(rij["reden_onderdrukt"], "") if verborgen else "",
        trend=trend,
        norm=norm,
    )


def _vintage(rij: dict) -> str:
    if rij["vintage"] != "voorlopig":
        return "definitief"
    if _leeg(rij["volledigheid"]):
        return "voorlopig"
    return f"voorlopig: naar schatting {nl_procent(100 * rij['volledigheid'], 0)} van de gegevens binnen"


def _signalen(stand: pd.DataFrame, periode: Periode) -> list[Signaal]:
    """The dashboard's own signals (dashboards/signalen.py): the council and the dashboard name the same five."""
    lijst = signalen(stand, periode.jaar_eerder.label)
    if lijst:
        return [Signaal(s.indicator_id, s.status, s.zin) for s in lijst]
    beoordeeld = stand[(stand["vintage"] == "definitief") & stand["status"].notna()]
    if beoordeeld.empty:
        zin = f"Voor {periode.label} zijn nog geen definitieve cijfers met een norm: er is nog niets te beoordelen."
        return [Signaal("", "voorlopig", zin)]
    zin = f"Alle {len(beoordeeld)} definitieve indicatoren met een norm liggen op koers."
    return [Signaal("", "op_koers", zin)]


def _status(stand: pd.DataFrame) -> tuple[str, str]:
    """('voorlopig'|'definitief', a sentence on completeness) over the period's published indicators."""
    gepubliceerd = stand[stand["vintage"].notna()]
    voorlopig = gepubliceerd[gepubliceerd["vintage"] == "voorlopig"]
    if voorlopig.empty:
        return "definitief", "Alle leveringen over deze periode zijn binnen: de cijfers zijn definitief."
    laagste = voorlopig["volledigheid"].min()
    schatting = (
        "" if _leeg(laagste) else f" De declaraties zijn naar schatting voor {nl_procent(100 * laagste, 0)} binnen."
    )
    return "voorlopig", (
        f"{len(voorlopig)} van de {len(gepubliceerd)} indicatoren zijn nog voorlopig: niet alle leveringen over "
        f"deze periode zijn binnen.{schatting} Voorlopige cijfers geven nog geen signaal."
    )


# --- Money ---------------------------------------------------------------------------------------------


def _euro(waarde, verborgen: bool = False) -> str:
    return GEHEIM if verborgen else (LEEG if _leeg(waarde) else nl_euro(float(waarde)))


def _begroting(toegang: Toegang, snapshot: data.Snapshot, gebied: str, periode: Periode) -> list[BegrotingRegel]:
    rijen = data.periodevraag(geld.BEGROTING_PER_TAAKVELD)(
        toegang, snapshot, gebied, periode.begin, periode.periode_type
    )
    return [
        BegrotingRegel(
            code=r["taakveld"],
            omschrijving=r["omschrijving"] if not _leeg(r["omschrijving"]) else "",
            begroting_tekst=_euro(r["begroting"], r["onderdrukt"]),
            realisatie_tekst=_euro(r["realisatie"], r["onderdrukt"]),
            procent_tekst=GEHEIM if r["onderdrukt"] else nl_waarde(r["procent"], "%"),
            prognose_tekst="",
            band_tekst="",
        )
        for r in rijen.to_dict("records")
    ]


def _prognose(toegang: Toegang, snapshot: data.Snapshot, gebied: str, periode: Periode) -> list[BegrotingRegel]:
    rijen = data.periodevraag(geld.PROGNOSE)(toegang, snapshot, gebied, periode.begin, periode.periode_type)
    uit = []
    for r in rijen.to_dict("records"):
        verborgen = bool(r["onderdrukt"])
        band = (
            ""
            if verborgen or _leeg(r["prognose_laag"]) or _leeg(r["prognose_hoog"])
            else f"{nl_euro(r['prognose_laag'])} – {nl_euro(r['prognose_hoog'])}"
        )
        uit.append(
            BegrotingRegel(
                code=r["wet"],
                omschrijving=WETTEN.get(r["wet"], "Jeugd en Wmo samen"),
                begroting_tekst=_euro(r["begroting"], verborgen),
                realisatie_tekst=_euro(r["lasten"], verborgen),
                procent_tekst=GEHEIM if verborgen else nl_waarde(r["procent"], "%"),
                prognose_tekst=_euro(r["prognose"], verborgen),
                band_tekst=band,
            )
        )
    return uit


# --- Comparison ----------------------------------------------------------------------------------------


def _cbs_redenen(toegang: Toegang, snapshot: data.Snapshot, gebied: str, periode: Periode) -> dict[str, str]:
    """indicator_id -> why our figure and CBS's differ (a synthetic demo figure says so first)."""
    if not data.heeft(toegang, snapshot, "cbs_vergelijking"):
        return {}
    rijen = data.lees_periode(
        toegang,
        snapshot,
        """
        select indicator_id, reden from cbs_vergelijking
        where gemeentecode = $gemeente and periode_type = $periode_type and periode = $periode
          and wijkcode is null and waarde_cbs is not null
        """,
        gebied,
        periode.begin,
        periode.periode_type,
    )
    return {r["indicator_id"]: r["reden"] or "" for r in rijen.to_dict("records")}


def _vergelijking(
    toegang: Toegang, snapshot: data.Snapshot, gebied: str, periode: Periode, stand: pd.DataFrame, naast_regio: bool
) -> dict:
    """A gemeente beside the region (when ``naast_regio``), comparable gemeenten and CBS; the region beside each
    member gemeente."""
    gepubliceerd = stand[stand["vintage"].notna()].sort_values(["laag", "volgorde", "indicator_id"])
    if gebied != REGIO:
        kolommen = ["Deze gemeente", *(["Regio"] if naast_regio else []), "Vergelijkbare gemeenten", "CBS"]
        redenen = _cbs_redenen(toegang, snapshot, gebied, periode)
        regels = [
            VergelijkingRegel(
                r["naam"],
                r["eenheid"],
                {
                    "Deze gemeente": GEHEIM if r["onderdrukt"] else met_teken(nl_waarde(r["waarde"], r["eenheid"]), r),
                    **({"Regio": nl_waarde(r["waarde_regio"], r["eenheid"])} if naast_regio else {}),
                    "Vergelijkbare gemeenten": nl_waarde(r["waarde_vergelijkingsgroep"], r["eenheid"]),
                    "CBS": _cbs(r),
                },
                redenen.get(r["indicator_id"], "") if not _leeg(r["waarde_cbs"]) else "",
            )
            for r in gepubliceerd.to_dict("records")
        ]
        return {"vergelijking_kolommen": kolommen, "vergelijking": regels}
    leden = data.lees(
        toegang,
        snapshot,
        """
        select p.indicator_id, g.gemeentenaam, p.waarde, coalesce(p.onderdrukt, false) as onderdrukt
        from publicatie p join gemeente g using (gemeentecode)
        where p.gemeentecode <> $regio and p.dimensie = 'totaal' and p.wijkcode is null
          and p.periode_type = $periode_type and p.periode = $periode
        """,
        regio=REGIO,
        periode_type=periode.periode_type,
        periode=periode.begin,
    )
    namen = sorted(leden["gemeentenaam"].unique())
    per = {(r["indicator_id"], r["gemeentenaam"]): r for r in leden.to_dict("records")}
    regels = []
    for r in gepubliceerd.to_dict("records"):
        waarden = {"Regio": GEHEIM if r["onderdrukt"] else nl_waarde(r["waarde"], r["eenheid"])}
        for naam in namen:
            lid = per.get((r["indicator_id"], naam))
            waarden[naam] = LEEG if lid is None else _tekst(lid["waarde"], lid["onderdrukt"], r["eenheid"])
        regels.append(VergelijkingRegel(r["naam"], r["eenheid"], waarden))
    return {"vergelijking_kolommen": ["Regio", *namen], "vergelijking": regels}


# --- Quality and sources -------------------------------------------------------------------------------


def _leveringen(toegang: Toegang) -> list[Levering]:
    kwaliteit = data.current_kwaliteit()
    if kwaliteit is None:
        return []
    rijen = data.lees_kwaliteit(
        toegang,
        kwaliteit,
        """
        select bron, max(geladen_op) as geladen_op,
               arg_max(poort, geladen_op) as poort
        from leveringen group by bron order by bron
        """,
    )
    return [
        Levering(
            BRONNEN.get(r["bron"], r["bron"]),
            nl_datum(pd.Timestamp(r["geladen_op"]).date()),
            POORT.get(r["poort"], r["poort"]),
        )
        for r in rijen.to_dict("records")
    ]


def _kwaliteit(toegang: Toegang, stand: pd.DataFrame, periode: Periode) -> list[str]:
    """Plain sentences on what the reader should know about the data behind the figures."""
    zinnen = []
    kwaliteit = data.current_kwaliteit()
    if kwaliteit is not None:
        telling = data.lees_kwaliteit(
            toegang,
            kwaliteit,
            """
            select count(*) filter (where poort = 'geblokkeerd') as tegengehouden,
                   count(*) filter (where poort = 'wacht') as wacht,
                   count(*) filter (where status = 'partially_loaded') as deels
            from leveringen
            """,
        ).iloc[0]
        if telling["tegengehouden"]:
            zinnen.append(
                f"{int(telling['tegengehouden'])} levering(en) zijn door de kwaliteitspoort tegengehouden: hun "
                "gegevens tellen niet mee tot ze gecorrigeerd of na beoordeling toegelaten zijn."
            )
        if telling["wacht"]:
            zinnen.append(f"{int(telling['wacht'])} levering(en) wachten nog op de kwaliteitspoort.")
        if telling["deels"]:
            zinnen.append(
                f"{int(telling['deels'])} levering(en) zijn gedeeltelijk geladen: regels met fouten staan apart "
                "(in quarantaine) met hun reden en tellen niet mee."
            )
    leeg = stand[stand["vintage"].isna()]
    if not leeg.empty:
        zinnen.append(
            f"{len(leeg)} indicator(en) hebben voor {periode.label} geen cijfer, omdat de bron er (nog) geen "
            "gegevens voor levert of de indicator per maand of per jaar wordt berekend."
        )
    geschat_ = stand[stand["noemer_geschat"].fillna(False).astype(bool)]
    if not geschat_.empty:
        zinnen.append(
            f"Bij {len(geschat_)} indicator(en) is het aantal inwoners geschat uit de CBS-leeftijdsgroepen (≈), "
            "omdat de gemeente voor dit jaar geen BRP-telling naar leeftijd leverde."
        )
    verborgen = stand[stand["onderdrukt"]]
    if not verborgen.empty:
        zinnen.append(
            f"{len(verborgen)} cijfer(s) staan als 'geheim': ze gaan over 0 tot en met 7 personen of zijn anders "
            "uit andere cijfers af te leiden (regels van CBS voor kleine aantallen)."
        )
    return zinnen or ["Alle leveringen zijn door de kwaliteitspoort gekomen; er zijn geen bekende gaten."]


def _bronnen(toegang: Toegang, snapshot: data.Snapshot) -> list[tuple[str, str]]:
    rijen = data.lees(toegang, snapshot, "select naam, bronnen, officiele_bron from indicator order by laag, volgorde")
    return [
        (r["naam"], "; ".join(str(t) for t in (r["bronnen"], r["officiele_bron"]) if not _leeg(t)))
        for r in rijen.to_dict("records")
    ]
