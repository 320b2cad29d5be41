{# A waiting-time distribution indicator: the quantile `kwantiel` of `dagen_kolom` over the events whose
   `datum_kolom` falls in the period, per wet, aanbieder and productcategorie, for each gemeente and the
   region (quantiles do not add up: every cell is computed from its own events, kwantiel_per_dag()). #}
{% macro wachttijd_verdeling(indicator_id, bron, datum_kolom, dagen_kolom, kwantiel) %}
with gebeurd as (
    select
        w.wet, w.gemeentecode, coalesce(w.aanbieder, 'onbekend') as aanbieder,
        coalesce(w.productcategorie, 'onbekend') as productcategorie,
        w.{{ dagen_kolom }} as dagen, p.periode_type, p.periode
    from {{ bron }} as w
    inner join {{ ref('int_perioden') }} as p on w.{{ datum_kolom }} between p.periode and p.periode_einde
    where w.{{ dagen_kolom }} is not null
),

{{ kwantiel_per_dag(indicator_id, 'gebeurd', kwantiel, ['wet', 'aanbieder', 'productcategorie']) }}
{% endmacro %}
