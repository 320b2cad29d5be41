-- Share of care started in the month that started within the gemeente's waiting-time norm.
select
    'wachttijd_binnen_norm' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    'maand' as periode_type,
    periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde,
    100.0 * count(*) filter (where wachtdagen <= wachttijd_norm_dagen) / count(*) as waarde,
    count(*) filter (where wachtdagen <= wachttijd_norm_dagen) as teller,
    count(*) as noemer,
    null::double as norm
from {{ ref('int_wachttijden') }}
group by grouping sets ((gemeentecode, periode, wet), (gemeentecode, periode), (periode, wet), (periode))
