-- Residents per gemeente per year (CBS, 1 January) and the estimated 0-17 population.
select
    b.gemeentecode,
    b.jaar,
    b.bevolking_1_januari as inwoners,
    round(b.bevolking_1_januari * a.aandeel_0_17) as inwoners_0_17
from {{ ref('stg_cbs__bevolking') }} as b
join {{ ref('leeftijdsaandeel_0_17') }} as a using (jaar)
