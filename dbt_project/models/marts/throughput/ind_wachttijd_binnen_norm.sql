-- Share of care started in the period that started within the gemeente's waiting-time norm.
with gestart as (
    select w.*, p.periode_type, p.periode
    from {{ ref('int_wachttijden') }} as w
    join {{ ref('int_perioden') }} as p on w.startdatum between p.periode and p.periode_einde
)

select
    'wachttijd_binnen_norm' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde,
    100.0 * count(*) filter (where wachtdagen <= wachttijd_norm_dagen) / count(*) as waarde,
    count(*) filter (where wachtdagen <= wachttijd_norm_dagen) as teller,
    count(*) as noemer,
    null::double as norm
from gestart
group by grouping sets (
    (gemeentecode, periode_type, periode, wet), (gemeentecode, periode_type, periode),
    (periode_type, periode, wet), (periode_type, periode)
)
