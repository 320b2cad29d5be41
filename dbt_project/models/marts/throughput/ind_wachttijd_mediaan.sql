-- Median waiting days from toewijzing to start of care, for care that started in the month.
select
    'wachttijd_mediaan' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    'maand' as periode_type,
    periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde,
    quantile_cont(wachtdagen, 0.5) as waarde,
    null::double as teller,
    count(*) as noemer,
    if(grouping(gemeentecode) = 1, {{ var('wachttijd_norm_dagen') }}, any_value(wachttijd_norm_dagen)) as norm
from {{ ref('int_wachttijden') }}
group by grouping sets ((gemeentecode, periode, wet), (gemeentecode, periode), (periode, wet), (periode))
