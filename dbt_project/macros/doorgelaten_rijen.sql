{# A staging model of a delivered source: the rows of `bron`.`tabel` whose delivery passed the quality
   gate (doorgelaten()), with `kolommen` (a column may be renamed or computed: 'identificatie as
   melding_id') and the delivery's _load_id. #}
{% macro doorgelaten_rijen(bron, tabel, kolommen) -%}
select
    {%- for kolom in kolommen %}
    {{ kolom }},
    {%- endfor %}
    _load_id
from {{ source(bron, tabel) }}
where {{ doorgelaten() }}
{%- endmacro %}
