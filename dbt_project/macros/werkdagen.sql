{# Working days (Monday to Friday) after `van` up to and including `tot`: 0 on the same day, 1 from a
   Friday to the next Monday. Set-based arithmetic, no calendar join: weekdays counted from a Monday
   epoch (valid from 1970). Public holidays are not subtracted; the YAML of each user says so. #}
{% macro werkdagen(van, tot) -%}
({{ weekdagen_sinds_epoch(tot) }} - {{ weekdagen_sinds_epoch(van) }})
{%- endmacro %}

{% macro weekdagen_sinds_epoch(dag) -%}
(5 * ((date_diff('day', date '1970-01-05', {{ dag }}) + 1) // 7)
 + least((date_diff('day', date '1970-01-05', {{ dag }}) + 1) % 7, 5))
{%- endmacro %}
