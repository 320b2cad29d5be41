-- Of the trajectories that ended in the period, the share that ended as planned (JZ588 31 / WMO588 19)
-- against dropped out; neutral reasons (death, moving, administrative) are left out of the denominator.
with beeindigd as (
    select t.wet, t.gemeentecode, p.periode_type, p.periode, t.uitkomst
    from {{ ref('int_trajecten') }} as t
    join {{ ref('int_perioden') }} as p on t.stopdatum between p.periode and p.periode_einde
    where t.uitkomst in ('volgens_plan', 'uitval')
)

select
    'beeindigd_volgens_plan' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde,
    100.0 * count(*) filter (where uitkomst = 'volgens_plan') / count(*) as waarde,
    count(*) filter (where uitkomst = 'volgens_plan') as teller,
    count(*) as noemer,
    null::double as norm
from beeindigd
group by grouping sets (
    (gemeentecode, periode_type, periode, wet), (gemeentecode, periode_type, periode),
    (periode_type, periode, wet), (periode_type, periode)
)
