-- Outflow: trajectories of care that ended (307 Einddatum) in the period, per wet; with the mean
-- duration of those trajectories in ind_gemiddelde_duur.
with beeindigd as (
    select t.wet, t.gemeentecode, p.periode_type, p.periode
    from {{ ref('int_trajecten') }} as t
    join {{ ref('int_perioden') }} as p on t.stopdatum between p.periode and p.periode_einde
)

select
    'uitstroom' as indicator_id,
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
from beeindigd
group by grouping sets (
    (gemeentecode, periode_type, periode, wet), (gemeentecode, periode_type, periode),
    (periode_type, periode, wet), (periode_type, periode)
)
