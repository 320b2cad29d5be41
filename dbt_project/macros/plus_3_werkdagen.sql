{# The last day of the term of three working days after `datum` (Wgs: a threatening debt gets its first
   conversation within 3 working days). Counted Monday to Friday; public holidays are not modelled. #}
{% macro plus_3_werkdagen(datum) -%}
    ({{ datum }} + case isodow({{ datum }}) when 3 then 5 when 4 then 5 when 5 then 5 when 6 then 4 else 3 end)
{%- endmacro %}
