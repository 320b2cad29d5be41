-- The gemeenten in this warehouse plus the region as a level of its own, each with its comparable group:
-- CBS size class and urbanity in broad bands, so that a region of a handful of gemeenten still has groups
-- with more than one member. The region's name comes from the home's stuurwiel.toml (pipelines/regio.py, passed
-- by the dbt asset); a build without it names no region, and the pages say "Hele regio".
{%- set regio_naam = env_var('STUURWIEL_REGIO_NAAM', '') | replace("'", "''") %}
with gemeenten as (
    select
        *,
        case
            when gemeentegrootte <= 3 then 'tot 20.000 inwoners'
            when gemeentegrootte = 4 then '20.000 tot 50.000 inwoners'
            when gemeentegrootte = 5 then '50.000 tot 100.000 inwoners'
            when gemeentegrootte >= 6 then '100.000 inwoners of meer'
        end as grootteklasse,
        case
            when stedelijkheid <= 2 then 'sterk stedelijk'
            when stedelijkheid = 3 then 'matig stedelijk'
            when stedelijkheid >= 4 then 'weinig of niet stedelijk'
        end as stedelijkheidsklasse
    from {{ ref('int_gemeenten') }}
)

select
    gemeentecode,
    gemeentenaam,
    nullif('{{ regio_naam }}', '') as regio,
    jeugdregio,
    arbeidsmarktregio_code,
    arbeidsmarktregio,
    wachttijd_norm_dagen,
    grootteklasse,
    stedelijkheidsklasse,
    grootteklasse || ', ' || stedelijkheidsklasse as vergelijkingsgroep
from gemeenten
union all
select
    'REGIO', 'Hele regio', nullif('{{ regio_naam }}', ''), null, null, null,
    {{ var('wachttijd_norm_dagen') }}, null, null, null
