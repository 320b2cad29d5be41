{# Young people of an age range with one JZ020 productcategorie in the period (jeugdbescherming 48,
   jeugdreclassering 47), as a share of the residents of that range. #}
{% macro jeugd_categorie_aandeel(indicator_id, productcategorie, van_leeftijd, tot_leeftijd, inwoners) -%}
with teller as (
    select
        {{ gemeente_en_regio_kolommen(wijkcode=false) }},
        any_value(jaar) as jaar, count(distinct client_id) as teller
    from {{ ref('int_zorg_per_periode') }}
    where wet = 'jeugd' and productcategorie = '{{ productcategorie }}'
      and leeftijd >= {{ van_leeftijd }} and leeftijd < {{ tot_leeftijd }}
    {{ gemeente_en_regio_groepen() }}
)

{{ per_inwoners(indicator_id, 'teller', 'n.' ~ inwoners, 100) }}
{%- endmacro %}
