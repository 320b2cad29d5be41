-- Residents per year for every gemeente this warehouse serves and for the region as a whole (REGIO):
-- all residents (CBS, 1 January) and the estimated populations aged 0-17, 0-22 and 12-22 (national shares,
-- seed leeftijdsaandelen, until CBS figures by age are loaded).
with per_gemeente as (
    select
        b.gemeentecode,
        b.jaar,
        b.bevolking_1_januari as inwoners,
        round(b.bevolking_1_januari * a.aandeel_0_17) as inwoners_0_17,
        round(b.bevolking_1_januari * a.aandeel_0_22) as inwoners_0_22,
        round(b.bevolking_1_januari * a.aandeel_12_22) as inwoners_12_22
    from {{ ref('stg_cbs__bevolking') }} as b
    inner join {{ ref('leeftijdsaandelen') }} as a using (jaar)
    inner join {{ ref('int_gemeenten') }} as g using (gemeentecode)
)

select
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    jaar,
    sum(inwoners) as inwoners,
    sum(inwoners_0_17) as inwoners_0_17,
    sum(inwoners_0_22) as inwoners_0_22,
    sum(inwoners_12_22) as inwoners_12_22
from per_gemeente
{{ gemeente_en_regio_groepen(periode=['jaar']) }}
