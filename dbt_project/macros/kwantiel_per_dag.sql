{# An indicator that is the quantile `kwantiel` of whole days per cell, as quantile_cont computes it, for each
   gemeente and the region, in total and per value of each of `uitsplitsingen`: CTEs following the caller's
   (which end in a comma) and the long table's select, teller = the events. `norm` is an aggregate over a
   (cell, day) group, or null.
   `relation` has gemeentecode, periode_type, periode, dagen and the breakdown columns; an event without days
   is left out, as quantile_cont leaves out a null.

   Days are whole numbers, so a cell's distribution is its count per day: the grouping sets count (cell, dagen),
   a few hundred rows per cell instead of every event, and the quantile is read from the running count. With n
   events sorted, position h = kwantiel x (n - 1) counted from 0: the value at floor(h) plus the fraction of h
   times the step to the value at ceil(h). quantile_cont itself holds every value of its group in memory; at
   national scale beside other models that spilled tens of GB. #}
{% macro kwantiel_per_dag(indicator_id, relation, kwantiel, uitsplitsingen=[], norm='null::double') -%}
    {%- set periode = ['periode_type', 'periode', 'dagen'] %}
    per_dag as (
        select
            {{ gemeente_en_regio_kolommen(uitsplitsingen, periode=periode, wijkcode=false) }},
            {{ norm }} as norm,
            count(*) as aantal
        from {{ relation }}
        where dagen is not null
        {{ gemeente_en_regio_groepen(uitsplitsingen, periode=periode) }}
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

    -- the values at positions floor(h) and ceil(h): the first day whose running count passes the position
    kwantielen as (
        select
            gemeentecode, periode_type, periode, dimensie, dimensie_waarde,
            any_value(norm) as norm,
            any_value(n) as n,
            min(dagen) filter (where tot_en_met > floor(h))
            + (any_value(h) - floor(any_value(h)))
            * (min(dagen) filter (where tot_en_met > ceil(h)) - min(dagen) filter (where tot_en_met > floor(h)))
                as waarde
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
    waarde,
    n as teller,
    null::double as noemer,
    norm
from kwantielen
{%- endmacro %}
