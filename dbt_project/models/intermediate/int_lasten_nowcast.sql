-- What a year's lasten hold at a period's end, and what is on its way, per gemeente (and REGIO), wet (and
-- 'totaal') and period, as known on the period's last day (the peildatum):
-- - geboekt: the ledger lines of the year (boekjaar) booked up to the peildatum; geboekt_declaraties the
--   part paid to aanbieders that declare (an inspannings- or outputgericht contract; the ledger knows them
--   as a creditor, the contract register by AGB code, linked by their legal name as in the 325 gate rule);
-- - gedeclareerd: care of the year's months before the peildatum's month, declared (323, less 325
--   rejections) up to the peildatum. gedeclareerd - geboekt_declaraties is declared but not yet booked;
-- - laat: care of those months still to be declared, per aanbieder and month: what arrived so far x (1 / the
--   share the late-claim curve says has arrived after that many months - 1); laat_laag and laat_hoog with the
--   highest and lowest share of the curve's years. The curve is the last one complete on the peildatum.
-- The peildatum's own month is not here: almost nothing of it is declared yet, so the prognosis counts it
-- with the rest of the year, from the commitments (ind_lasten_prognose).
with perioden as (
    select
        periode_type, periode, periode_einde, jaar, date_trunc('month', periode_einde)::date as peilmaand,
        -- The last care year complete on the peildatum (or the last the data completes, when it stops earlier).
        least(
            year(periode_einde) - if(month(periode_einde) = 12, 1, 2),
            (select max(c.laatste_jaar) from {{ ref('int_declaraties__laatcurve') }} as c)
        ) as curvejaar
    from {{ ref('int_perioden') }}
),

declarerend as (
    select distinct gemeentecode, lower(trim(naam)) as naam
    from {{ ref('stg_aanbieders__contracten') }}
    where financieringsvorm in ('inspanningsgericht', 'outputgericht')
),

boekingen as (
    select
        b.gemeentecode, t.wet, b.boekjaar, b.boekdatum,
        sum(b.bedrag) as bedrag,
        sum(b.bedrag) filter (where d.naam is not null) as bedrag_declaraties
    from {{ ref('int_boekingen__actueel') }} as b
    inner join {{ ref('iv3_taakvelden') }} as t on t.boekjaar = b.boekjaar and t.taakveld = b.taakveld
    left join declarerend as d on d.gemeentecode = b.gemeentecode and d.naam = lower(trim(b.crediteurnaam))
    where t.wet in ('jeugd', 'wmo')
    group by all
),

-- Care per aanbieder and month, declared up to each peildatum, with the months it had to arrive.
ontwikkeling as (
    select
        c.wet, c.gemeentecode, c.aanbieder, c.zorgmaand, p.periode_type, p.periode, p.jaar, p.curvejaar,
        date_diff('month', c.zorgmaand, p.peilmaand) as vertraging,
        sum(c.bedrag) as binnen
    from {{ ref('int_declaraties__ontwikkeling') }} as c
    inner join perioden as p
        on year(c.zorgmaand) = p.jaar and c.zorgmaand < p.peilmaand and c.ontvangstmaand <= p.peilmaand
    group by all
),

-- An aanbieder's own curve, else its wet's; past twelve months nothing more is expected.
verwacht as (
    select
        o.*,
        coalesce(eigen.aandeel, wet.aandeel) as aandeel,
        coalesce(eigen.aandeel_min, wet.aandeel_min) as aandeel_min,
        coalesce(eigen.aandeel_max, wet.aandeel_max) as aandeel_max
    from ontwikkeling as o
    left join {{ ref('int_declaraties__laatcurve') }} as eigen
        on eigen.laatste_jaar = o.curvejaar and eigen.wet = o.wet and eigen.aanbieder = o.aanbieder
            and eigen.vertraging = o.vertraging
    left join {{ ref('int_declaraties__laatcurve') }} as wet
        on wet.laatste_jaar = o.curvejaar and wet.wet = o.wet and wet.aanbieder is null
            and wet.vertraging = o.vertraging
),

posten as (
    select
        b.gemeentecode, b.wet, p.periode_type, p.periode, p.jaar,
        b.bedrag as geboekt, coalesce(b.bedrag_declaraties, 0) as geboekt_declaraties,
        0 as gedeclareerd, 0 as laat, 0 as laat_laag, 0 as laat_hoog
    from boekingen as b
    inner join perioden as p on p.jaar = b.boekjaar and b.boekdatum <= p.periode_einde
    union all
    select
        gemeentecode, wet, periode_type, periode, jaar, 0, 0, binnen,
        coalesce(binnen * (1 / nullif(aandeel, 0) - 1), 0),
        coalesce(binnen * (1 / nullif(aandeel_max, 0) - 1), 0),
        coalesce(binnen * (1 / nullif(aandeel_min, 0) - 1), 0)
    from verwacht
)

select
    {{ gemeente_en_wet_kolommen(
        'wet', gemeente='gemeentecode', periode=['periode_type', 'periode', 'any_value(jaar) as jaar']
    ) }},
    sum(geboekt) as geboekt,
    sum(geboekt_declaraties) as geboekt_declaraties,
    sum(gedeclareerd) as gedeclareerd,
    sum(laat) as laat,
    sum(laat_laag) as laat_laag,
    sum(laat_hoog) as laat_hoog
from posten
{{ gemeente_en_regio_groepen(['wet'], gemeente='gemeentecode', periode=['periode_type', 'periode']) }}
