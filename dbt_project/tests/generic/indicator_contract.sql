{# The contract every indicator model keeps, named once in its YAML (`data_tests: [indicator_contract]`):
   the eleven columns of the long table with their types; indicator_id is the YAML's meta.indicator.id;
   the key (gemeentecode, periode_type, periode, dimensie, dimensie_waarde) is never null and, with
   wijkcode, unique; periode_type is maand, kwartaal, halfjaar or jaar; dimensie and dimensie_waarde are
   'totaal' together; and for a ratio (meta.indicator.schaal) waarde = schaal x teller / noemer.
   Each failing row says what is wrong (`fout`) and where. #}
{% test indicator_contract(model) %}
{%- set tekst = ['indicator_id', 'gemeentecode', 'wijkcode', 'periode_type', 'dimensie', 'dimensie_waarde'] %}
{%- set getal = ['waarde', 'teller', 'noemer', 'norm'] %}
{%- set sleutel = ['gemeentecode', 'wijkcode', 'periode_type', 'periode', 'dimensie', 'dimensie_waarde'] %}
{%- set meta = {} %}
{%- if execute %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.alias == model.identifier
                                              and node.schema == model.schema %}
        {%- do meta.update(node.config.meta.get('indicator') or {}) %}
    {%- endfor %}
{%- endif %}
with kolommen as (
    select column_name as kolom, data_type as type
    from information_schema.columns
    where table_schema = '{{ model.schema }}' and table_name = '{{ model.identifier }}'
),

verwacht(kolom, soort) as (
    values
    {%- for k in tekst %} ('{{ k }}', 'tekst'),{% endfor %}
    ('periode', 'datum'),
    {%- for k in getal %} ('{{ k }}', 'getal'){% if not loop.last %},{% endif %}{% endfor %}
),

kolomfouten as (
    select
        'kolom ' || v.kolom || case when k.kolom is null then ' ontbreekt' else ' heeft type ' || k.type end as fout
    from verwacht as v
    left join kolommen as k using (kolom)
    where k.kolom is null
       or (v.soort = 'tekst' and k.type <> 'VARCHAR')
       or (v.soort = 'datum' and k.type <> 'DATE')
       or (v.soort = 'getal' and not (k.type in ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT',
           'USMALLINT', 'UINTEGER', 'UBIGINT', 'FLOAT', 'DOUBLE') or k.type like 'DECIMAL%'))
)

select fout, null as indicator_id, null as gemeentecode, null as wijkcode, null as periode_type, null as periode,
       null as dimensie, null as dimensie_waarde
from kolomfouten
{#- A missing column would make the row checks below fail to compile: report the columns only then. #}
{%- set namen = (adapter.get_columns_in_relation(model) | map(attribute='name') | map('lower') | list) if execute else [] %}
{%- if execute and (tekst + ['periode'] + getal) | reject('in', namen) | list | length == 0 %}

union all

select fout, indicator_id, gemeentecode, wijkcode, periode_type, periode::varchar, dimensie, dimensie_waarde
from (
    select
        case
            when indicator_id is distinct from {{ sql_tekst(meta.get('id')) }}
                then 'indicator_id is niet ' || {{ sql_tekst(meta.get('id')) }}
            {%- for k in sleutel if k != 'wijkcode' %}
            when {{ k }} is null then '{{ k }} is leeg'
            {%- endfor %}
            when periode_type not in ('maand', 'kwartaal', 'halfjaar', 'jaar')
                then 'periode_type ' || periode_type || ' is geen maand, kwartaal, halfjaar of jaar'
            when (dimensie = 'totaal') <> (dimensie_waarde = 'totaal')
                then 'dimensie en dimensie_waarde zijn niet allebei totaal'
            {%- if meta.get('schaal') is not none %}
            when noemer > 0 and waarde is not null
             and abs(waarde - {{ meta.get('schaal') }} * teller / noemer) > 1e-6 * greatest(abs(waarde), 1)
                then 'waarde is niet {{ meta.get('schaal') }} x teller / noemer'
            {%- endif %}
        end as fout,
        *
    from {{ model }}
)
where fout is not null

union all

select 'sleutel komt ' || count(*) || ' keer voor' as fout, any_value(indicator_id),
       {{ sleutel | join(', ') | replace('periode,', 'periode::varchar,') }}
from {{ model }}
group by {{ sleutel | join(', ') }}
having count(*) > 1
{%- endif %}
{% endtest %}
