{# Young people below an age with jeugdhulp in the period, as a share of the residents of that age; in
   total and split into care with and without verblijf. Jeugdbescherming and jeugdreclassering (JZ020
   47-49) are not jeugdhulp in the BBV and CBS sense and are left out. Age is taken in the period
   (int_zorg_per_periode). #}
{% macro jeugdhulp_aandeel(indicator_id, tot_leeftijd, inwoners) -%}
with clienten as (
    select
        gemeentecode, periode_type, periode, jaar, client_id,
        if(productcategorie in ('35', '36', '37', '38', '43', '44', '46'), 'met_verblijf', 'zonder_verblijf') as verblijf
    from {{ ref('int_zorg_per_periode') }}
    where wet = 'jeugd' and leeftijd < {{ tot_leeftijd }} and productcategorie not in ('47', '48', '49')
),

teller as (
    select
        coalesce(gemeentecode, 'REGIO') as gemeentecode,
        periode_type,
        periode,
        any_value(jaar) as jaar,
        if(grouping(verblijf) = 1, 'totaal', 'verblijf') as dimensie,
        coalesce(verblijf, 'totaal') as dimensie_waarde,
        count(distinct client_id) as teller
    from clienten
    group by grouping sets (
        (gemeentecode, periode_type, periode, verblijf), (gemeentecode, periode_type, periode),
        (periode_type, periode, verblijf), (periode_type, periode)
    )
)

{{ per_inwoners(indicator_id, 'teller', 'n.' ~ inwoners, 100) }}
{%- endmacro %}

{# Young people of an age range with one JZ020 productcategorie in the period (jeugdbescherming 48,
   jeugdreclassering 47), as a share of the residents of that range. #}
{% macro jeugd_categorie_aandeel(indicator_id, productcategorie, van_leeftijd, tot_leeftijd, inwoners) -%}
with teller as (
    select
        coalesce(gemeentecode, 'REGIO') as gemeentecode, periode_type, periode, any_value(jaar) as jaar,
        'totaal' as dimensie, 'totaal' as dimensie_waarde, count(distinct client_id) as teller
    from {{ ref('int_zorg_per_periode') }}
    where wet = 'jeugd' and productcategorie = '{{ productcategorie }}'
      and leeftijd >= {{ van_leeftijd }} and leeftijd < {{ tot_leeftijd }}
    group by grouping sets ((gemeentecode, periode_type, periode), (periode_type, periode))
)

{{ per_inwoners(indicator_id, 'teller', 'n.' ~ inwoners, 100) }}
{%- endmacro %}
