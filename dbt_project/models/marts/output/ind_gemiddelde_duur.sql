-- Mean duration in days (307 Einddatum - 305 Begindatum, both days inclusive) of the trajectories that
-- ended in the period, per wet. Long trajectories that are still running are not in it yet.
with beeindigd as (
    select t.wet, t.gemeentecode, p.periode_type, p.periode,
           date_diff('day', t.startdatum, t.stopdatum) + 1 as duur
    from {{ ref('int_trajecten') }} as t
    join {{ ref('int_perioden') }} as p on t.stopdatum between p.periode and p.periode_einde
    where t.startdatum is not null
)

select
    'gemiddelde_duur' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde,
    avg(duur) as waarde,
    count(*) as teller,
    null::double as noemer,
    null::double as norm
from beeindigd
group by grouping sets (
    (gemeentecode, periode_type, periode, wet), (gemeentecode, periode_type, periode),
    (periode_type, periode, wet), (periode_type, periode)
)
