"""The delivery gate: SQL rules and GX suites over the deliveries of one run, as a blocking asset check.

A delivery that fails any blocking rule is marked 'geblokkeerd' in meta.loads: staging never reads its
rows, the run fails before dbt, and the published snapshot stays as it was. The rows stay in the
warehouse (nothing is lost) for the data steward to inspect, who may accept the delivery explicitly
(`stuurwiel accept`). Every rule's outcome goes to meta.poortcontroles, the quality history.

Row-level problems were already quarantined at ingest; the rules here judge a delivery as a whole. Rules
that compare with other deliveries (known toewijzing, volume allowed, reconciliation) tolerate a small
share of exceptions, as a gemeente's own message checks do: those rows are answered by the gemeente in
the message traffic, and a few of them are no reason to stop the whole region's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from pipelines import warehouse
from pipelines.checks import regels, suites
from pipelines.config import DBT_PROJECT_DIR, REFERENCE_DIR
from pipelines.ingest import SOURCE_TABLES
from pipelines.sources.base import RAW_SCHEMAS

# Share of quarantined rows above which a whole delivery is suspect rather than a few bad rows.
MAX_QUARANTAINE_AANDEEL = {"berichten": 0.05, "grootboek": 0.02, "begroting": 0.0, "cbs_kwb": 0.01}
DEFAULT_MAX_QUARANTAINE_AANDEEL = 0.02
# Share of a delivery's rows that may break a rule comparing it with other deliveries.
MAX_AFWIJKEND_AANDEEL = 0.01
# The gemeente rejects over-declarations in its 325 answer; only a systematic pattern stops a delivery.
MAX_TE_VEEL_GEDECLAREERD = 0.05
# A month with fewer rows than this fraction of the median of the three months before, and of the same
# month a year earlier, is a collapse.
MIN_VOLUME_FACTOR = 0.5
MIN_VOLUME_BASIS = 100  # below this median a series is too small to judge
# Ledger spend per provider and year may differ this much from the granted 325 amounts.
AFSTEMMING_TOLERANTIE = 0.02

TAAKVELDEN_CSV = DBT_PROJECT_DIR / "seeds" / "iv3_taakvelden.csv"
# Taakveld x categorie cells of the lasten that Iv3 forbids, per boekjaar (CBS iv3_definities).
GRIJZE_CELLEN_CSV = REFERENCE_DIR / "cbs" / "iv3_grijze_cellen_lasten.csv"

# The date that places a row in time, per raw table: the volume check counts per month of it, GX splits
# large deliveries by its year.
MAAND_KOLOM = {
    "berichten_toewijzing": "dagtekening", "berichten_start": "dagtekening", "berichten_stop": "dagtekening",
    "berichten_declaratie": "dagtekening", "berichten_declaratie_antwoord": "dagtekening",
    "berichten_verzoek_toewijzing": "dagtekening", "berichten_verzoek_wijziging": "dagtekening",
    "berichten_antwoord": "dagtekening", "grootboek": "boekdatum",
}


@dataclass
class Controle:
    naam: str
    geslaagd: bool
    waarde: float | None
    drempel: float | None
    melding: str
    rijen: int | None = None  # rows the rule found at fault


def _run_loads(source: str) -> str:
    return f"select load_id from meta.loads where run_id = $run_id and bron = '{source}' and status <> 'rejected'"


def _bekend(source: str) -> str:
    """Deliveries a new one may refer to: everything that passed the gate, plus this run's."""
    return f"select load_id from meta.loads where poort = 'doorgelaten' or load_id in ({_run_loads(source)})"


def quarantaine_aandeel(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> Controle:
    """Share of quarantined rows over all of this run's deliveries of the source.

    Taken over the whole delivery rather than per file: one bad row in a file of twelve is noise, a few
    percent of a month's messages is a broken export.
    """
    drempel = MAX_QUARANTAINE_AANDEEL.get(source, DEFAULT_MAX_QUARANTAINE_AANDEEL)
    quarantined, rows_in = con.execute(
        "select coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_in), 0) from meta.loads "
        "where run_id = ? and bron = ? and status <> 'rejected'", [run_id, source],
    ).fetchone()
    aandeel = quarantined / rows_in if rows_in else 0.0
    melding = f"{aandeel:.1%} van de regels in quarantaine ({quarantined} van {rows_in}; drempel {drempel:.0%})"
    return Controle("quarantaine_aandeel", aandeel <= drempel, aandeel, drempel, melding, int(quarantined))


def _count_rule(con, naam: str, sql: str, run_id: str, melding: str) -> Controle:
    """A rule no row may break."""
    aantal = con.execute(sql, {"run_id": run_id}).fetchone()[0]
    return Controle(naam, aantal == 0, float(aantal), 0.0, f"{aantal} {melding}" if aantal else "geen afwijkingen",
                    int(aantal))


def _share_rule(con, naam: str, subject_sql: str, fout: str, run_id: str, melding: str,
                drempel: float = MAX_AFWIJKEND_AANDEEL) -> Controle:
    """A rule a small share of the delivery's rows may break: `fout` is a condition on `subject_sql`."""
    afwijkend, totaal = con.execute(
        f"select count(*) filter (where {fout}), count(*) from ({subject_sql})", {"run_id": run_id},
    ).fetchone()
    aandeel = afwijkend / totaal if totaal else 0.0
    tekst = f"{afwijkend} van {totaal} {melding} ({aandeel:.1%}; drempel {drempel:.0%})"
    return Controle(naam, aandeel <= drempel, aandeel, drempel, tekst if afwijkend else "geen afwijkingen",
                    int(afwijkend))


def _laatste_toewijzingen(source: str) -> str:
    """The latest version of every known toewijzing (IV013), removals (RedenWijziging 13) included."""
    return (
        f"select * from raw.berichten_toewijzing where _load_id in ({_bekend(source)}) "
        "qualify row_number() over (partition by wet, gemeentecode, toewijzingnummer "
        "order by toewijzingsdatum desc, toewijzingstijd desc) = 1"
    )


def berichten_regels(con, run_id: str) -> list[Controle]:
    loads = _run_loads("berichten")
    toewijzingen = _laatste_toewijzingen("berichten")
    return [
        _count_rule(
            con, "toewijzing_periode",
            f"select count(*) from raw.berichten_toewijzing where _load_id in ({loads}) "
            "and einddatum < ingangsdatum",
            run_id, "toewijzingen eindigen voor hun ingangsdatum",
        ),
        _count_rule(
            con, "declaratieperiode_een_maand",
            f"select count(*) from raw.berichten_declaratie where _load_id in ({loads}) "
            "and date_trunc('month', productperiode_begin) <> date_trunc('month', productperiode_eind)",
            run_id, "prestaties beslaan meer dan één kalendermaand (IV076)",
        ),
        _share_rule(
            con, "eenheid_frequentie",
            f"select eenheid, frequentie, einddatum from raw.berichten_toewijzing where _load_id in ({loads})",
            "eenheid in ('14', '16', '83', '84') and coalesce(einddatum, date '9999-12-31') > date '2020-12-31' "
            "and coalesce(frequentie, '') not in ('2', '4', '6')",
            run_id, "toewijzingen met een niet toegestane combinatie van eenheid en frequentie (CS338)", 0.0,
        ),
        _share_rule(
            con, "start_stop_bekende_toewijzing",
            f"select s.toewijzingnummer, t.toewijzingnummer as bekend from ("
            f"  select wet, gemeentecode, toewijzingnummer from raw.berichten_start where _load_id in ({loads})"
            f"  union all select wet, gemeentecode, toewijzingnummer from raw.berichten_stop where _load_id in ({loads})"
            f") s left join ({toewijzingen}) t using (wet, gemeentecode, toewijzingnummer) "
            "where s.toewijzingnummer is not null",
            "bekend is null", run_id, "start- en stopberichten verwijzen naar een onbekende toewijzing",
        ),
        _share_rule(
            con, "declaratie_binnen_toewijzing",
            f"select d.productperiode_begin, d.productperiode_eind, t.ingangsdatum, t.einddatum, t.reden_wijziging "
            f"from raw.berichten_declaratie d left join ({toewijzingen}) t using (wet, gemeentecode, toewijzingnummer) "
            f"where d._load_id in ({loads}) and d.toewijzingnummer is not null",
            "ingangsdatum is null or reden_wijziging = '13' or productperiode_begin < ingangsdatum "
            "or productperiode_eind > coalesce(einddatum, date '9999-12-31')",
            run_id, "prestaties vallen buiten hun toewijzing of verwijzen naar een onbekende of verwijderde",
        ),
        _share_rule(
            con, "volume_binnen_toewijzing", _volume_sql(loads, toewijzingen),
            "geleverd_volume > toegestaan or eenheid_afwijkend", run_id,
            "prestaties declareren meer dan toegewezen of in een andere eenheid (IV077, TR321)",
            MAX_TE_VEEL_GEDECLAREERD,
        ),
        _share_rule(
            con, "antwoord_bij_bekende_declaratie",
            f"select a.declaratie_identificatie, d.bericht_id from raw.berichten_declaratie_antwoord a "
            f"left join (select distinct bericht_id from raw.berichten_declaratie where _load_id in "
            f"({_bekend('berichten')})) d on d.bericht_id = a.declaratie_identificatie "
            f"where a._load_id in ({loads})",
            "bericht_id is null", run_id, "declaratie-antwoorden (325) verwijzen naar een onbekende declaratie (323)",
        ),
    ]


def _volume_sql(loads: str, toewijzingen: str) -> str:
    """Declared volume against the volume the toewijzing allows in the product period (IV077).

    Per week: the calendar weeks of the period within the toewijzing (inspanningsgericht), or the Sundays
    plus one (outputgericht); the variant is not in the message, so the larger of the two is allowed.
    Per day: days of the period. Per month: the month's volume. Total: the whole volume. Euro amounts
    (eenheid 83) are in cents on both sides (IV042).
    """
    return f"""
        with p as (
            select d.geleverd_volume, d.eenheid <> t.eenheid as eenheid_afwijkend, t.volume, t.frequentie,
                   greatest(d.productperiode_begin, t.ingangsdatum) as van,
                   least(d.productperiode_eind, coalesce(t.einddatum, d.productperiode_eind)) as tot
            from raw.berichten_declaratie d
            join ({toewijzingen}) t using (wet, gemeentecode, toewijzingnummer)
            where d._load_id in ({loads}) and t.volume is not null and d.geleverd_volume is not null
        )
        select geleverd_volume, eenheid_afwijkend,
            case frequentie
                when '1' then volume * (datediff('day', van, tot) + 1)
                when '2' then volume * greatest(
                    datediff('week', date_trunc('week', van), date_trunc('week', tot)) + 1,
                    datediff('week', van - interval 1 day, tot) + 1)
                else volume
            end as toegestaan
        from p
        where van <= tot
    """


def volume_instorting(con, source: str, run_id: str) -> list[Controle]:
    """Per raw table and gemeente: a month of this delivery with far fewer rows than both the three
    months before and the same month a year earlier.

    Both, because care has seasons (extension requests cluster at the turn of the year, starts dip in the
    summer): a month is a collapse only when it is low against its recent past and against its own season.
    A series without a year of history is not judged.
    """
    out = []
    for table in SOURCE_TABLES[source]:
        kolom = MAAND_KOLOM.get(table)
        if not kolom:
            continue
        rows = con.execute(f"""
            with per_maand as (
                select gemeentecode, date_trunc('month', {kolom}) as maand, count(*) as rijen,
                       bool_or(_load_id in ({_run_loads(source)})) as nieuw
                from raw.{table} where _load_id in ({_bekend(source)}) group by all
            ),
            met_basis as (
                select m.*, median(m.rijen) over (partition by m.gemeentecode order by m.maand
                           rows between 3 preceding and 1 preceding) as basis,
                       count(*) over (partition by m.gemeentecode order by m.maand
                           rows between 3 preceding and 1 preceding) as maanden_ervoor,
                       j.rijen as jaar_eerder
                from per_maand m
                left join per_maand j on j.gemeentecode = m.gemeentecode and j.maand = m.maand - interval 12 month
            )
            select gemeentecode, strftime(maand, '%m-%Y'), rijen, basis, jaar_eerder from met_basis
            where nieuw and maanden_ervoor = 3 and basis >= {MIN_VOLUME_BASIS}
              and rijen < {MIN_VOLUME_FACTOR} * basis and rijen < {MIN_VOLUME_FACTOR} * jaar_eerder
            order by maand
        """, {"run_id": run_id}).fetchall()
        melding = "; ".join(f"{g} {m}: {n} rijen tegen mediaan {b:.0f} en {j} een jaar eerder"
                            for g, m, n, b, j in rows[:5])
        out.append(Controle(f"volume:{table}", not rows, float(len(rows)), MIN_VOLUME_FACTOR,
                            f"maanden met een ingestorte levering: {melding}" if rows else "geen afwijkingen",
                            len(rows)))
    return out


def _taakveld_regel(con, table: str, jaar_kolom: str, source: str, run_id: str) -> Controle:
    return _count_rule(
        con, "taakveld_geldig_in_jaar",
        f"select count(*) from raw.{table} r where r._load_id in ({_run_loads(source)}) and not exists ("
        f"select 1 from read_csv('{TAAKVELDEN_CSV}', all_varchar=true) t "
        f"where t.taakveld = r.taakveld and t.boekjaar::integer = r.{jaar_kolom})",
        run_id, "regels op een taakveld dat in dat jaar niet bestaat (Iv3)",
    )


def _grijze_cel_regel(con, run_id: str) -> Controle:
    return _count_rule(
        con, "grijze_cel",
        f"select count(*) from raw.grootboek r where r._load_id in ({_run_loads('grootboek')}) and exists ("
        f"select 1 from read_csv('{GRIJZE_CELLEN_CSV}', all_varchar=true) c "
        "where c.boekjaar::integer = r.boekjaar and c.taakveld = r.taakveld and c.categorie = r.categorie)",
        run_id, "boekingen in een grijze cel: een categorie die op dat taakveld niet mag (Iv3)",
    )


def grootboek_regels(con, run_id: str) -> list[Controle]:
    return [_taakveld_regel(con, "grootboek", "boekjaar", "grootboek", run_id), _grijze_cel_regel(con, run_id),
            afstemming_325(con, run_id)]


def afstemming_325(con, run_id: str) -> Controle:
    """Ledger spend per gemeente, provider and year against the amounts granted in JW325 answers.

    Jeugd only: iWmo 3.2 has no 325. Only for inspannings- and outputgericht contracts (taakgericht care
    is paid without declarations), for the years this delivery books in, by the year of the declaration
    period. The ledger knows a provider as a creditor, the contract register by AGB code; both carry the
    provider's legal name. The latest year may still lag (December's declarations are paid in January),
    so there only booking more than was granted counts.
    """
    rows = con.execute(f"""
        with contract as (
            select distinct gemeentecode, agb_code, lower(trim(naam)) as naam
            from raw.aanbieder_contracten
            where _load_id in (select load_id from meta.loads where poort = 'doorgelaten')
              and wet = 'jeugd' and financieringsvorm in ('inspanningsgericht', 'outputgericht')
        ),
        geboekt as (
            select g.gemeentecode, c.agb_code, g.boekjaar, sum(g.bedrag) as bedrag,
                   g.boekjaar = max(g.boekjaar) over (partition by g.gemeentecode) as lopend
            from raw.grootboek g
            join contract c on c.gemeentecode = g.gemeentecode and c.naam = lower(trim(g.crediteurnaam))
            where g._load_id in ({_bekend('grootboek')})
              and g.boekjaar in (select boekjaar from raw.grootboek where _load_id in ({_run_loads('grootboek')}))
            group by g.gemeentecode, c.agb_code, g.boekjaar
        ),
        antwoord as (
            select distinct a.gemeentecode, a.aanbieder, a.declaratie_identificatie, a.totaal_toegekend_cent
            from raw.berichten_declaratie_antwoord a
            where a._load_id in (select load_id from meta.loads where poort = 'doorgelaten')
        ),
        toegekend as (
            select a.gemeentecode, a.aanbieder as agb_code, year(d.periode_begin) as boekjaar,
                   sum(a.totaal_toegekend_cent) / 100.0 as bedrag
            from antwoord a
            join (select distinct bericht_id, periode_begin from raw.berichten_declaratie
                  where _load_id in (select load_id from meta.loads where poort = 'doorgelaten')) d
              on d.bericht_id = a.declaratie_identificatie
            group by all
        )
        select g.gemeentecode, g.agb_code, g.boekjaar, g.bedrag, t.bedrag
        from geboekt g join toegekend t using (gemeentecode, agb_code, boekjaar)
        where g.bedrag - t.bedrag > {AFSTEMMING_TOLERANTIE} * greatest(abs(t.bedrag), 1)
           or (not g.lopend and t.bedrag - g.bedrag > {AFSTEMMING_TOLERANTIE} * greatest(abs(t.bedrag), 1))
        order by abs(g.bedrag - t.bedrag) desc
    """, {"run_id": run_id}).fetchall()
    voorbeelden = "; ".join(f"{g} {a} {j}: geboekt {b:,.0f} tegen toegekend {t:,.0f}" for g, a, j, b, t in rows[:3])
    return Controle("afstemming_grootboek_325", not rows, float(len(rows)), AFSTEMMING_TOLERANTIE,
                    f"{len(rows)} aanbieder-jaren wijken meer dan {AFSTEMMING_TOLERANTIE:.0%} af: {voorbeelden}"
                    if rows else "grootboek en toegekende declaraties sluiten aan", len(rows))


RULES = {
    "berichten": berichten_regels,
    "grootboek": grootboek_regels,
    "begroting": lambda con, run_id: [_taakveld_regel(con, "begroting", "begrotingsjaar", "begroting", run_id)],
}


def expectation_suite(con: duckdb.DuckDBPyConnection, source: str, run_id: str, docs_dir: Path) -> list[Controle]:
    """The source's Great Expectations suites on its raw table(s), per month, with Data Docs."""
    return [
        Controle(u.naam, u.geslaagd, u.afwijkend, 0.0, u.melding, int(u.afwijkend))
        for u in suites.validate_run(con, source, SOURCE_TABLES[source], run_id, docs_dir, MAAND_KOLOM)
    ]


def evaluate(con: duckdb.DuckDBPyConnection, source: str, run_id: str, docs_dir: Path) -> list[Controle]:
    rules = RULES.get(source, lambda _con, _run_id: [])
    return [quarantaine_aandeel(con, source, run_id), *rules(con, run_id), *volume_instorting(con, source, run_id),
            *expectation_suite(con, source, run_id, docs_dir)]


def apply_verdict(con: duckdb.DuckDBPyConnection, source: str, run_id: str, controles: list[Controle]) -> None:
    """Open or close the gate for this run's deliveries of the source, and keep the history."""
    poort = warehouse.POORT_DOORGELATEN if all(c.geslaagd for c in controles) else warehouse.POORT_GEBLOKKEERD
    con.execute("begin transaction")
    con.execute(
        "update meta.loads set poort = ? where run_id = ? and bron = ? and status <> 'rejected'",
        [poort, run_id, source],
    )
    _record_gemeenten(con, source, run_id)
    if controles:
        con.executemany(
            "insert into meta.poortcontroles by name select ? as run_id, ? as bron, ? as controle, ? as geslaagd, "
            "? as waarde, ? as drempel, ? as melding, now()::timestamp as gecontroleerd_op, ? as rijen",
            [[run_id, source, c.naam, c.geslaagd, c.waarde, c.drempel, c.melding, c.rijen]
             for c in controles],
        )
    con.execute("commit")


def _record_gemeenten(con, source: str, run_id: str) -> None:
    """Which gemeenten each delivery of this run covers, for the Datakwaliteit page."""
    tables = [t for t in SOURCE_TABLES[source] if "gemeentecode" in RAW_SCHEMAS[t].names]
    if not tables:
        return
    union = " union all ".join(f"select _load_id, gemeentecode from raw.{t} where _load_id in "
                               f"({_run_loads(source)})" for t in tables)
    con.execute(
        f"update meta.loads l set gemeenten = g.gemeenten from (select _load_id, string_agg(distinct gemeentecode, "
        f"',' order by gemeentecode) as gemeenten from ({union}) group by _load_id) g where l.load_id = g._load_id",
        {"run_id": run_id},
    )


def gate_result(con: duckdb.DuckDBPyConnection, source: str, run_id: str, check: dg.AssetCheckSpec,
                docs_dir: Path) -> dg.AssetCheckResult:
    """Evaluate the gate for this run's deliveries of a source, record the verdict, and report it."""
    controles = evaluate(con, source, run_id, docs_dir)
    apply_verdict(con, source, run_id, controles)
    failed = [c for c in controles if not c.geslaagd]
    return dg.AssetCheckResult(
        asset_key=check.asset_key,
        check_name=check.name,
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR,
        description="; ".join(f"{regels.titel(c.naam)}: {c.melding}" for c in failed) or "alle controles geslaagd",
        metadata={c.naam: dg.MetadataValue.text(f"{'ok' if c.geslaagd else 'FOUT'}: {c.melding}") for c in controles},
    )
