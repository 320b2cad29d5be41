"""Questions of the Geld en resultaat page (controllers): budget, prognosis, declared money and cost per result.

Each question requires the Geld page (controller and up: ``toegang.eis``), then reads through
``data.lees_periode``, which checks the gemeente first, so rows are already limited to what the user may
see. A question without arguments of its own is written as its SQL (``data.periodevraag``). Aggregation
happens in SQL; the results are a few dozen rows. Suppressed cells come back with ``onderdrukt`` true and
no value.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboards import data
from dashboards.perioden import einde_sql
from dashboards.toegang import Pagina, Toegang

CONTRACT_SIGNAAL = 70.0  # Contractstandaarden Wmo: talks when 70% of the ceiling is used
NIVEAUS = ("taakveld", "productcategorie", "aanbieder", "product")


# Every aanbieder once (dim_aanbieder may hold one per wet), with its name and financing variant.
_AANBIEDER = """(select agb_code, any_value(naam) as naam, any_value(financieringsvorm) as financieringsvorm
                 from aanbieder group by agb_code)"""


# Per taakveld: begroting (actual, year), realisatie (ledger lasten 1 jan to the period's end), % and
# the pro rata norm, with the taakveld's name and wet (null: no Jeugd/Wmo taakveld). Taakveld totals are
# public (begroting and jaarrekening are), so the council report asks the same question without the page.
BEGROTING_PER_TAAKVELD = """
    select f.dimensie_waarde as taakveld, t.omschrijving, t.wet, f.noemer as begroting,
           f.teller as realisatie, f.waarde as procent, f.norm as pro_rata,
           coalesce(f.onderdrukt, false) as onderdrukt, f.reden_onderdrukt, f.vintage, f.volledigheid,
           f.reeksbreuk_reden
    from publicatie f
    left join taakveld t on t.taakveld = f.dimensie_waarde and t.boekjaar = year(f.periode)
    where f.indicator_id = 'lasten_begroting_ytd' and f.dimensie = 'taakveld' and f.wijkcode is null
      and f.gemeentecode = $gemeente and f.periode = $periode and f.periode_type = $periode_type
    order by t.wet nulls last, f.dimensie_waarde
"""
begroting_per_taakveld = data.periodevraag(BEGROTING_PER_TAAKVELD, pagina=Pagina.GELD)


# Per wet and totaal: begroting, lasten t/m periode, prognose, and its band. The prognosis already holds the
# expected late declarations (ind_lasten_prognose); its band comes from the late-claim curve's best and
# worst year, published as the breakdown band_<wet> (laag, hoog). lasten comes from lasten_begroting_ytd
# over the wet's taakvelden.
PROGNOSE = """
    with p as (
        select dimensie, dimensie_waarde, teller, noemer, waarde, vintage, volledigheid,
               coalesce(onderdrukt, false) as onderdrukt
        from publicatie
        where indicator_id = 'lasten_prognose' and wijkcode is null and gemeentecode = $gemeente
          and periode = $periode and periode_type = $periode_type
    ),
    nu as (
        select dimensie_waarde as wet, teller as prognose, noemer as begroting, waarde as procent, vintage,
               volledigheid, onderdrukt
        from p where dimensie in ('totaal', 'wet')
    ),
    band as (
        select substr(dimensie, 6) as wet,
               any_value(teller) filter (where dimensie_waarde = 'laag') as prognose_laag,
               any_value(teller) filter (where dimensie_waarde = 'hoog') as prognose_hoog
        from p where starts_with(dimensie, 'band_')
        group by all
    ),
    lasten as (
        select coalesce(t.wet, 'totaal') as wet, sum(f.teller) as lasten
        from publicatie f
        join taakveld t on t.taakveld = f.dimensie_waarde and t.boekjaar = year(f.periode)
        where f.indicator_id = 'lasten_begroting_ytd' and f.dimensie = 'taakveld' and f.wijkcode is null
          and f.gemeentecode = $gemeente and f.periode = $periode and f.periode_type = $periode_type
          and t.wet in ('jeugd', 'wmo')
        group by grouping sets ((t.wet), ())
    )
    select nu.wet, nu.begroting, l.lasten, nu.prognose, nu.procent, b.prognose_laag, b.prognose_hoog,
           nu.vintage, nu.volledigheid, nu.onderdrukt
    from nu
    left join band b using (wet)
    left join lasten l using (wet)
    order by nu.wet = 'totaal', nu.wet
"""
prognose = data.periodevraag(PROGNOSE, pagina=Pagina.GELD)


def drill(
    toegang: Toegang,
    snapshot: data.Snapshot,
    gemeentecode: str,
    periode: date,
    periode_type: str,
    niveau: str,
    taakveld: str | None = None,
    productcategorie: str | None = None,
    aanbieder: str | None = None,
) -> pd.DataFrame:
    """Declared money (fct_geld_detail) at one level under the chosen parent, largest first, hidden last."""
    toegang.eis(Pagina.GELD)
    if niveau not in NIVEAUS:
        raise ValueError(f"onbekend niveau {niveau}")
    return data.lees_periode(
        toegang,
        snapshot,
        f"""
        select g.niveau, g.wet, g.taakveld, t.omschrijving as taakveld_omschrijving, g.productcategorie,
               g.productcategorie_omschrijving, g.aanbieder, a.naam as aanbieder_naam, g.productcode,
               g.bedrag, g.clienten, g.bedrag / nullif(g.clienten, 0) as bedrag_per_client,
               g.onderdrukt, g.reden_onderdrukt
        from geld_detail g
        left join taakveld t on t.taakveld = g.taakveld and t.boekjaar = year(g.periode)
        left join {_AANBIEDER} a on a.agb_code = g.aanbieder
        where g.gemeentecode = $gemeente and g.periode = $periode and g.periode_type = $periode_type
          and g.niveau = $niveau
          and ($taakveld::varchar is null or g.taakveld = $taakveld)
          and ($categorie::varchar is null or g.productcategorie = $categorie)
          and ($aanbieder::varchar is null or g.aanbieder = $aanbieder)
        order by g.onderdrukt, g.bedrag desc nulls last, g.taakveld, g.productcategorie, g.aanbieder, g.productcode
        """,
        gemeentecode,
        periode,
        periode_type,
        niveau=niveau,
        taakveld=taakveld,
        categorie=productcategorie,
        aanbieder=aanbieder,
    )


# Per aanbieder: declared year to date against the contract ceiling, % and the 70% signal.
contractplafond = data.periodevraag(
    f"""
    select f.dimensie_waarde as aanbieder, coalesce(a.naam, f.dimensie_waarde) as naam,
           a.financieringsvorm, f.teller as gedeclareerd, f.noemer as plafond, f.waarde as procent,
           f.waarde >= $signaal as signaal,
           month({einde_sql("f.periode", "f.periode_type")}) as maanden_verstreken,
           coalesce(f.onderdrukt, false) as onderdrukt, f.reden_onderdrukt, f.vintage, f.volledigheid
    from publicatie f
    left join {_AANBIEDER} a on a.agb_code = f.dimensie_waarde
    where f.indicator_id = 'budgetuitputting' and f.dimensie = 'aanbieder' and f.wijkcode is null
      and f.gemeentecode = $gemeente and f.periode = $periode and f.periode_type = $periode_type
    order by f.waarde desc nulls last, naam
    """,
    pagina=Pagina.GELD,
    signaal=CONTRACT_SIGNAAL,
)


# Per wet and totaal: lasten year to date per distinct client.
kosten_per_client = data.periodevraag(
    """
    select dimensie_waarde as wet, waarde as per_client, teller as lasten, noemer as clienten,
           coalesce(onderdrukt, false) as onderdrukt, reden_onderdrukt, vintage, volledigheid
    from publicatie
    where indicator_id = 'kosten_per_client' and wijkcode is null and dimensie in ('totaal', 'wet')
      and gemeentecode = $gemeente and periode = $periode and periode_type = $periode_type
    order by dimensie_waarde = 'totaal', dimensie_waarde
    """,
    pagina=Pagina.GELD,
)


def kosten_per_traject(
    toegang: Toegang, snapshot: data.Snapshot, gemeentecode: str, periode: date, periode_type: str, dimensie: str
) -> pd.DataFrame:
    """Cost per successful trajectory by `dimensie` (aanbieder or financieringsvorm), with the trajectories
    ended in the period: succesvol (noemer) and the kosten (teller); an aanbieder row carries its name and
    financing variant."""
    toegang.eis(Pagina.GELD)
    if dimensie not in ("aanbieder", "financieringsvorm"):
        raise ValueError(f"onbekende dimensie {dimensie}")
    return data.lees_periode(
        toegang,
        snapshot,
        f"""
        select f.dimensie_waarde as sleutel, coalesce(a.naam, f.dimensie_waarde) as naam, a.financieringsvorm,
               f.waarde as per_traject, f.teller as kosten, f.noemer as succesvol,
               coalesce(f.onderdrukt, false) as onderdrukt, f.reden_onderdrukt, f.vintage, f.volledigheid
        from publicatie f
        left join {_AANBIEDER} a on a.agb_code = f.dimensie_waarde and $dimensie = 'aanbieder'
        where f.indicator_id = 'kosten_per_succesvol_traject' and f.dimensie = $dimensie and f.wijkcode is null
          and f.gemeentecode = $gemeente and f.periode = $periode and f.periode_type = $periode_type
        order by f.onderdrukt, f.waarde nulls last, naam
        """,
        gemeentecode,
        periode,
        periode_type,
        dimensie=dimensie,
    )


# Per aanbieder: cost per successful trajectory and share ended as planned in the same period.
#
# bruikbaar is false when either figure is suppressed or its denominator is below the indicator's
# minimum for an aanbieder (min_noemer_aanbieder), so the page leaves that point out and counts it.
kosten_tegen_resultaat = data.periodevraag(
    f"""
    with r as (
        select f.indicator_id, f.dimensie_waarde as aanbieder, f.waarde, f.noemer,
               coalesce(f.onderdrukt, false) as onderdrukt, f.vintage,
               i.min_noemer_aanbieder as min_noemer
        from publicatie f join indicator i using (indicator_id)
        where f.indicator_id in ('kosten_per_succesvol_traject', 'beeindigd_volgens_plan')
          and f.dimensie = 'aanbieder' and f.wijkcode is null
          and f.gemeentecode = $gemeente and f.periode = $periode and f.periode_type = $periode_type
    ),
    k as (select * from r where indicator_id = 'kosten_per_succesvol_traject'),
    b as (select * from r where indicator_id = 'beeindigd_volgens_plan')
    select coalesce(k.aanbieder, b.aanbieder) as aanbieder,
           coalesce(a.naam, k.aanbieder, b.aanbieder) as naam, a.financieringsvorm,
           k.waarde as per_traject, b.waarde as volgens_plan, b.noemer as beeindigd, k.noemer as succesvol,
           coalesce(k.vintage, b.vintage) as vintage,
           not coalesce(k.onderdrukt, true) and not coalesce(b.onderdrukt, true)
               and k.waarde is not null and b.waarde is not null
               and coalesce(b.noemer >= b.min_noemer, true) and coalesce(k.noemer >= k.min_noemer, true)
               as bruikbaar
    from k full join b using (aanbieder)
    left join {_AANBIEDER} a on a.agb_code = coalesce(k.aanbieder, b.aanbieder)
    order by naam
    """,
    pagina=Pagina.GELD,
)
