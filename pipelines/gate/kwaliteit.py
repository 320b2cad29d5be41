"""The quality snapshot: what the Datakwaliteit page and the blocked-delivery warning read.

Written after every gate verdict and every acceptance, also when the gate blocks and nothing else is
published: the steward must see why. Like the serving snapshot it is a separate small DuckDB file,
swapped in atomically and every table carries its version, so the dashboard never opens the warehouse
and never reads two versions in one read. No BSN reaches it: quarantined lines
were masked at ingest, and file names lose their folders.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.gate import regels
from pipelines.warehouse import stempel, vervang_atomair

# Digit runs that could be a BSN (also dotted or spaced), as a DuckDB regular expression.
CIJFERREEKS = r"\d[\d. -]{6,}\d"
# Control characters a terminal or log viewer would obey (ANSI escapes in a file name): shown as '?'.
BESTURING = r"'[\x00-\x08\x0b-\x1f\x7f-\x9f]', '?', 'g'"
# In a quarantine message: such digit runs, and quoted values.
MASKEER = (
    f"regexp_replace(regexp_replace(regexp_replace(q.melding, '{CIJFERREEKS}', '***', 'g'), "
    r"'([Vv]alue|[Ww]aarde) ''[^'']*''', '\1 ''***''', 'g'), " + BESTURING + ")"
)

_TABLES = {
    "leveringen": f"""
        select l.load_id, l.run_id, l.bron, regexp_replace(regexp_extract(l.bestand, '[^/\\\\]+$'), {BESTURING})
               as bestand, l.geladen_op, l.rijen_in, l.rijen_geladen, l.rijen_quarantaine, l.status, l.poort,
               regexp_replace(l.melding, {BESTURING}) as melding, l.gemeenten,
               a.reden as acceptatie_reden, a.geaccepteerd_door, a.geaccepteerd_op
        from meta.loads l
        left join (select * from meta.acceptaties
                   qualify row_number() over (partition by load_id order by geaccepteerd_op desc) = 1) a
               using (load_id)
    """,
    "controles": """
        select c.run_id, c.bron, c.controle, r.titel, r.uitleg, r.regel, c.geslaagd, c.waarde, c.drempel,
               c.melding, c.rijen, c.gecontroleerd_op
        from meta.poortcontroles c left join _regels r on r.controle = c.controle
    """,
    # Positions and reasons only: the quarantined line and value stay in the warehouse (meta.quarantaine),
    # and a message that quotes a value (a parser's, say) has it masked.
    "quarantaine": f"""
        select q.load_id, l.bron, regexp_replace(regexp_extract(q.bestand, '[^/\\\\]+$'), {BESTURING}) as bestand,
               q.regelnummer, q.controle,
               {MASKEER} as melding
        from meta.quarantaine q join meta.loads l using (load_id)
    """,
}


def publish(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Copy the quality history from the open warehouse connection into a new file and swap it in."""
    namen = [r[0] for r in con.execute("select distinct controle from meta.poortcontroles").fetchall()]
    nu = datetime.now().replace(microsecond=0)
    versie = f"{nu:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}"

    def schrijf(tmp: Path) -> None:
        con.register(
            "_regels",
            pd.DataFrame(
                [(n, *regels.beschrijving(n)) for n in namen] or [("", "", "", "")],
                columns=["controle", "titel", "uitleg", "regel"],
            ),
        )
        con.execute(f"attach '{tmp}' as kwaliteit")
        try:
            for table, sql in _TABLES.items():
                con.execute(f"create table kwaliteit.main.{table} as {sql}")
            con.execute(
                "create table kwaliteit.main.kwaliteit_info as select ?::timestamp as bijgewerkt_op, "
                "?::varchar as versie",
                [nu, versie],
            )
            stempel(con, "kwaliteit", versie)
        finally:
            con.execute("detach kwaliteit")
            con.unregister("_regels")

    vervang_atomair(path, schrijf)
