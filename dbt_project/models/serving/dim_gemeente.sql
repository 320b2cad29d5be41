-- The gemeenten in this warehouse plus the region as a level of its own.
select
    gemeentecode,
    gemeentenaam,
    '{{ var("regio_naam") }}' as regio,
    jeugdregio,
    arbeidsmarktregio_code,
    arbeidsmarktregio,
    wachttijd_norm_dagen
from {{ ref('int_gemeenten') }}
union all
select
    'REGIO', 'Hele regio', '{{ var("regio_naam") }}', null, null, null, {{ var('wachttijd_norm_dagen') }}
