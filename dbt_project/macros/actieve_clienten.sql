{# Distinct clients with something running in each period of int_perioden, per gemeente and for the region,
   in total and per value of each of `uitsplitsingen`, with the period's year: the teller of an indicator per
   resident (per_inwoners()), laid out as clienten_per_periode() lays it out.

   `relation` has one row per running thing (a voorziening, an uitkering, a trajectory): gemeentecode,
   client_id, startdatum, einddatum (null while it runs) and the breakdown columns. A row runs in a period
   when it starts on or before the period's end and does not end before `venster_begin`, the first day the
   period looks at: the period's first day (running in the period), make_date(p.jaar, 1, 1) (year to date)
   or p.periode_einde (on the last day).

   Why not expand every row into its periods and count distinct clients: at national scale that is a hundred
   million person-period rows per indicator, hashed and spilled to disk. Instead, per key (the client, with
   the set's gemeente and breakdown value) the rows are ordered by start, and a row counts for a period only
   when no earlier-starting row of the key still ran on venster_begin. Of a key's rows running in a period
   exactly one qualifies, the earliest-starting (every row before it ended before venster_begin; every row
   after it has it before them, still running), so count(*) is the distinct count and the aggregate is as
   small as its result. #}
{% macro actieve_clienten(relation, uitsplitsingen=[], venster_begin='p.periode') -%}
    {%- for gemeente in [true, false] %}
        {%- for u in [none] + uitsplitsingen %}
            {%- set sleutel = (['gemeentecode'] if gemeente else []) + ([u] if u else []) + ['client_id'] %}
select
    {{ 'v.gemeentecode' if gemeente else "'REGIO'" }} as gemeentecode,
    p.periode_type,
    p.periode,
    p.jaar,
    '{{ u or "totaal" }}' as dimensie,
    {{ 'v.' ~ u if u else "'totaal'" }} as dimensie_waarde,
    count(*) as teller
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
group by all
            {%- if not (loop.last and not gemeente) %}
union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
{%- endmacro %}
