{# Groups (indicator, period) in which a hidden cell is still open after the hypercube rounds: they are
   hidden entirely rather than published with a cell that could be worked out. Only the groups of the last
   round can be open (`groepen`): the others had no open cell then and nothing was added to them since. #}
{% macro kubus_open_groepen(vorige, groepen) -%}
    with {{ _kubus_dekking(vorige, groepen) }}
    open_groep as (select distinct groep from open_cel)
    select * from open_groep
{%- endmacro %}
