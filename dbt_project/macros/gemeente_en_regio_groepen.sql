{# The group by of a gemeente + REGIO query (gemeente_en_regio_kolommen()): per gemeente and for the
   region, each in total and per value of every breakdown, over the period columns. #}
{% macro gemeente_en_regio_groepen(uitsplitsingen=[], gemeente='gemeentecode', periode=['periode_type', 'periode']) -%}
    {%- set sets = [] %}
    {%- for g in [[gemeente], []] %}
        {%- do sets.append(g + periode) %}
        {%- for u in uitsplitsingen %}
            {%- do sets.append(g + periode + [u]) %}
        {%- endfor %}
    {%- endfor -%}
group by grouping sets (
    {%- for s in sets %}
    ({{ s | join(', ') }}){% if not loop.last %},{% endif %}
    {%- endfor %}
)
{%- endmacro %}
