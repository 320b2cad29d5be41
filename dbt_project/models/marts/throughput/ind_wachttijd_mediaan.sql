-- Median waiting days from toewijzing to start of care, for care that started in the period.
with gestart as (
    select w.*, p.periode_type, p.periode
    from {{ ref('int_wachttijden') }} as w
    join {{ ref('int_perioden') }} as p on w.startdatum between p.periode and p.periode_einde
)

select
    'wachttijd_mediaan' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde,
    quantile_cont(wachtdagen, 0.5) as waarde,
    count(*) as teller,
    null::double as noemer,
    -- Each gemeente has its own norm; the region is held to the default.
    if(grouping(gemeentecode) = 1, {{ var('wachttijd_norm_dagen') }}, any_value(wachttijd_norm_dagen)) as norm
from gestart
group by grouping sets (
    (gemeentecode, periode_type, periode, wet), (gemeentecode, periode_type, periode),
    (periode_type, periode, wet), (periode_type, periode)
)
