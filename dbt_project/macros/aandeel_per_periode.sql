{# The share of the rows of `relation` for which `geslaagd` holds, per gemeente and for the region, in each
   period that holds their `datum`, in total and per value of each of `uitsplitsingen` (dimensie names as in
   gemeente_en_regio_kolommen()): the shape of every "share within the term" or "share with this outcome"
   indicator. #}
{% macro aandeel_per_periode(indicator_id, relation, datum, geslaagd, uitsplitsingen=[], namen={}) -%}
select
    '{{ indicator_id }}' as indicator_id,
    {{ gemeente_en_regio_kolommen(uitsplitsingen, namen=namen) }},
    100.0 * count(*) filter (where {{ geslaagd }}) / count(*) as waarde,
    count(*) filter (where {{ geslaagd }}) as teller,
    count(*) as noemer,
    null::double as norm
from {{ maand_en_jaar(relation, datum) }}
{{ gemeente_en_regio_groepen(uitsplitsingen) }}
{%- endmacro %}
