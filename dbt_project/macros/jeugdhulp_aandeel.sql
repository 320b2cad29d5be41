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
    {{ clienten_per_periode('clienten', ['verblijf']) }}
)

{{ per_inwoners(indicator_id, 'teller', inwoners, 100) }}
{%- endmacro %}
