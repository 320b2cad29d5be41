{# An indicator per resident: the rows of `teller` (gemeentecode incl. REGIO, periode_type, periode, jaar,
   dimensie, dimensie_waarde, teller) against a population of int_bevolking in the same year. `noemer`
   is an expression over int_bevolking as n, e.g. 'n.inwoners_0_17' or 'n.inwoners - n.inwoners_0_17';
   `schaal` makes it a percentage (100) or a rate per 1,000 or 10,000. #}
{% macro per_inwoners(indicator_id, teller, noemer, schaal) -%}
select
    '{{ indicator_id }}' as indicator_id,
    t.gemeentecode,
    null::varchar as wijkcode,
    t.periode_type,
    t.periode,
    t.dimensie,
    t.dimensie_waarde,
    {{ schaal }}.0 * t.teller / nullif({{ noemer }}, 0) as waarde,
    t.teller,
    {{ noemer }} as noemer,
    null::double as norm
from {{ teller }} as t
left join {{ ref('int_bevolking') }} as n using (gemeentecode, jaar)
{%- endmacro %}
