-- Inflow: trajectories of care that started (first 305 Begindatum) in the period, per wet.
with gestart as (
    select t.wet, t.gemeentecode, p.periode_type, p.periode
    from {{ ref('int_trajecten') }} as t
    join {{ ref('int_perioden') }} as p on t.startdatum between p.periode and p.periode_einde
)

select
    'instroom' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde,
    count(*) as waarde,
    count(*) as teller,
    null::double as noemer,
    null::double as norm
from gestart
group by grouping sets (
    (gemeentecode, periode_type, periode, wet), (gemeentecode, periode_type, periode),
    (periode_type, periode, wet), (periode_type, periode)
)
