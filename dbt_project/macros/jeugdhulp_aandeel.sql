{# Young people below an age with jeugdhulp in the period, as a share of the residents of that age; in
   total and split into care with and without verblijf. Jeugdbescherming and jeugdreclassering (JZ020
   47-49) are not jeugdhulp in the BBV and CBS sense and are left out. Age is taken in the period as
   int_zorg_per_periode takes it (jeugdtrajecten_onder()). #}
{% macro jeugdhulp_aandeel(indicator_id, tot_leeftijd, inwoners) -%}
with clienten as (
    select
        gemeentecode, client_id, startdatum, einddatum,
        if(productcategorie in ('35', '36', '37', '38', '43', '44', '46'), 'met_verblijf', 'zonder_verblijf') as verblijf
    from ({{ jeugdtrajecten_onder(tot_leeftijd) }}) as t
    where productcategorie not in ('47', '48', '49')
),

teller as (
    {{ actieve_clienten('clienten', ['verblijf']) }}
)

{{ per_inwoners(indicator_id, 'teller', inwoners, 100) }}
{%- endmacro %}
