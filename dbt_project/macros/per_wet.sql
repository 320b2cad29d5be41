{# Most indicators are counted per gemeente and for the region, each per wet and in total: one
   grouping-sets query. per_wet_sleutel() gives the key columns of the long table for such a query,
   per_wet_groepen() its group by; the source needs gemeentecode, wet, periode_type and periode. #}
{% macro per_wet_sleutel() -%}
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde
{%- endmacro %}

{% macro per_wet_groepen() -%}
group by grouping sets (
    (gemeentecode, periode_type, periode, wet), (gemeentecode, periode_type, periode),
    (periode_type, periode, wet), (periode_type, periode)
)
{%- endmacro %}
