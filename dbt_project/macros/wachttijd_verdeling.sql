{# A waiting-time distribution indicator: the quantile `kwantiel` of `dagen_kolom` over the events whose
   `datum_kolom` falls in the period, per wet, aanbieder and productcategorie, for each gemeente and the
   region (quantiles do not add up: every cell is computed from its own events).

   Waiting times are whole days, so a cell's distribution is its count per day: the grouping sets count
   (cell, dagen) rows, a few hundred per cell instead of every event, and the quantile is read from the
   running count. It is quantile_cont's value: with n events sorted, position h = kwantiel x (n - 1) counted
   from 0, the value at floor(h) plus the fraction of h times the step to the value at ceil(h). At national
   scale that keeps the grouping sets' state small (a quantile holds every value of its group in memory). #}
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

per_dag as (
    select
        {{ gemeente_en_regio_kolommen(['wet', 'aanbieder', 'productcategorie'], periode=['periode_type', 'periode', 'dagen'], wijkcode=false) }},
        count(*) as aantal
    from gebeurd
    {{ gemeente_en_regio_groepen(['wet', 'aanbieder', 'productcategorie'], periode=['periode_type', 'periode', 'dagen']) }}
),

lopend as (
    select
        *,
        sum(aantal) over (cel order by dagen rows unbounded preceding) as tot_en_met,
        (sum(aantal) over cel)::bigint as n,
        {{ kwantiel }} * (sum(aantal) over cel - 1) as h
    from per_dag
    window cel as (partition by gemeentecode, periode_type, periode, dimensie, dimensie_waarde)
),

-- The values at positions floor(h) and ceil(h): the first day whose running count passes the position.
grenzen as (
    select
        gemeentecode, periode_type, periode, dimensie, dimensie_waarde,
        any_value(n) as n,
        any_value(h) as h,
        min(dagen) filter (where tot_en_met > floor(h)) as onder,
        min(dagen) filter (where tot_en_met > ceil(h)) as boven
    from lopend
    group by gemeentecode, periode_type, periode, dimensie, dimensie_waarde
)

select
    '{{ indicator_id }}' as indicator_id,
    gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    dimensie,
    dimensie_waarde,
    onder + (h - floor(h)) * (boven - onder) as waarde,
    n as teller,
    null::double as noemer,
    null::double as norm
from grenzen
{% endmacro %}
