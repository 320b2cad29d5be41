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

-- Noemer: every person with a provision in the period (actieve_clienten(): no person-period expansion).
personen as (
    {{ actieve_clienten('voorzieningen') }}
),

{% for gemeente in [true, false] %}
{%- set scope = ['gemeentecode'] if gemeente else [] %}
-- Teller {{ 'per gemeente' if gemeente else 'for the region, a person over all gemeenten' }}. Only a person with
-- provisions in two or more domains at some time can stack; at national scale a small share of the persons,
-- so only they are expanded into their periods, one row per domain they had running there (the earliest
-- running provision of the domain, lopend_per_periode()).
meerdere_{{ loop.index }} as (
    select {{ (scope + ['client_id']) | join(', ') }}
    from voorzieningen
    group by {{ (scope + ['client_id']) | join(', ') }}
    having count(distinct domein) >= 2
),

kandidaten_{{ loop.index }} as (
    select v.*
    from voorzieningen as v
    inner join meerdere_{{ loop.index }} as m using ({{ (scope + ['client_id']) | join(', ') }})
),

stapeling_{{ loop.index }} as (
    select {{ 'gemeentecode' if gemeente else "'REGIO' as gemeentecode" }}, periode_type, periode, count(*) as teller
    from (
        select {% for k in scope %}{{ k }}, {% endfor %}periode_type, periode
        from (
            {{ lopend_per_periode('kandidaten_' ~ loop.index, scope + ['client_id', 'domein']) }}
        ) as l
        group by {% for k in scope %}{{ k }}, {% endfor %}client_id, periode_type, periode
        having count(*) >= 2
    )
    group by all
),
{% endfor %}

teller as (
    select * from stapeling_1
    union all
    select * from stapeling_2
)

select
    'stapeling' as indicator_id,
    n.gemeentecode,
    null::varchar as wijkcode,
    n.periode_type,
    n.periode,
    'totaal' as dimensie,
    'totaal' as dimensie_waarde,
    100.0 * coalesce(t.teller, 0) / n.teller as waarde,
    coalesce(t.teller, 0) as teller,
    n.teller as noemer,
    null::double as norm
from personen as n
left join teller as t using (gemeentecode, periode_type, periode)
