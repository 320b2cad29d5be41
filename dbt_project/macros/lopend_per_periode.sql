{# Per key of `sleutel` (columns of `relation`, the client among them) and period of int_perioden: the one row of
   the key that runs in the period and started first, with the period's columns (periode_type, periode, jaar).
   `relation` has startdatum and einddatum (null while it runs); a row runs in a period when it starts on or
   before the period's end and does not end before `venster_begin`, the first day the period looks at.

   The rows of a key are ordered by start; a row is the first running one when no earlier-starting row of the
   key still ran on venster_begin (every row before it ended before that day; every row after it has it before
   them, still running). So the result has one row per key and period without expanding every row into its
   periods and deduplicating, which at national scale is a hundred million person-period rows. #}
{% macro lopend_per_periode(relation, sleutel, venster_begin='p.periode') -%}
select v.*, p.periode_type, p.periode, p.jaar
from (
    select
        *,
        max(coalesce(einddatum, date '9999-12-31')) over (
            partition by {{ sleutel | join(', ') }} order by startdatum
            rows between unbounded preceding and 1 preceding
        ) as eerder_einde
    from {{ relation }}
) as v
inner join {{ ref('int_perioden') }} as p
    on v.startdatum <= p.periode_einde
        and coalesce(v.einddatum, date '9999-12-31') >= {{ venster_begin }}
        and coalesce(v.eerder_einde, date '0001-01-01') < {{ venster_begin }}
{%- endmacro %}
