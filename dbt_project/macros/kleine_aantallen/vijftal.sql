{# Rounded to a multiple of 5 (CBS: "afgerond op vijftallen"). #}
{% macro vijftal(kolom) -%}
    round({{ kolom }} / 5) * 5
{%- endmacro %}
