-- Inflow: trajectories of care that started (first 305 Begindatum) in the period, per wet.
with gestart as (
    select t.wet, t.gemeentecode, p.periode_type, p.periode
    from {{ ref('int_trajecten') }} as t
    inner join {{ ref('int_perioden') }} as p on t.startdatum between p.periode and p.periode_einde
)

select
    'instroom' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet']) }},
    count(*) as waarde,
    count(*) as teller,
    null::double as noemer,
    null::double as norm
from gestart
{{ gemeente_en_regio_groepen(['wet']) }}
