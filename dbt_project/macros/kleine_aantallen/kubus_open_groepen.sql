{# Groups (indicator, period) in which a hidden cell is still open after the hypercube rounds: they are
   hidden entirely rather than published with a cell that could be worked out. #}
{% macro kubus_open_groepen(vorige) -%}
    with {{ _kubus_dekking(vorige) }}
    groepen as (select distinct indicator_id, periode_type, periode from open_cel)
    select * from groepen
{%- endmacro %}
