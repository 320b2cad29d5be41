-- Lasten per resident, year to date: the wet's ledger lasten from 1 January to the period's end, divided
-- by the residents on 1 January.
select
    'kosten_per_inwoner' as indicator_id,
    l.gemeentecode,
    null::varchar as wijkcode,
    l.periode_type,
    l.periode,
    if(l.wet = 'totaal', 'totaal', 'wet') as dimensie,
    l.wet as dimensie_waarde,
    l.lasten / nullif(n.inwoners, 0) as waarde,
    l.lasten as teller,
    n.inwoners as noemer,
    null::double as norm
from {{ ref('int_lasten_per_wet') }} as l
left join {{ ref('int_bevolking') }} as n using (gemeentecode, jaar)
