"""Questions of the Aanbieders page (contract management): figures per care provider against the contract.

Every function first requires the Aanbieders page (beleid and up: ``toegang.eis``), then reads through
``data.lees_periode`` (or ``data.lees``), so the rows are already limited to what the user may see (own
gemeente + REGIO for a gemeente user). A gemeente named by the page is checked with ``data.eis_gemeente``
before any figure is read. Suppressed cells come back with ``onderdrukt`` true and no value; the page shows "geheim".
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboards import data
from dashboards.toegang import REGIO, Pagina, Toegang

# Indicators with a breakdown per aanbieder, in the order of the overview table. Others that appear
# with dimensie 'aanbieder' in a later snapshot are added after these (see the page).
PER_AANBIEDER = (
    "budgetuitputting",
    "beeindigd_volgens_plan",
    "uitval_strikt",
    "kosten_per_succesvol_traject",
    "wachttijd_aanbieder_p80",
    "wachttijd_aanbieder_p95",
    "wachttijd_besluit_mediaan",
    "wachttijd_besluit_p80",
    "wachttijd_besluit_p95",
)
# What contract management asks per aanbieder but the snapshot may hold only for the gemeente as a whole:
# indicator ids -> what the page calls the figure.
GEVRAAGD = {
    "instroom": "Volume: gestarte trajecten",
    "lopende_trajecten": "Volume: lopende trajecten",
    "geen_nieuwe_start_6m": "Geen nieuwe start binnen 6 maanden",
    "geen_nieuwe_start_12m": "Geen nieuwe start binnen 12 maanden",
    "doelen_bereikt": "Doelen bereikt",
    "kosten_per_client": "Kosten per cliënt",
    "declaraties_afgewezen": "Afgewezen declaraties",
}
# The wait-time norm of the gemeente lives on the median wait time; p80/p95 are read against it.
WACHTTIJDNORM = "wachttijd_mediaan"

_WAARDEN = """
    f.waarde, f.teller, f.noemer, coalesce(f.norm, i.norm) as norm, f.status,
    coalesce(f.onderdrukt, false) as onderdrukt, f.reden_onderdrukt, f.waarde_regio,
    f.vintage, f.volledigheid
"""


def indicatoren(toegang: Toegang, snapshot: data.Snapshot) -> pd.DataFrame:
    """dim_indicator rows of every indicator with an aanbieder breakdown or asked for one.

    per_aanbieder says whether the snapshot holds rows per aanbieder for it (any period).
    """
    toegang.eis(Pagina.AANBIEDERS)
    return data.lees(
        toegang,
        snapshot,
        """
        with per_aanbieder as (select distinct indicator_id from publicatie where dimensie = 'aanbieder')
        select i.*, i.indicator_id in (select indicator_id from per_aanbieder) as per_aanbieder
        from indicator i
        where i.indicator_id in (select indicator_id from per_aanbieder)
           or list_contains($gevraagd, i.indicator_id) or i.indicator_id = $wachttijdnorm
        order by i.indicator_id
        """,
        gevraagd=list(GEVRAAGD),
        wachttijdnorm=WACHTTIJDNORM,
    )


# One row per aanbieder and indicator in the period for the gemeente (or REGIO), with its name.
#
# Columns: agb_code, naam, kvk_nummer, wet, financieringsvorm, indicator_id, waarde, teller, noemer,
# norm, status, onderdrukt, reden_onderdrukt, waarde_regio (this aanbieder in the whole region),
# vintage, volledigheid. An AGB code missing from dim_aanbieder keeps a null naam.
overzicht = data.periodevraag(
    f"""
    select f.dimensie_waarde as agb_code, a.naam, a.kvk_nummer, a.wet, a.financieringsvorm,
           f.indicator_id, {_WAARDEN}
    from publicatie f
    join indicator i using (indicator_id)
    left join aanbieder a on a.agb_code = f.dimensie_waarde
    where f.dimensie = 'aanbieder' and f.gemeentecode = $gemeente and f.wijkcode is null
      and f.periode_type = $periode_type and f.periode = $periode
    order by f.dimensie_waarde, f.indicator_id
    """,
    pagina=Pagina.AANBIEDERS,
)


# The all-aanbieders totals of the gemeente and of REGIO for the period: the comparison rows.
#
# Columns: gemeentecode, indicator_id and the value columns; includes the wait-time norm indicator.
totalen = data.periodevraag(
    f"""
    select f.gemeentecode, f.indicator_id, {_WAARDEN}
    from publicatie f
    join indicator i using (indicator_id)
    where f.dimensie = 'totaal' and f.gemeentecode in ($gemeente, $regio) and f.wijkcode is null
      and f.periode_type = $periode_type and f.periode = $periode
      and f.indicator_id in (select distinct indicator_id from publicatie where dimensie = 'aanbieder'
                             union select $wachttijdnorm)
    order by f.gemeentecode = $regio, f.indicator_id
    """,
    pagina=Pagina.AANBIEDERS,
    regio=REGIO,
    wachttijdnorm=WACHTTIJDNORM,
)


def verloop(
    toegang: Toegang,
    snapshot: data.Snapshot,
    gemeentecode: str,
    agb_code: str,
    periode: date,
    periode_type: str,
    maanden: int = 24,
) -> pd.DataFrame:
    """One aanbieder's rows over the `maanden` months up to `periode`: indicator_id, periode and values."""
    toegang.eis(Pagina.AANBIEDERS)
    return data.lees_periode(
        toegang,
        snapshot,
        f"""
        select f.indicator_id, f.periode, {_WAARDEN}
        from publicatie f
        join indicator i using (indicator_id)
        where f.dimensie = 'aanbieder' and f.dimensie_waarde = $agb and f.gemeentecode = $gemeente
          and f.wijkcode is null and f.periode_type = $periode_type
          and f.periode > $periode - to_months($maanden) and f.periode <= $periode
        order by f.indicator_id, f.periode
        """,
        gemeentecode,
        periode,
        periode_type,
        agb=agb_code,
        maanden=maanden,
    )


def plafond(toegang: Toegang, snapshot: data.Snapshot, gemeentecode: str, agb_code: str, tot: date) -> pd.DataFrame:
    """Contract ceiling use per month of the year of `tot`, up to and including the month `tot`.

    budgetuitputting is year to date: teller = declared (euro), noemer = the year's contract ceiling (euro).
    """
    toegang.eis(Pagina.AANBIEDERS)
    return data.lees_periode(
        toegang,
        snapshot,
        f"""
        select f.periode, {_WAARDEN}
        from publicatie f
        join indicator i using (indicator_id)
        where f.indicator_id = 'budgetuitputting' and f.dimensie = 'aanbieder' and f.dimensie_waarde = $agb
          and f.gemeentecode = $gemeente and f.wijkcode is null and f.periode_type = $periode_type
          and year(f.periode) = year($periode::date) and f.periode <= $periode
        order by f.periode
        """,
        gemeentecode,
        tot,
        "maand",
        agb=agb_code,
    )
