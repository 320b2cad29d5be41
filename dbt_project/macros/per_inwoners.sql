{# An indicator per resident: the rows of `teller` (gemeentecode incl. REGIO, periode_type, periode, jaar,
   dimensie, dimensie_waarde, teller) against a population of int_bevolking in the same year. `noemer`
   is a column of int_bevolking ('inwoners' or one of bevolking_leeftijden(), e.g. 'inwoners_0_17'): the
   same name the indicator's YAML declares as meta.indicator.noemer_bevolking, which is how the published
   figure says whether its noemer is an estimate. `schaal` makes it a percentage (100) or a rate per
   1,000 or 10,000. #}
{% macro per_inwoners(indicator_id, teller, noemer, schaal) -%}
{%- if execute and noemer != 'inwoners' and noemer not in bevolking_leeftijden() %}
    {{ exceptions.raise_compiler_error(
        "per_inwoners: noemer '" ~ noemer ~ "' is geen kolom van int_bevolking (inwoners, "
        ~ bevolking_leeftijden().keys() | join(', ') ~ ")") }}
{%- endif %}
select
    '{{ indicator_id }}' as indicator_id,
    t.gemeentecode,
    null::varchar as wijkcode,
    t.periode_type,
    t.periode,
    t.dimensie,
    t.dimensie_waarde,
    {{ schaal }}.0 * t.teller / nullif(n.{{ noemer }}, 0) as waarde,
    t.teller,
    n.{{ noemer }} as noemer,
    null::double as norm
from {{ teller }} as t
left join {{ ref('int_bevolking') }} as n using (gemeentecode, jaar)
{%- endmacro %}
