-- Median waiting days from toewijzing to start of care, for care that started in the period.
select
    'wachttijd_mediaan' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet']) }},
    quantile_cont(wachtdagen, 0.5) as waarde,
    count(*) as teller,
    null::double as noemer,
    -- Each gemeente has its own norm; the region is held to the default.
    if(grouping(gemeentecode) = 1, {{ var('wachttijd_norm_dagen') }}, any_value(wachttijd_norm_dagen)) as norm
from {{ maand_en_jaar(ref('int_wachttijden'), 'startdatum') }}
{{ gemeente_en_regio_groepen(['wet']) }}
