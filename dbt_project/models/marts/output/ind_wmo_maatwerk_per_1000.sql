-- Residents with at least one Wmo maatwerkvoorziening in the month, per 1,000 residents.
with teller as (
    select coalesce(gemeentecode, 'REGIO') as gemeentecode, periode, any_value(jaar) as jaar,
           count(distinct client_id) as teller
    from {{ ref('int_clienten_per_maand') }}
    where wet = 'wmo'
    group by grouping sets ((gemeentecode, periode), (periode))
)

select
    'wmo_maatwerk_per_1000' as indicator_id,
    t.gemeentecode,
    null::varchar as wijkcode,
    'maand' as periode_type,
    t.periode,
    'totaal' as dimensie,
    'totaal' as dimensie_waarde,
    1000.0 * t.teller / nullif(n.inwoners, 0) as waarde,
    t.teller,
    n.inwoners as noemer,
    null::double as norm
from teller as t
left join {{ ref('int_bevolking') }} as n using (gemeentecode, jaar)
