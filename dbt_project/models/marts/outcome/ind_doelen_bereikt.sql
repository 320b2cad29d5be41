-- Of the goals evaluated in the period: the share reached, per wet of the beschikking they belong to.
with doelen as (
    select d.gemeentecode, d.datum_evaluatie, d.behaald, v.wet
    from {{ ref('stg_zaaksysteem__doelen') }} as d
    inner join {{ ref('stg_zaaksysteem__voorzieningen') }} as v
        on v.gemeentecode = d.gemeentecode and v.beschikkingnummer = d.beschikkingnummer
    where d.datum_evaluatie is not null and d.behaald is not null
)

select
    'doelen_bereikt' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde,
    100.0 * count(*) filter (where behaald) / count(*) as waarde,
    count(*) filter (where behaald) as teller,
    count(*) as noemer,
    null::double as norm
from {{ maand_en_jaar('doelen', 'datum_evaluatie') }} as d
group by grouping sets (
    (gemeentecode, periode_type, periode, wet), (gemeentecode, periode_type, periode),
    (periode_type, periode, wet), (periode_type, periode)
)
