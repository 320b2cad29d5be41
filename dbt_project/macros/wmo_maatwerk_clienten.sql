{# Every resident with a Wmo maatwerkvoorziening running in a period (started on or before its last day, not
   ended before its first), in natura or as pgb, from the case system's beschikte voorzieningen (pgb has no
   iWmo messages): gemeentecode, periode_type, periode, jaar, client_id and the voorziening's GMSD type (seed
   gmsd_type; a productcategorie outside it is 'onbekend'). The relation clienten_per_periode() counts. #}
{% macro wmo_maatwerk_clienten() -%}
select
    v.gemeentecode,
    p.periode_type,
    p.periode,
    p.jaar,
    v.client_id,
    coalesce(g.gmsd_type, 'onbekend') as gmsd_type
from {{ ref('stg_zaaksysteem__voorzieningen') }} as v
inner join {{ ref('int_perioden') }} as p
    on v.datum_start <= p.periode_einde and (v.datum_einde is null or v.datum_einde >= p.periode)
left join {{ ref('gmsd_type') }} as g using (productcategorie)
where v.wet = 'wmo'
{%- endmacro %}
