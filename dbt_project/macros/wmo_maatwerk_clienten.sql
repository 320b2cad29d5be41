{# Every Wmo maatwerkvoorziening, in natura or as pgb, from the case system's beschikte voorzieningen (pgb has
   no iWmo messages): gemeentecode, client_id, startdatum, einddatum and the voorziening's GMSD type (seed
   gmsd_type; a productcategorie outside it is 'onbekend'). The relation actieve_clienten() counts. #}
{% macro wmo_maatwerk_clienten() -%}
select
    v.gemeentecode,
    v.client_id,
    v.datum_start as startdatum,
    v.datum_einde as einddatum,
    coalesce(g.gmsd_type, 'onbekend') as gmsd_type
from {{ ref('stg_zaaksysteem__voorzieningen') }} as v
left join {{ ref('gmsd_type') }} as g using (productcategorie)
where v.wet = 'wmo'
{%- endmacro %}
