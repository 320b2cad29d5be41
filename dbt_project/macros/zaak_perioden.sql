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
