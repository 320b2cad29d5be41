-- Mean duration in days (307 Einddatum - 305 Begindatum, both days inclusive) of the trajectories that
-- ended in the period, per wet. Long trajectories that are still running are not in it yet.
with beeindigd as (
    select
        t.wet, t.gemeentecode, p.periode_type, p.periode,
        date_diff('day', t.startdatum, t.stopdatum) + 1 as duur
    from {{ ref('int_trajecten') }} as t
    inner join {{ ref('int_perioden') }} as p on t.stopdatum between p.periode and p.periode_einde
    where t.startdatum is not null
)

select
    'gemiddelde_duur' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet']) }},
    avg(duur) as waarde,
    count(*) as teller,
    null::double as noemer,
    null::double as norm
from beeindigd
{{ gemeente_en_regio_groepen(['wet']) }}
