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
    {{ gemeente_en_regio_kolommen(['wet']) }},
    100.0 * count(*) filter (where behaald) / count(*) as waarde,
    count(*) filter (where behaald) as teller,
    count(*) as noemer,
    null::double as norm
from {{ maand_en_jaar('doelen', 'datum_evaluatie') }} as d
{{ gemeente_en_regio_groepen(['wet']) }}
