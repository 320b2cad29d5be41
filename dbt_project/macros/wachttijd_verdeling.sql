{# A waiting-time distribution indicator: the quantile `kwantiel` of `dagen_kolom` over the events whose
   `datum_kolom` falls in the period, per wet, aanbieder and productcategorie, for each gemeente and the
   region (grouping sets over person-level rows: quantiles do not add up). #}
{% macro wachttijd_verdeling(indicator_id, bron, datum_kolom, dagen_kolom, kwantiel) %}
with gebeurd as (
    select
        w.wet, w.gemeentecode, coalesce(w.aanbieder, 'onbekend') as aanbieder,
        coalesce(w.productcategorie, 'onbekend') as productcategorie,
        w.{{ dagen_kolom }} as dagen, p.periode_type, p.periode
    from {{ bron }} as w
    join {{ ref('int_perioden') }} as p on w.{{ datum_kolom }} between p.periode and p.periode_einde
    where w.{{ dagen_kolom }} is not null
)

select
    '{{ indicator_id }}' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet', 'aanbieder', 'productcategorie']) }},
    quantile_cont(dagen, {{ kwantiel }}) as waarde,
    count(*) as teller,
    null::double as noemer,
    null::double as norm
from gebeurd
{{ gemeente_en_regio_groepen(['wet', 'aanbieder', 'productcategorie']) }}
{% endmacro %}
