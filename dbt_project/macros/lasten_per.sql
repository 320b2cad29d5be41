{# Lasten per unit, year to date: the lasten per wet of int_lasten_per_wet (gemeente and REGIO, wet and
   'totaal') divided by `noemer`, an expression over `noemers` as n joined on `sleutel`, e.g. the residents
   of int_bevolking on (gemeentecode, jaar). #}
{% macro lasten_per(indicator_id, noemers, sleutel, noemer) -%}
select
    '{{ indicator_id }}' as indicator_id,
    l.gemeentecode,
    null::varchar as wijkcode,
    l.periode_type,
    l.periode,
    if(l.wet = 'totaal', 'totaal', 'wet') as dimensie,
    l.wet as dimensie_waarde,
    l.lasten / nullif({{ noemer }}, 0) as waarde,
    l.lasten as teller,
    {{ noemer }} as noemer,
    null::double as norm
from {{ ref('int_lasten_per_wet') }} as l
left join {{ noemers }} as n using ({{ sleutel | join(', ') }})
{%- endmacro %}
