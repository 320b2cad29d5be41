"""Questions to the quality snapshot (data/kwaliteit.duckdb): deliveries, the gate's findings, quarantine.

Every function reads through ``data.lees_kwaliteit``, whose views already hold only what the user may see:
when each source last delivered and whether the gate let it through for every role (the banner, the
Definities page), the deliveries, checks and quarantine positions for beheer. The beheer questions first
require the Datakwaliteit page (``toegang.eis``).
"""

from __future__ import annotations

import pandas as pd

from dashboards import data
from dashboards.toegang import Pagina, Toegang


def geblokkeerd_na(toegang: Toegang, kwaliteit: data.Snapshot, gepubliceerd_op) -> pd.DataFrame:
    """Blocked deliveries newer than the published snapshot: bron, geladen_op; newest first.

    Every role sees that a delivery was held back (the figures are older than they could be); file
    names and reasons stay on the Datakwaliteit page.
    """
    return data.lees_kwaliteit(
        toegang,
        kwaliteit,
        """
        select bron, geladen_op from leveringen
        where poort = 'geblokkeerd' and status <> 'rejected' and geladen_op > $sinds
        order by geladen_op desc
        """,
        sinds=gepubliceerd_op,
    )


def laatste_leveringen(toegang: Toegang, kwaliteit: data.Snapshot) -> pd.DataFrame:
    """Per source and gemeente its newest delivery (duplicates aside), by source and gemeente. Chosen here, not
    in pandas: a national warehouse holds tens of thousands of deliveries (one per sender, gemeente and month)."""
    toegang.eis(Pagina.DATAKWALITEIT)
    return data.lees_kwaliteit(
        toegang,
        kwaliteit,
        """
        select load_id, bron, bestand, geladen_op, rijen_in, rijen_geladen, rijen_quarantaine, status, poort,
               gemeentecode
        from (
            select *, unnest(coalesce(string_split(gemeenten, ','), ['(geen)'])) as gemeentecode
            from leveringen
            where status <> 'skipped_duplicate'
        )
        qualify row_number() over (partition by bron, gemeentecode order by geladen_op desc, load_id desc) = 1
        order by bron, gemeentecode
        """,
    )


def bronnen(toegang: Toegang, kwaliteit: data.Snapshot) -> pd.DataFrame:
    """Per source its last delivery and how it went: bron, laatst_geladen, poort, status. For every role."""
    return data.lees_kwaliteit(
        toegang,
        kwaliteit,
        """
        select bron, max(geladen_op) as laatst_geladen,
               arg_max(poort, geladen_op) as poort, arg_max(status, geladen_op) as status
        from leveringen where status <> 'skipped_duplicate'
        group by bron order by bron
        """,
    )


def bevindingen(toegang: Toegang, kwaliteit: data.Snapshot) -> pd.DataFrame:
    """Every check that failed or found rows, with its plain-Dutch explanation, newest first."""
    toegang.eis(Pagina.DATAKWALITEIT)
    return data.lees_kwaliteit(
        toegang,
        kwaliteit,
        """
        select c.run_id, c.bron, c.controle, coalesce(c.titel, c.controle) as titel, c.uitleg, c.regel,
               c.geslaagd, c.melding, c.rijen, c.gecontroleerd_op,
               (select string_agg(l.load_id, ', ') from leveringen l
                where l.run_id = c.run_id and l.bron = c.bron and l.status <> 'rejected') as load_ids
        from controles c
        where not c.geslaagd or coalesce(c.rijen, 0) > 0
        order by c.gecontroleerd_op desc, c.bron, c.controle
        """,
    )


def quarantaine(toegang: Toegang, kwaliteit: data.Snapshot) -> pd.DataFrame:
    """Quarantined rows by position and reason: bron, bestand, regelnummer, controle, melding. No file content."""
    toegang.eis(Pagina.DATAKWALITEIT)
    return data.lees_kwaliteit(
        toegang,
        kwaliteit,
        """
        select q.bron, q.bestand, q.regelnummer, q.controle, q.melding from quarantaine q
        where q.load_id in (select load_id from leveringen)
        order by q.bron, q.bestand, q.regelnummer
        """,
    )


def kwaliteit_trend(toegang: Toegang, kwaliteit: data.Snapshot) -> pd.DataFrame:
    """Per source and load day: rows in, share quarantined, deliveries blocked."""
    toegang.eis(Pagina.DATAKWALITEIT)
    return data.lees_kwaliteit(
        toegang,
        kwaliteit,
        """
        select bron, geladen_op::date as dag, sum(rijen_in) as rijen_in,
               sum(rijen_quarantaine) / greatest(sum(rijen_in), 1) as aandeel_quarantaine,
               count(*) filter (where poort = 'geblokkeerd') as geblokkeerd
        from leveringen
        where status <> 'skipped_duplicate'
        group by all order by bron, dag
        """,
    )
