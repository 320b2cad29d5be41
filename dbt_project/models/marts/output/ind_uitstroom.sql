-- Outflow: trajectories of care that ended (307 Einddatum) in the period, per wet; with the mean
-- duration of those trajectories in ind_gemiddelde_duur.
with beeindigd as (
    select t.wet, t.gemeentecode, p.periode_type, p.periode
    from {{ ref('int_trajecten') }} as t
    inner join {{ ref('int_perioden') }} as p on t.stopdatum between p.periode and p.periode_einde
)

select
    'uitstroom' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet']) }},
    count(*) as waarde,
    count(*) as teller,
    null::double as noemer,
    null::double as norm
from beeindigd
{{ gemeente_en_regio_groepen(['wet']) }}
