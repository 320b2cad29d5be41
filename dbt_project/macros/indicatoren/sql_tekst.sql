{# A value as a SQL string literal (quotes doubled), or null. #}
{% macro sql_tekst(value) -%}
    {%- if value is none -%}null{%- else -%}'{{ value | string | replace("'", "''") }}'{%- endif -%}
{%- endmacro %}
