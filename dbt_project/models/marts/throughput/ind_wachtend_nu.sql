-- People waiting at the end of the period: a valid toewijzing whose Ingangsdatum plus the gemeente's
-- waiting-time norm has passed, without a start (305) by the period's end. Counted per person.
with wachtend as (
    select t.wet, t.gemeentecode, t.client_id, p.periode_type, p.periode
    from {{ ref('int_toewijzingen__zorg') }} as t
    inner join {{ ref('int_gemeenten') }} as g using (gemeentecode)
    inner join {{ ref('int_perioden') }} as p
        on t.ingangsdatum + to_days(g.wachttijd_norm_dagen) < p.periode_einde
            and coalesce(t.toewijzing_einddatum, date '9999-12-31') >= p.periode_einde
            and (t.startdatum is null or t.startdatum > p.periode_einde)
    where t.grondslag = 'toewijzing'
)

select
    'wachtend_nu' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet']) }},
    count(distinct client_id) as waarde,
    count(distinct client_id) as teller,
    null::double as noemer,
    null::double as norm
from wachtend
{{ gemeente_en_regio_groepen(['wet']) }}
