-- Use of the contract ceiling (Contractplafond, per aanbieder, gemeente and year): the amount declared
-- (323, credits netted) for care delivered from 1 January up to the period's end, as a share of the year's
-- ceiling. The Contractstandaarden Wmo ask for talks when 70% is used. Taakgericht contracts have no
-- declarations (IV096) and are left out.
with plafonds as (
    select agb_code as aanbieder, gemeentecode, year(ingangsdatum) as jaar, any_value(contractplafond) as plafond
    from {{ ref('stg_aanbieders__contracten') }}
    where financieringsvorm <> 'taakgericht' and contractplafond is not null
    group by all
),

gedeclareerd as (
    select
        d.aanbieder, d.gemeentecode, year(d.productperiode_begin) as jaar, p.periode_type, p.periode,
        sum(d.ingediend_bedrag_cent) / 100.0 as bedrag
    from {{ ref('stg_berichten__declaraties') }} as d
    inner join {{ ref('int_perioden') }} as p
        on p.jaar = year(d.productperiode_begin) and d.productperiode_begin <= p.periode_einde
    group by all
),

per_contract as (
    select
        pl.aanbieder, pl.gemeentecode, p.periode_type, p.periode, pl.plafond,
        coalesce(g.bedrag, 0) as gedeclareerd
    from plafonds as pl
    inner join {{ ref('int_perioden') }} as p on p.jaar = pl.jaar
    left join gedeclareerd as g
        on g.aanbieder = pl.aanbieder and g.gemeentecode = pl.gemeentecode and g.jaar = pl.jaar
            and g.periode_type = p.periode_type and g.periode = p.periode
)

select
    'budgetuitputting' as indicator_id,
    {{ gemeente_en_regio_kolommen(['aanbieder']) }},
    100.0 * sum(gedeclareerd) / nullif(sum(plafond), 0) as waarde,
    sum(gedeclareerd) as teller,
    sum(plafond) as noemer,
    null::double as norm
from per_contract
{{ gemeente_en_regio_groepen(['aanbieder']) }}
