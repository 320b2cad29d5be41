{# The month a ledger booking counts in: its boekdatum's month within its boekjaar; a late booking for a
   year (boekdatum in the next year) counts in December, so December holds the full year. #}
{% macro boekmaand(boekdatum, boekjaar) -%}
    least(
        greatest(date_trunc('month', {{ boekdatum }}), make_date({{ boekjaar }}, 1, 1)),
        make_date({{ boekjaar }}, 12, 1)
    )::date
{%- endmacro %}
