-- Share of care started in the period that started within the gemeente's waiting-time norm.
with gestart as (
    select w.*, p.periode_type, p.periode
    from {{ ref('int_wachttijden') }} as w
    inner join {{ ref('int_perioden') }} as p on w.startdatum between p.periode and p.periode_einde
)

select
    'wachttijd_binnen_norm' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet']) }},
    100.0 * count(*) filter (where wachtdagen <= wachttijd_norm_dagen) / count(*) as waarde,
    count(*) filter (where wachtdagen <= wachttijd_norm_dagen) as teller,
    count(*) as noemer,
    null::double as norm
from gestart
{{ gemeente_en_regio_groepen(['wet']) }}
