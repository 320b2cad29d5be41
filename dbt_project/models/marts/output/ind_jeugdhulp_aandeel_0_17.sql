-- Young people aged 0-17 with jeugdhulp in the month, as a share of residents aged 0-17.
with clienten as (
    select gemeentecode, periode, jaar, client_id
    from {{ ref('int_clienten_per_maand') }}
    where wet = 'jeugd' and onder_18
),

teller as (
    select coalesce(gemeentecode, 'REGIO') as gemeentecode, periode, any_value(jaar) as jaar,
           count(distinct client_id) as teller
    from clienten
    group by grouping sets ((gemeentecode, periode), (periode))
)

select
    'jeugdhulp_aandeel_0_17' as indicator_id,
    t.gemeentecode,
    null::varchar as wijkcode,
    'maand' as periode_type,
    t.periode,
    'totaal' as dimensie,
    'totaal' as dimensie_waarde,
    100.0 * t.teller / nullif(n.inwoners_0_17, 0) as waarde,
    t.teller,
    n.inwoners_0_17 as noemer,
    null::double as norm
from teller as t
left join {{ ref('int_bevolking') }} as n using (gemeentecode, jaar)
