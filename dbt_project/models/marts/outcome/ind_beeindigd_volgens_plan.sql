-- Of the trajectories that ended in the period, the share that ended as planned (JZ588 31 / WMO588 19)
-- against dropped out; neutral reasons (death, moving, administrative) are left out of the denominator.
-- Every aanbieder is here, so the breakdown adds up to the total; the serving layer hides an aanbieder with
-- fewer ended trajectories than the YAML's min_noemer_aanbieder (fct_indicator_publicatie).
with beeindigd as (
    select t.wet, t.gemeentecode, t.aanbieder, p.periode_type, p.periode, t.uitkomst
    from {{ ref('int_trajecten') }} as t
    inner join {{ ref('int_perioden') }} as p on t.stopdatum between p.periode and p.periode_einde
    where t.uitkomst in ('volgens_plan', 'uitval')
)

select
    'beeindigd_volgens_plan' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet', 'aanbieder']) }},
    100.0 * count(*) filter (where uitkomst = 'volgens_plan') / count(*) as waarde,
    count(*) filter (where uitkomst = 'volgens_plan') as teller,
    count(*) as noemer,
    null::double as norm
from beeindigd
{{ gemeente_en_regio_groepen(['wet', 'aanbieder']) }}
having grouping(aanbieder) = 1 or aanbieder is not null
