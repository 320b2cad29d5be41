-- Median waiting days from toewijzing to start of care, for care that started in the period.
with gestart as (
    select w.*, p.periode_type, p.periode
    from {{ ref('int_wachttijden') }} as w
    inner join {{ ref('int_perioden') }} as p on w.startdatum between p.periode and p.periode_einde
)

select
    'wachttijd_mediaan' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet']) }},
    quantile_cont(wachtdagen, 0.5) as waarde,
    count(*) as teller,
    null::double as noemer,
    -- Each gemeente has its own norm; the region is held to the default.
    if(grouping(gemeentecode) = 1, {{ var('wachttijd_norm_dagen') }}, any_value(wachttijd_norm_dagen)) as norm
from gestart
{{ gemeente_en_regio_groepen(['wet']) }}
