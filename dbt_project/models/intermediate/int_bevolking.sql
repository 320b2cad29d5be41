-- Residents per year for every gemeente this warehouse serves and for the region as a whole (REGIO):
-- all residents (CBS, 1 January) and the estimated 0-17 population.
with per_gemeente as (
    select
        b.gemeentecode,
        b.jaar,
        b.bevolking_1_januari as inwoners,
        round(b.bevolking_1_januari * a.aandeel_0_17) as inwoners_0_17
    from {{ ref('stg_cbs__bevolking') }} as b
    join {{ ref('leeftijdsaandeel_0_17') }} as a using (jaar)
    join {{ ref('int_gemeenten') }} as g using (gemeentecode)
)

select
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    jaar,
    sum(inwoners) as inwoners,
    sum(inwoners_0_17) as inwoners_0_17
from per_gemeente
group by grouping sets ((gemeentecode, jaar), (jaar))
