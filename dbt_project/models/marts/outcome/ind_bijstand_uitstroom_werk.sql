-- Of the bijstand uitkeringen that ended in the period: the share that ended because of work.
with beeindigd as (
    select b.gemeentecode, b.einddatum, b.reden_uitstroom = 'werk' as naar_werk
    from {{ ref('stg_zaaksysteem__bijstand') }} as b
    where b.einddatum is not null
)

select
    'bijstand_uitstroom_werk' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    'totaal' as dimensie,
    'totaal' as dimensie_waarde,
    100.0 * count(*) filter (where naar_werk) / count(*) as waarde,
    count(*) filter (where naar_werk) as teller,
    count(*) as noemer,
    null::double as norm
from {{ maand_en_jaar('beeindigd', 'einddatum') }} as b
group by grouping sets ((gemeentecode, periode_type, periode), (periode_type, periode))
