{# The share of the rows of `relation` for which `geslaagd` holds, per gemeente and for the region, in the
   month and year of `datum`: the shape of every "share within the term" or "share with this outcome"
   indicator of the case export. #}
{% macro aandeel_per_periode(indicator_id, relation, datum, geslaagd) -%}
select
    '{{ indicator_id }}' as indicator_id,
    {{ gemeente_en_regio_kolommen() }},
    100.0 * count(*) filter (where {{ geslaagd }}) / count(*) as waarde,
    count(*) filter (where {{ geslaagd }}) as teller,
    count(*) as noemer,
    null::double as norm
from {{ maand_en_jaar(relation, datum) }}
{{ gemeente_en_regio_groepen() }}
{%- endmacro %}
