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
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    case
        when grouping(wet) = 0 then 'wet'
        when grouping(aanbieder) = 0 then 'aanbieder'
        when grouping(productcategorie) = 0 then 'productcategorie'
        else 'totaal'
    end as dimensie,
    coalesce(
        if(grouping(wet) = 0, wet, null),
        if(grouping(aanbieder) = 0, aanbieder, null),
        if(grouping(productcategorie) = 0, productcategorie, null),
        'totaal'
    ) as dimensie_waarde,
    quantile_cont(dagen, {{ kwantiel }}) as waarde,
    count(*) as teller,
    null::double as noemer,
    null::double as norm
from gebeurd
group by grouping sets (
    (gemeentecode, periode_type, periode), (gemeentecode, periode_type, periode, wet),
    (gemeentecode, periode_type, periode, aanbieder), (gemeentecode, periode_type, periode, productcategorie),
    (periode_type, periode), (periode_type, periode, wet),
    (periode_type, periode, aanbieder), (periode_type, periode, productcategorie)
)
{% endmacro %}
