{# Every row of `relation` once in each period (month, quarter, half year, year) that holds its `datum`,
   for the periods the delivered data covers (int_perioden): a case export also holds history from before
   the messages and ledger start, which would otherwise show up as periods of their own. Every period is
   computed from the rows, never summed from months. #}
{% macro maand_en_jaar(relation, datum) -%}
(
    select r.*, p.periode_type, p.periode
    from {{ relation }} as r
    inner join {{ ref('int_perioden') }} as p on r.{{ datum }} between p.periode and p.periode_einde
)
{%- endmacro %}
