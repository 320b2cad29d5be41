-- The gemeenten this warehouse serves: every gemeente that delivered messages or bookings.
with actief as (
    select distinct gemeentecode from {{ ref('stg_berichten__toewijzingen') }}
    union
    select distinct gemeentecode from {{ ref('stg_grootboek__boekingen') }}
)

select
    a.gemeentecode,
    coalesce(g.gemeentenaam, a.gemeentecode) as gemeentenaam,
    g.provincie,
    g.jeugdregio,
    g.gemeentegrootte,
    g.stedelijkheid,
    coalesce(n.wachttijd_norm_dagen, {{ var('wachttijd_norm_dagen') }}) as wachttijd_norm_dagen
from actief as a
left join {{ ref('stg_cbs__gemeenten') }} as g using (gemeentecode)
left join {{ ref('gemeente_instellingen') }} as n using (gemeentecode)
