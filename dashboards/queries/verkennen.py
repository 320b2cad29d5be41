"""Questions of the Verkennen page: one indicator by gemeente, breakdown, wijk and over time.

Every function reads through ``data.lees`` (one gemeente in one period: ``data.lees_periode``), so the rows
are already limited to what the user may see (own gemeente + REGIO for a gemeente user; no wijk rows and no
aanbieder breakdown for raad). A gemeente named by the page is checked with ``data.eis_gemeente`` before any
figure is read.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboards import data
from dashboards.toegang import REGIO, Toegang

# The columns a chart or table needs from fct_indicator_publicatie, besides the keys.
_WAARDEN = """
    f.waarde, f.teller, f.noemer, coalesce(f.noemer_geschat, false) as noemer_geschat,
    coalesce(f.norm, i.norm) as norm, f.status,
    coalesce(f.onderdrukt, false) as onderdrukt, f.reden_onderdrukt, f.waarde_regio,
    f.vergelijkingsgroep, f.waarde_vergelijkingsgroep, f.waarde_cbs, f.jaar_cbs,
    f.vintage, f.volledigheid, f.reeksbreuk_reden
"""
# Why our figure and CBS's differ (fct_cbs_vergelijking), for a total row beside which CBS has a figure.
_CBS_REDEN = """
    (select v.reden from cbs_vergelijking v
     where v.indicator_id = f.indicator_id and v.gemeentecode = f.gemeentecode
       and v.wijkcode is not distinct from f.wijkcode and v.periode_type = f.periode_type
       and v.periode = f.periode) as reden_cbs
"""
_LAAG_VOLGORDE = (
    "case laag when 'input' then 1 when 'throughput' then 2 when 'output' then 3 when 'outcome' then 4 else 5 end"
)


def _cbs_reden(toegang: Toegang, snapshot: data.Snapshot) -> str:
    """The column reden_cbs: from the reconciliation table, or empty in a snapshot published before it."""
    return _CBS_REDEN if data.heeft(toegang, snapshot, "cbs_vergelijking") else "null::varchar as reden_cbs"


def indicatoren(toegang: Toegang, snapshot: data.Snapshot) -> pd.DataFrame:
    """The catalogue (every column of dim_indicator) in the order of the steering model."""
    return data.lees(toegang, snapshot, f"select * from indicator order by {_LAAG_VOLGORDE}, volgorde, indicator_id")


def uitsplitsingen(toegang: Toegang, snapshot: data.Snapshot, indicator_id: str, periode_type: str) -> list[str]:
    """The breakdowns (dimensie) the user's rows hold for this indicator and period type, by name."""
    df = data.lees(
        toegang,
        snapshot,
        """
        select distinct dimensie from publicatie
        where indicator_id = $indicator and periode_type = $periode_type and wijkcode is null
          and dimensie <> 'totaal'
        order by dimensie
        """,
        indicator=indicator_id,
        periode_type=periode_type,
    )
    return df["dimensie"].tolist()


def per_gemeente(
    toegang: Toegang, snapshot: data.Snapshot, indicator_id: str, periode: date, periode_type: str
) -> pd.DataFrame:
    """The total of every visible gemeente and REGIO in one period, with names; REGIO last."""
    return data.lees(
        toegang,
        snapshot,
        f"""
        select g.gemeentecode, g.gemeentenaam, {_WAARDEN}, {_cbs_reden(toegang, snapshot)}
        from gemeente g
        left join publicatie f on f.gemeentecode = g.gemeentecode and f.indicator_id = $indicator
             and f.periode_type = $periode_type and f.periode = $periode and f.dimensie = 'totaal'
             and f.wijkcode is null
        left join indicator i on i.indicator_id = $indicator
        order by g.gemeentecode = '{REGIO}', g.gemeentenaam
        """,
        indicator=indicator_id,
        periode=periode,
        periode_type=periode_type,
    )


def uitsplitsing(
    toegang: Toegang,
    snapshot: data.Snapshot,
    gemeentecode: str,
    periode: date,
    periode_type: str,
    indicator_id: str,
    dimensie: str,
) -> pd.DataFrame:
    """The breakdown rows of the gemeente and of REGIO in one period.

    naam_extra is the aanbieder's name or the taakveld's description where the snapshot has one.
    """
    # dim_aanbieder is only a view for roles that may see aanbieders; ask for names only then.
    naam = "null::varchar"
    join = ""
    if dimensie == "aanbieder" and toegang.aanbieders:
        naam, join = "a.naam", "left join aanbieder a on a.agb_code = f.dimensie_waarde"
    elif dimensie == "taakveld":
        naam = "t.omschrijving"
        join = "left join taakveld t on t.taakveld = f.dimensie_waarde and t.boekjaar = year(f.periode)"
    return data.lees_periode(
        toegang,
        snapshot,
        f"""
        select f.gemeentecode, f.dimensie_waarde, {naam} as naam_extra, {_WAARDEN}
        from publicatie f
        join indicator i using (indicator_id)
        {join}
        where f.indicator_id = $indicator and f.gemeentecode in ($gemeente, '{REGIO}')
          and f.periode_type = $periode_type and f.periode = $periode and f.dimensie = $dimensie
          and f.wijkcode is null
        order by f.gemeentecode, f.dimensie_waarde
        """,
        gemeentecode,
        periode,
        periode_type,
        indicator=indicator_id,
        dimensie=dimensie,
    )


def trend(
    toegang: Toegang,
    snapshot: data.Snapshot,
    indicator_id: str,
    gemeentecodes: list[str],
    periode: date,
    periode_type: str,
    maanden: int = 36,
) -> pd.DataFrame:
    """Totals of the named gemeenten (and REGIO when named) over the `maanden` months up to `periode`."""
    for code in gemeentecodes:
        data.eis_gemeente(toegang, snapshot, code)
    return data.lees(
        toegang,
        snapshot,
        f"""
        select f.gemeentecode, g.gemeentenaam, f.periode, {_WAARDEN}, {_cbs_reden(toegang, snapshot)}
        from publicatie f
        join indicator i using (indicator_id)
        left join gemeente g using (gemeentecode)
        where f.indicator_id = $indicator and list_contains($gemeenten, f.gemeentecode)
          and f.periode_type = $periode_type and f.dimensie = 'totaal' and f.wijkcode is null
          and f.periode > $periode - to_months($maanden) and f.periode <= $periode
        order by f.gemeentecode, f.periode
        """,
        indicator=indicator_id,
        gemeenten=list(gemeentecodes),
        periode=periode,
        periode_type=periode_type,
        maanden=maanden,
    )


def heeft_wijken(toegang: Toegang, snapshot: data.Snapshot, indicator_id: str, periode_type: str) -> bool:
    """Whether the user's rows hold any wijk figure of this indicator (never for raad)."""
    if not toegang.wijken:
        return False
    df = data.lees(
        toegang,
        snapshot,
        "select count(*) as n from publicatie where indicator_id = $indicator and periode_type = $periode_type"
        " and wijkcode is not null",
        indicator=indicator_id,
        periode_type=periode_type,
    )
    return bool(df["n"].iloc[0])


def per_wijk(
    toegang: Toegang, snapshot: data.Snapshot, gemeentecode: str, periode: date, periode_type: str, indicator_id: str
) -> pd.DataFrame:
    """The wijk totals of one gemeente (every visible gemeente for REGIO) in one period."""
    if not toegang.wijken:
        data.eis_gemeente(toegang, snapshot, gemeentecode)
        return pd.DataFrame()
    return data.lees_periode(
        toegang,
        snapshot,
        f"""
        select f.gemeentecode, g.gemeentenaam, f.wijkcode, {_WAARDEN}, {_cbs_reden(toegang, snapshot)}
        from publicatie f
        join indicator i using (indicator_id)
        left join gemeente g using (gemeentecode)
        where f.indicator_id = $indicator and f.wijkcode is not null and f.dimensie = 'totaal'
          and ($gemeente = '{REGIO}' or f.gemeentecode = $gemeente)
          and f.periode_type = $periode_type and f.periode = $periode
        order by g.gemeentenaam, f.wijkcode
        """,
        gemeentecode,
        periode,
        periode_type,
        indicator=indicator_id,
    )


def geometrie(toegang: Toegang, snapshot: data.Snapshot) -> pd.DataFrame:
    """gemeentecode, gemeentenaam, geometrie_geojson of the visible gemeenten; empty if not published."""
    if not data.heeft(toegang, snapshot, "geometrie"):
        return pd.DataFrame(columns=["gemeentecode", "gemeentenaam", "geometrie_geojson"])
    return data.lees(
        toegang,
        snapshot,
        "select m.gemeentecode, g.gemeentenaam, m.geometrie_geojson from geometrie m "
        "join gemeente g using (gemeentecode) order by g.gemeentenaam",
    )
