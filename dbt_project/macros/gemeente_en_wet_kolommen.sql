{# The key columns of a money row per gemeente (and REGIO), wet (and 'totaal') and period, the layout of
   int_lasten_per_wet that the lasten indicators join on: the select of a query grouped by
   gemeente_en_regio_groepen([wet], gemeente, periode). #}
{% macro gemeente_en_wet_kolommen(wet='wet', gemeente='gemeentecode', periode=['periode_type', 'periode']) -%}
    coalesce({{ gemeente }}, 'REGIO') as gemeentecode,
    coalesce({{ wet }}, 'totaal') as wet,
    {%- for p in periode %}
    {{ p }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
