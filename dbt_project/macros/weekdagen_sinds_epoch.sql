{# Weekdays (Monday to Friday) from the Monday 1970-01-05 up to `dag`: the helper of werkdagen(). #}
{% macro weekdagen_sinds_epoch(dag) -%}
(5 * ((date_diff('day', date '1970-01-05', {{ dag }}) + 1) // 7)
 + least((date_diff('day', date '1970-01-05', {{ dag }}) + 1) % 7, 5))
{%- endmacro %}
