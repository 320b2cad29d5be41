-- Young people with jeugdreclassering (JZ020 47) in the period. A count, not a share: the BBV
-- denominator (residents aged 12-22) is not in the reference data yet.
select
    'jeugdreclassering_aantal' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    'totaal' as dimensie,
    'totaal' as dimensie_waarde,
    count(distinct client_id) as waarde,
    count(distinct client_id) as teller,
    null::double as noemer,
    null::double as norm
from {{ ref('int_zorg_per_periode') }}
where wet = 'jeugd' and productcategorie = '47'
group by grouping sets ((gemeentecode, periode_type, periode), (periode_type, periode))
