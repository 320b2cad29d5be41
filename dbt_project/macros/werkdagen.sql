{# Working days (Monday to Friday) after `van` up to and including `tot`: 0 on the same day, 1 from a
   Friday to the next Monday. Set-based arithmetic, no calendar join: weekdays counted from a Monday
   epoch (valid from 1970). Public holidays are not subtracted; the YAML of each user says so. #}
{% macro werkdagen(van, tot) -%}
({{ weekdagen_sinds_epoch(tot) }} - {{ weekdagen_sinds_epoch(van) }})
{%- endmacro %}
