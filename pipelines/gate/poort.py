"""The delivery gate, evaluated over the warehouse: every rule over the deliveries of one run, then the verdict.

A delivery that fails any blocking rule is marked 'geblokkeerd' in meta.loads: staging never reads its
rows, the run fails before dbt, and the published snapshot stays as it was. The rows stay in the
warehouse (nothing is lost) for the data steward to inspect, who may accept the delivery explicitly
(`stuurwiel accept`). Every rule's outcome goes to meta.poortcontroles, the quality history.

Row-level problems were already quarantined at ingest; the rules here judge a delivery as a whole. Rules
that compare with other deliveries (known toewijzing, volume allowed, reconciliation) tolerate a small
share of exceptions, as a gemeente's own message checks do: those rows are answered by the gemeente in
the message traffic, and a few of them are no reason to stop the whole region's figures.

What each rule means and its threshold: regels.py. Pass or fail: verdict.py. No Dagster in here: the source
asset (pipelines/assets/leveringen.py) wraps `evaluate` + `apply_verdict` as its blocking asset check.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.gate import suites, verdict
from pipelines.gate.regels import (
    AFSTEMMING_TOLERANTIE,
    MIN_VOLUME_BASIS,
    MIN_VOLUME_FACTOR,
    bekende_leveringen,
    doorgelaten_leveringen,
    run_leveringen,
    sql_regels,
)
from pipelines.gate.staten import Poort, Status
from pipelines.gate.verdict import Controle
from pipelines.ingest import MAAND_KOLOM, SOURCE_TABLES
from pipelines.sources.base import RAW_SCHEMAS

__all__ = [
    "Controle",
    "RULES",
    "evaluate",
    "apply_verdict",
    "expectation_suite",
    "quarantaine_aandeel",
    "volume_instorting",
    "afstemming_325",
]


def quarantaine_aandeel(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> Controle:
    quarantined, rows_in = con.execute(
        "select coalesce(sum(rijen_quarantaine), 0), coalesce(sum(rijen_in), 0) from meta.loads "
        "where run_id = ? and bron = ? and status <> ?",
        [run_id, source, Status.REJECTED],
    ).fetchone()
    return verdict.quarantaine(source, int(quarantined), int(rows_in))


def sql_controles(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> list[Controle]:
    """Every one-query rule of the catalogue that judges this source."""
    out = []
    for regel in sql_regels(source):
        afwijkend, totaal = con.execute(
            f"select count(*) filter (where {regel.fout}), count(*) from ({regel.sql(source)})",
            {"run_id": run_id},
        ).fetchone()
        out.append(verdict.beoordeel(regel, afwijkend, totaal, source))
    return out


def berichten_regels(con, run_id: str) -> list[Controle]:
    return sql_controles(con, "berichten", run_id)


def grootboek_regels(con, run_id: str) -> list[Controle]:
    return [*sql_controles(con, "grootboek", run_id), afstemming_325(con, run_id)]


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
        rows = con.execute(
            f"""
            with per_maand as (
                select gemeentecode, date_trunc('month', {kolom}) as maand, count(*) as rijen,
                       bool_or(_load_id in ({run_leveringen(source)})) as nieuw
                from raw.{table} where _load_id in ({bekende_leveringen(source)}) group by all
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
        """,
            {"run_id": run_id},
        ).fetchall()
        melding = "; ".join(
            f"{g} {m}: {n} rijen tegen mediaan {b:.0f} en {j} een jaar eerder" for g, m, n, b, j in rows[:5]
        )
        out.append(
            Controle(
                f"volume:{table}",
                not rows,
                float(len(rows)),
                MIN_VOLUME_FACTOR,
                f"maanden met een ingestorte levering: {melding}" if rows else "geen afwijkingen",
                len(rows),
            )
        )
    return out


def afstemming_325(con, run_id: str) -> Controle:
    """Ledger spend per gemeente, provider and year against the amounts granted in JW325 answers.

    Jeugd only: iWmo 3.2 has no 325. Only for inspannings- and outputgericht contracts (taakgericht care
    is paid without declarations), for the years this delivery books in, by the year of the declaration
    period. The ledger knows a provider as a creditor, the contract register by AGB code; both carry the
    provider's legal name. The latest year may still lag (December's declarations are paid in January),
    so there only booking more than was granted counts.
    """
    rows = con.execute(
        f"""
        with contract as (
            select distinct gemeentecode, agb_code, lower(trim(naam)) as naam
            from raw.aanbieder_contracten
            where _load_id in ({doorgelaten_leveringen()})
              and wet = 'jeugd' and financieringsvorm in ('inspanningsgericht', 'outputgericht')
        ),
        geboekt as (
            select g.gemeentecode, c.agb_code, g.boekjaar, sum(g.bedrag) as bedrag,
                   g.boekjaar = max(g.boekjaar) over (partition by g.gemeentecode) as lopend
            from raw.grootboek g
            join contract c on c.gemeentecode = g.gemeentecode and c.naam = lower(trim(g.crediteurnaam))
            where g._load_id in ({bekende_leveringen("grootboek")})
              and g.boekjaar in (select boekjaar from raw.grootboek where _load_id in ({run_leveringen("grootboek")}))
            group by g.gemeentecode, c.agb_code, g.boekjaar
        ),
        antwoord as (
            select distinct a.wet, a.gemeentecode, a.aanbieder, a.declaratie_identificatie, a.totaal_toegekend_cent
            from raw.berichten_declaratie_antwoord a
            where a._load_id in ({doorgelaten_leveringen()})
        ),
        toegekend as (
            select a.gemeentecode, a.aanbieder as agb_code, year(d.periode_begin) as boekjaar,
                   sum(a.totaal_toegekend_cent) / 100.0 as bedrag
            from antwoord a
            join (select distinct wet, gemeentecode, aanbieder, bericht_id, periode_begin from raw.berichten_declaratie
                  where _load_id in ({doorgelaten_leveringen()})) d
              -- a message number is unique per sender (aanbieder) only, as in ind_declaraties_afgewezen
              on d.wet = a.wet and d.gemeentecode = a.gemeentecode and d.aanbieder = a.aanbieder
             and d.bericht_id = a.declaratie_identificatie
            group by all
        )
        select g.gemeentecode, g.agb_code, g.boekjaar, g.bedrag, t.bedrag
        from geboekt g join toegekend t using (gemeentecode, agb_code, boekjaar)
        where g.bedrag - t.bedrag > {AFSTEMMING_TOLERANTIE} * greatest(abs(t.bedrag), 1)
           or (not g.lopend and t.bedrag - g.bedrag > {AFSTEMMING_TOLERANTIE} * greatest(abs(t.bedrag), 1))
        order by abs(g.bedrag - t.bedrag) desc
    """,
        {"run_id": run_id},
    ).fetchall()
    voorbeelden = "; ".join(f"{g} {a} {j}: geboekt {b:,.0f} tegen toegekend {t:,.0f}" for g, a, j, b, t in rows[:3])
    return Controle(
        "afstemming_grootboek_325",
        not rows,
        float(len(rows)),
        AFSTEMMING_TOLERANTIE,
        f"{len(rows)} aanbieder-jaren wijken meer dan {AFSTEMMING_TOLERANTIE:.0%} af: {voorbeelden}"
        if rows
        else "grootboek en toegekende declaraties sluiten aan",
        len(rows),
    )


RULES = {
    "berichten": berichten_regels,
    "grootboek": grootboek_regels,
    "begroting": lambda con, run_id: sql_controles(con, "begroting", run_id),
}


def expectation_suite(con: duckdb.DuckDBPyConnection, source: str, run_id: str, docs_dir: Path) -> list[Controle]:
    """The source's Great Expectations suites on its raw table(s): SQL over every row, GX on a sample with Data Docs."""
    return [
        Controle(u.naam, u.geslaagd, u.afwijkend, 0.0, u.melding, int(u.afwijkend))
        for u in suites.validate_run(con, source, SOURCE_TABLES[source], run_id, docs_dir)
    ]


def evaluate(con: duckdb.DuckDBPyConnection, source: str, run_id: str, docs_dir: Path) -> list[Controle]:
    """Every rule over this run's deliveries of the source."""
    rules = RULES.get(source, lambda con, run_id: sql_controles(con, source, run_id))
    return [
        quarantaine_aandeel(con, source, run_id),
        *rules(con, run_id),
        *volume_instorting(con, source, run_id),
        *expectation_suite(con, source, run_id, docs_dir),
    ]


def apply_verdict(con: duckdb.DuckDBPyConnection, source: str, run_id: str, controles: list[Controle]) -> Poort:
    """Open or close the gate for this run's deliveries of the source, and keep the history."""
    poort = verdict.oordeel(controles)
    con.execute("begin transaction")
    con.execute(
        "update meta.loads set poort = ? where run_id = ? and bron = ? and status <> ?",
        [poort, run_id, source, Status.REJECTED],
    )
    _record_gemeenten(con, source, run_id)
    if controles:
        con.executemany(
            "insert into meta.poortcontroles by name select ? as run_id, ? as bron, ? as controle, ? as geslaagd, "
            "? as waarde, ? as drempel, ? as melding, now()::timestamp as gecontroleerd_op, ? as rijen",
            [[run_id, source, c.naam, c.geslaagd, c.waarde, c.drempel, c.melding, c.rijen] for c in controles],
        )
    con.execute("commit")
    return poort


def _record_gemeenten(con, source: str, run_id: str) -> None:
    """Which gemeenten each delivery of this run covers, for the Datakwaliteit page."""
    tables = [t for t in SOURCE_TABLES[source] if "gemeentecode" in RAW_SCHEMAS[t].names]
    if not tables:
        return
    union = " union all ".join(
        f"select _load_id, gemeentecode from raw.{t} where _load_id in ({run_leveringen(source)})" for t in tables
    )
    con.execute(
        f"update meta.loads l set gemeenten = g.gemeenten from (select _load_id, string_agg(distinct gemeentecode, "
        f"',' order by gemeentecode) as gemeenten from ({union}) group by _load_id) g where l.load_id = g._load_id",
        {"run_id": run_id},
    )
