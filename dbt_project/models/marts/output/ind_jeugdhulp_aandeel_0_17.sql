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
),

noemer as (
    select coalesce(b.gemeentecode, 'REGIO') as gemeentecode, b.jaar, sum(b.inwoners_0_17) as noemer
    from {{ ref('int_bevolking') }} as b
    join {{ ref('int_gemeenten') }} as g using (gemeentecode)
    group by grouping sets ((b.gemeentecode, b.jaar), (b.jaar))
)

select
    'jeugdhulp_aandeel_0_17' as indicator_id,
    t.gemeentecode,
    t.periode,
    'totaal' as dimensie,
    'totaal' as dimensie_waarde,
    100.0 * t.teller / nullif(n.noemer, 0) as waarde,
    t.teller,
    n.noemer,
    null::double as norm
from teller as t
left join noemer as n using (gemeentecode, jaar)
