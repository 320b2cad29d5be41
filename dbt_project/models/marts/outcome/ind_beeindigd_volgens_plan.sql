-- Of the trajectories that ended in the month, the share that ended as planned (JZ588 31 / WMO588 19)
-- against dropped out; neutral reasons (death, moving, administrative) are left out of the denominator.
with beeindigd as (
    select wet, gemeentecode, date_trunc('month', stopdatum)::date as periode, uitkomst
    from {{ ref('int_trajecten') }}
    where uitkomst in ('volgens_plan', 'uitval')
)

select
    'beeindigd_volgens_plan' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    'maand' as periode_type,
    periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde,
    100.0 * count(*) filter (where uitkomst = 'volgens_plan') / count(*) as waarde,
    count(*) filter (where uitkomst = 'volgens_plan') as teller,
    count(*) as noemer,
    null::double as norm
from beeindigd
group by grouping sets ((gemeentecode, periode, wet), (gemeentecode, periode), (periode, wet), (periode))
