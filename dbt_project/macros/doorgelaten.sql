{# Staging reads only rows of deliveries that passed the quality gate (meta.loads.poort). #}
{% macro doorgelaten() -%}
    _load_id in (select load_id from meta.loads where poort = 'doorgelaten')
{%- endmacro %}
