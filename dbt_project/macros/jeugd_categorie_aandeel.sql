{# Young people of an age range with one JZ020 productcategorie in the period (jeugdbescherming 48,
   jeugdreclassering 47), as a share of the residents of that range. #}
{% macro jeugd_categorie_aandeel(indicator_id, productcategorie, van_leeftijd, tot_leeftijd, inwoners) -%}
with clienten as (
    select *
    from {{ ref('int_zorg_per_periode') }}
    where wet = 'jeugd' and productcategorie = '{{ productcategorie }}'
        and leeftijd >= {{ van_leeftijd }} and leeftijd < {{ tot_leeftijd }}
),

teller as (
    {{ clienten_per_periode('clienten') }}
)

{{ per_inwoners(indicator_id, 'teller', inwoners, 100) }}
{%- endmacro %}
