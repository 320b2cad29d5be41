{# Every row of `relation` twice: once in the month and once in the year of its `datum`. Indicators on
   case-system events group by (periode_type, periode), so month and year are both computed from the
   rows, never summed from months. #}
{% macro maand_en_jaar(relation, datum) -%}
(
    select
        r.*,
        g.periode_type,
        case g.periode_type
            when 'maand' then date_trunc('month', r.{{ datum }})
            else date_trunc('year', r.{{ datum }})
        end::date as periode
    from {{ relation }} as r
    cross join (values ('maand'), ('jaar')) as g(periode_type)
)
{%- endmacro %}

{# The last day of the term of three working days after `datum` (Wgs: a threatening debt gets its first
   conversation within 3 working days). Counted Monday to Friday; public holidays are not modelled. #}
{% macro plus_3_werkdagen(datum) -%}
    ({{ datum }} + case isodow({{ datum }}) when 3 then 5 when 4 then 5 when 5 then 5 when 6 then 4 else 3 end)
{%- endmacro %}
