"""The only module that opens the serving snapshot.

Every read opens a short-lived read-only connection inside a ``st.cache_data``
function whose key includes the snapshot version (mtime_ns and size of the file),
so a snapshot published with ``os.replace`` is picked up on the next rerun and
the dashboard never holds a lock that could block the pipeline.
"""

from datetime import date
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd
import streamlit as st

from pipelines.config import Settings

REGIO = "REGIO"
GEEN_SNAPSHOT = (
    "Nog geen gepubliceerde gegevens — draai eerst `stuurwiel load` of `make demo`."
)


class Snapshot(NamedTuple):
    """A published serving file at one version; the cache key of every query."""

    path: str
    mtime_ns: int
    size: int


def serving_path() -> Path:
    """The published snapshot, where pipelines/config.py says it is (STUURWIEL_SERVING or STUURWIEL_HOME)."""
    return Settings.from_env().serving_path


def current_snapshot() -> Snapshot | None:
    """The snapshot as it is on disk now, or None when nothing has been published."""
    path = serving_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return Snapshot(str(path), stat.st_mtime_ns, stat.st_size)


@st.cache_data(show_spinner=False, max_entries=512)
def _query(snapshot: Snapshot, sql: str, **params) -> pd.DataFrame:
    con = duckdb.connect(snapshot.path, read_only=True)
    try:
        return con.execute(sql, params).df()
    finally:
        con.close()


def snapshot_info(snapshot: Snapshot) -> dict:
    """versie and gepubliceerd_op of the snapshot."""
    df = _query(snapshot, "SELECT versie, gepubliceerd_op FROM snapshot_info LIMIT 1")
    return df.iloc[0].to_dict()


def gemeenten(snapshot: Snapshot) -> pd.DataFrame:
    """gemeentecode, gemeentenaam, regio of the member municipalities, by name."""
    return _query(
        snapshot,
        "SELECT gemeentecode, gemeentenaam, regio FROM dim_gemeente "
        "WHERE gemeentecode <> $regio ORDER BY gemeentenaam",
        regio=REGIO,
    )


PERIODE_TYPES = ("maand", "kwartaal", "jaar")


def maanden(snapshot: Snapshot) -> list[date]:
    """Months with published totals, newest first."""
    return perioden(snapshot, "maand")


def perioden(snapshot: Snapshot, periode_type: str) -> list[date]:
    """Periods of `periode_type` with published totals, newest first."""
    df = _query(
        snapshot,
        "SELECT DISTINCT periode FROM fct_indicator_publicatie "
        "WHERE dimensie = 'totaal' AND periode_type = $periode_type ORDER BY periode DESC",
        periode_type=periode_type,
    )
    return [p.date() for p in df["periode"]]


def stand(snapshot: Snapshot, gemeentecode: str, periode: date, periode_type: str = "maand") -> pd.DataFrame:
    """One row per indicator: its definition and the period's protected value with comparisons, trend, vintage."""
    return _query(
        snapshot,
        """
        WITH nu AS (
            SELECT *
            FROM fct_indicator_publicatie
            WHERE gemeentecode = $gemeente AND dimensie = 'totaal'
              AND periode_type = $periode_type AND wijkcode IS NULL AND periode = $periode
        )
        SELECT i.indicator_id, i.naam, i.laag, i.definitie, i.eenheid, i.richting,
               i.norm_bron, i.volgorde,
               nu.waarde, coalesce(nu.norm, i.norm) AS norm, nu.status,
               coalesce(nu.onderdrukt, false) AS onderdrukt, nu.reden_onderdrukt,
               nu.waarde_jaar_eerder AS waarde_vorig_jaar, nu.waarde_vorige_periode,
               nu.waarde_regio, nu.vergelijkingsgroep, nu.waarde_vergelijkingsgroep, nu.waarde_cbs, nu.jaar_cbs,
               nu.vintage, nu.volledigheid
        FROM dim_indicator i
        LEFT JOIN nu ON nu.indicator_id = i.indicator_id
        ORDER BY i.laag, i.volgorde, i.indicator_id
        """,
        gemeente=gemeentecode, periode=periode, periode_type=periode_type,
    )


def trends(
    snapshot: Snapshot, gemeentecode: str, periode: date, maanden: int = 24, periode_type: str = "maand"
) -> pd.DataFrame:
    """indicator_id, periode, waarde, norm for the periods in the `maanden` months up to and including `periode`."""
    return _query(
        snapshot,
        """
        SELECT indicator_id, periode, waarde, norm
        FROM fct_indicator_publicatie
        WHERE gemeentecode = $gemeente AND dimensie = 'totaal'
          AND periode_type = $periode_type AND wijkcode IS NULL
          AND periode > $periode - to_months($maanden) AND periode <= $periode
        ORDER BY indicator_id, periode
        """,
        gemeente=gemeentecode, periode=periode, maanden=maanden, periode_type=periode_type,
    )


def taakvelden(snapshot: Snapshot, gemeentecode: str, periode: date, periode_type: str = "maand") -> pd.DataFrame:
    """Input-layer rows per taakveld for the period: teller = lasten, noemer = begroting (year to date)."""
    return _query(
        snapshot,
        """
        SELECT f.indicator_id, i.naam,
               f.dimensie_waarde || coalesce(' ' || t.omschrijving, '') AS taakveld,
               f.teller AS lasten, f.noemer AS begroting, f.reeksbreuk_reden
        FROM fct_indicator_publicatie f
        JOIN dim_indicator i USING (indicator_id)
        LEFT JOIN dim_taakveld t ON t.taakveld = f.dimensie_waarde AND t.boekjaar = year(f.periode)
        WHERE i.laag = 'input' AND f.dimensie = 'taakveld' AND NOT f.onderdrukt
          AND f.gemeentecode = $gemeente AND f.periode = $periode
          AND f.periode_type = $periode_type AND f.wijkcode IS NULL
        ORDER BY i.volgorde, f.dimensie_waarde
        """,
        gemeente=gemeentecode, periode=periode, periode_type=periode_type,
    )



# --- The quality snapshot (pipelines/checks/kwaliteit.py): written after every gate verdict ---------


def current_kwaliteit() -> Snapshot | None:
    """The quality snapshot beside the serving snapshot, or None before the first delivery."""
    path = Settings.from_env().kwaliteit_path
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return Snapshot(str(path), stat.st_mtime_ns, stat.st_size)


def geblokkeerd_na(kwaliteit: Snapshot, gepubliceerd_op) -> pd.DataFrame:
    """Blocked deliveries newer than the published snapshot: bron, bestand, geladen_op; newest first."""
    return _query(
        kwaliteit,
        """
        SELECT bron, bestand, geladen_op FROM leveringen
        WHERE poort = 'geblokkeerd' AND status <> 'rejected' AND geladen_op > $sinds
        ORDER BY geladen_op DESC
        """,
        sinds=gepubliceerd_op,
    )


def leveringen(kwaliteit: Snapshot) -> pd.DataFrame:
    """Every delivery except duplicates, one row per gemeente it covers, newest first."""
    return _query(
        kwaliteit,
        """
        SELECT load_id, run_id, bron, bestand, geladen_op, rows_in, rows_loaded, rows_quarantined, status,
               poort, melding, acceptatie_reden,
               unnest(coalesce(string_split(gemeenten, ','), ['(geen)'])) AS gemeentecode
        FROM leveringen
        WHERE status <> 'skipped_duplicate'
        ORDER BY geladen_op DESC
        """,
    )


def bevindingen(kwaliteit: Snapshot) -> pd.DataFrame:
    """Every check that failed or found rows, with its plain-Dutch explanation, newest first."""
    return _query(
        kwaliteit,
        """
        SELECT c.run_id, c.bron, c.controle, coalesce(c.titel, c.controle) AS titel, c.uitleg, c.regel,
               c.geslaagd, c.melding, c.rijen, c.gecontroleerd_op,
               (SELECT string_agg(l.load_id, ', ') FROM leveringen l
                WHERE l.run_id = c.run_id AND l.bron = c.bron AND l.status <> 'rejected') AS load_ids
        FROM controles c
        WHERE NOT c.geslaagd OR coalesce(c.rijen, 0) > 0
        ORDER BY c.gecontroleerd_op DESC, c.bron, c.controle
        """,
    )


def quarantaine(kwaliteit: Snapshot) -> pd.DataFrame:
    """Quarantined rows (BSN masked at ingest): bron, bestand, regel, regel_naam, melding, waarde, inhoud."""
    return _query(
        kwaliteit,
        "SELECT bron, bestand, regel, regel_naam, melding, waarde, regel_inhoud FROM quarantaine "
        "ORDER BY bron, bestand, regel",
    )


def kwaliteit_trend(kwaliteit: Snapshot) -> pd.DataFrame:
    """Per source and load day: rows in, share quarantined, deliveries blocked."""
    return _query(
        kwaliteit,
        """
        SELECT bron, geladen_op::date AS dag, sum(rows_in) AS rijen_in,
               sum(rows_quarantined) / greatest(sum(rows_in), 1) AS aandeel_quarantaine,
               count(*) FILTER (WHERE poort = 'geblokkeerd') AS geblokkeerd
        FROM leveringen
        WHERE status <> 'skipped_duplicate'
        GROUP BY ALL ORDER BY bron, dag
        """,
    )
