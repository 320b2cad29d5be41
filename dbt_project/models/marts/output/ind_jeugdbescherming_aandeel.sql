-- Young people aged 0-17 with jeugdbescherming (JZ020 48: ondertoezichtstelling or voogdij) in the
-- period, as a share of residents aged 0-17 (BBV indicator "jongeren met jeugdbescherming").
with teller as (
    select
        coalesce(gemeentecode, 'REGIO') as gemeentecode, periode_type, periode, any_value(jaar) as jaar,
        count(distinct client_id) as teller
    from {{ ref('int_zorg_per_periode') }}
    where wet = 'jeugd' and productcategorie = '48' and leeftijd < 18
    group by grouping sets ((gemeentecode, periode_type, periode), (periode_type, periode))
)

select
    'jeugdbescherming_aandeel' as indicator_id,
    t.gemeentecode,
    null::varchar as wijkcode,
    t.periode_type,
    t.periode,
    'totaal' as dimensie,
    'totaal' as dimensie_waarde,
    100.0 * t.teller / nullif(n.inwoners_0_17, 0) as waarde,
    t.teller,
    n.inwoners_0_17 as noemer,
    null::double as norm
from teller as t
left join {{ ref('int_bevolking') }} as n using (gemeentecode, jaar)
