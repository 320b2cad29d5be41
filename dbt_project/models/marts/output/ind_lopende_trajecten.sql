-- Running trajectories at the end of the period: started on or before its last day and not ended
-- before it (an end on the last day still counts as running that day).
with lopend as (
    select t.wet, t.gemeentecode, p.periode_type, p.periode
    from {{ ref('int_trajecten') }} as t
    inner join {{ ref('int_perioden') }} as p
        on t.startdatum <= p.periode_einde
            and coalesce(t.einde_zorg, date '9999-12-31') >= p.periode_einde
)

select
    'lopende_trajecten' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet']) }},
    count(*) as waarde,
    count(*) as teller,
    null::double as noemer,
    null::double as norm
from lopend
{{ gemeente_en_regio_groepen(['wet']) }}
