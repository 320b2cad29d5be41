{# Every jeugd trajectory of int_trajecten for the part of it in which the client was younger than
   `tot_leeftijd`: the relation actieve_clienten() counts (gemeentecode, client_id, productcategorie,
   startdatum, einddatum). int_zorg_per_periode takes age on the first day of care within a period, so a
   trajectory counts for a period as long as that day falls before the birthday of `tot_leeftijd`: the
   trajectory, ended the day before that birthday (only the birth month is stored, so the birthday is the
   month's first day, as there). #}
{% macro jeugdtrajecten_onder(tot_leeftijd) -%}
select
    gemeentecode,
    client_id,
    productcategorie,
    startdatum,
    least(
        coalesce(einde_zorg, date '9999-12-31'),
        (geboortemaand + interval {{ tot_leeftijd }} year)::date - 1
    ) as einddatum
from {{ ref('int_trajecten') }}
where wet = 'jeugd' and startdatum < geboortemaand + interval {{ tot_leeftijd }} year
{%- endmacro %}
