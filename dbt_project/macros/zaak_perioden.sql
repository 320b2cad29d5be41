{# Every row of `relation` once in the month and once in the year of its `datum`, for the periods the
   delivered data covers (int_perioden): a case export also holds history from before the messages and
   ledger start, which would otherwise show up as periods of their own. Month and year are both computed
   from the rows, never summed from months. #}
{% macro maand_en_jaar(relation, datum) -%}
(
    select r.*, p.periode_type, p.periode
    from {{ relation }} as r
    inner join {{ ref('int_perioden') }} as p on r.{{ datum }} between p.periode and p.periode_einde
)
{%- endmacro %}

{# The last day of the term of three working days after `datum` (Wgs: a threatening debt gets its first
   conversation within 3 working days). Counted Monday to Friday; public holidays are not modelled. #}
{% macro plus_3_werkdagen(datum) -%}
    ({{ datum }} + case isodow({{ datum }}) when 3 then 5 when 4 then 5 when 5 then 5 when 6 then 4 else 3 end)
{%- endmacro %}

{# The share of the rows of `relation` for which `geslaagd` holds, per gemeente and for the region, in the
   month and year of `datum`: the shape of every "share within the term" or "share with this outcome"
   indicator of the case export. #}
{% macro aandeel_per_periode(indicator_id, relation, datum, geslaagd) -%}
select
    '{{ indicator_id }}' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    'totaal' as dimensie,
    'totaal' as dimensie_waarde,
    100.0 * count(*) filter (where {{ geslaagd }}) / count(*) as waarde,
    count(*) filter (where {{ geslaagd }}) as teller,
    count(*) as noemer,
    null::double as norm
from {{ maand_en_jaar(relation, datum) }}
group by grouping sets ((gemeentecode, periode_type, periode), (periode_type, periode))
{%- endmacro %}
