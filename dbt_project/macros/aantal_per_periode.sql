{# The number of rows of `relation` per gemeente and for the region, in each period that holds their
   `datum`, in total and per value of each of `uitsplitsingen`: the shape of every inflow or outflow count. #}
{% macro aantal_per_periode(indicator_id, relation, datum, uitsplitsingen=[]) -%}
select
    '{{ indicator_id }}' as indicator_id,
    {{ gemeente_en_regio_kolommen(uitsplitsingen) }},
    count(*) as waarde,
    count(*) as teller,
    null::double as noemer,
    null::double as norm
from {{ maand_en_jaar(relation, datum) }}
{{ gemeente_en_regio_groepen(uitsplitsingen) }}
{%- endmacro %}
