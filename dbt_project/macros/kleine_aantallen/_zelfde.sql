{# a.k is not distinct from b.k for every column k of `kolommen` (keys may be NULL, as wijkcode is). #}
{% macro _zelfde(a, b, kolommen) -%}
    {% for k in kolommen -%}
        {{ a }}.{{ k }} is not distinct from {{ b }}.{{ k }}{% if not loop.last %} and {% endif %}
    {%- endfor %}
{%- endmacro %}
