-- Lasten per client, year to date: the wet's ledger lasten from 1 January to the period's end, divided by
-- the distinct clients who had care under that wet in the same stretch.
with clienten as (
    select
        coalesce(t.gemeentecode, 'REGIO') as gemeentecode,
        coalesce(t.wet, 'totaal') as wet,
        p.periode_type,
        p.periode,
        count(distinct t.client_id) as clienten
    from {{ ref('int_trajecten') }} as t
    inner join {{ ref('int_perioden') }} as p
        on t.startdatum <= p.periode_einde
            and coalesce(t.einde_zorg, date '9999-12-31') >= make_date(p.jaar, 1, 1)
    {{ gemeente_en_regio_groepen(['t.wet'], gemeente='t.gemeentecode', periode=['p.periode_type', 'p.periode']) }}
)

select
    'kosten_per_client' as indicator_id,
    l.gemeentecode,
    null::varchar as wijkcode,
    l.periode_type,
    l.periode,
    if(l.wet = 'totaal', 'totaal', 'wet') as dimensie,
    l.wet as dimensie_waarde,
    l.lasten / nullif(c.clienten, 0) as waarde,
    l.lasten as teller,
    coalesce(c.clienten, 0) as noemer,
    null::double as norm
from {{ ref('int_lasten_per_wet') }} as l
left join clienten as c using (gemeentecode, wet, periode_type, periode)
