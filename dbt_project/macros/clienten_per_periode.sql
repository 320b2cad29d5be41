{# Distinct clients of `relation` (gemeentecode, periode_type, periode, jaar, client_id) per gemeente and for
   the region, in total and per value of each of `uitsplitsingen`, with the period's year: the teller of an
   indicator per resident (per_inwoners()). #}
{% macro clienten_per_periode(relation, uitsplitsingen=[]) -%}
select
    {{ gemeente_en_regio_kolommen(uitsplitsingen, wijkcode=false) }},
    any_value(jaar) as jaar,
    count(distinct client_id) as teller
from {{ relation }}
{{ gemeente_en_regio_groepen(uitsplitsingen) }}
{%- endmacro %}
