{# Distinct clients with something running in each period of int_perioden, per gemeente and for the region,
   in total and per value of each of `uitsplitsingen`, with the period's year: the teller of an indicator per
   resident (per_inwoners()), laid out as clienten_per_periode() lays it out.

   `relation` has one row per running thing (a voorziening, an uitkering, a trajectory): gemeentecode,
   client_id, startdatum, einddatum (null while it runs) and the breakdown columns. `venster_begin` is the first
   day a period looks at: the period's first day (running in the period), make_date(p.jaar, 1, 1) (year to
   date) or p.periode_einde (on the last day). lopend_per_periode() gives one row per client (with the set's
   gemeente and breakdown value) and period, so count(*) is the distinct count and the aggregate is as small as
   its result. #}
{% macro actieve_clienten(relation, uitsplitsingen=[], venster_begin='p.periode') -%}
    {%- for gemeente in [true, false] %}
        {%- for u in [none] + uitsplitsingen %}
            {%- set sleutel = (['gemeentecode'] if gemeente else []) + ([u] if u else []) + ['client_id'] %}
select
    {{ 'gemeentecode' if gemeente else "'REGIO'" }} as gemeentecode,
    periode_type,
    periode,
    jaar,
    '{{ u or "totaal" }}' as dimensie,
    {{ u if u else "'totaal'" }} as dimensie_waarde,
    count(*) as teller
from ({{ lopend_per_periode(relation, sleutel, venster_begin) }}) as l
group by all
            {%- if not (loop.last and not gemeente) %}
union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
{%- endmacro %}
