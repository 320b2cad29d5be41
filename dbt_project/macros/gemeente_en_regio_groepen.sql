{# The group by of a gemeente + REGIO query (gemeente_en_regio_kolommen()): per gemeente and for the
   region, each in total and per value of every breakdown. `periode` lists the columns every set keeps: the
   period, and any key a query counts per (a client, a code) before it aggregates again. With totaal=false
   there is no set without a breakdown (the breakdowns are levels of one hierarchy, each a cell of its own).
   sqlfluff's duckdb dialect (3.4) cannot parse GROUPING SETS; the noqa comment written with it exempts the
   calling line from that parse error only. #}
{% macro gemeente_en_regio_groepen(uitsplitsingen=[], gemeente='gemeentecode', periode=['periode_type', 'periode'], totaal=true) -%}
    {%- set sets = [] %}
    {%- for g in [[gemeente], []] %}
        {%- if totaal %}
            {%- do sets.append(g + periode) %}
        {%- endif %}
        {%- for u in uitsplitsingen %}
            {%- do sets.append(g + periode + [u]) %}
        {%- endfor %}
    {%- endfor -%}
-- grouping sets: see macros/gemeente_en_regio_groepen.sql -- noqa: PRS
group by grouping sets (
    {%- for s in sets %}
    ({{ s | join(', ') }}){% if not loop.last %},{% endif %}
    {%- endfor %}
)
{%- endmacro %}
