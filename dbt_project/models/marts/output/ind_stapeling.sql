-- Of the persons with any provision in the period (jeugd or Wmo voorziening, bijstand, schuldhulp): the
-- share with provisions in two or more of these four domains. The region counts each person once, over
-- all gemeenten.
with voorzieningen as (
    select v.gemeentecode, v.client_id, v.wet as domein, v.datum_start as startdatum, v.datum_einde as einddatum
    from {{ ref('stg_zaaksysteem__voorzieningen') }} as v
    union all
    select b.gemeentecode, b.client_id, 'participatiewet', b.ingangsdatum, b.einddatum
    from {{ ref('stg_zaaksysteem__bijstand') }} as b
    union all
    select s.gemeentecode, s.client_id, 'schuldhulp', s.datum_aanmelding, s.einddatum
    from {{ ref('stg_zaaksysteem__schuldhulptrajecten') }} as s
),

actief as (
    select p.periode_type, p.periode, v.gemeentecode, v.client_id, v.domein
    from {{ ref('int_perioden') }} as p
    inner join voorzieningen as v
        on v.startdatum <= p.periode_einde and (v.einddatum is null or v.einddatum >= p.periode)
),

per_persoon as (
    select
        coalesce(gemeentecode, 'REGIO') as gemeentecode,
        periode_type,
        periode,
        count(distinct domein) as domeinen
    from actief
    {{ gemeente_en_regio_groepen(periode=['periode_type', 'periode', 'client_id']) }}
)

select
    'stapeling' as indicator_id,
    gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    'totaal' as dimensie,
    'totaal' as dimensie_waarde,
    100.0 * count(*) filter (where domeinen >= 2) / count(*) as waarde,
    count(*) filter (where domeinen >= 2) as teller,
    count(*) as noemer,
    null::double as norm
from per_persoon
group by gemeentecode, periode_type, periode
