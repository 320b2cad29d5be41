-- The gemeenten this warehouse serves: every gemeente that delivered messages or bookings.
with actief as (
    select distinct gemeentecode from {{ ref('stg_berichten__toewijzingen') }}
    union
    select distinct gemeentecode from {{ ref('stg_grootboek__boekingen') }}
),

-- The region indeling is of 2022: a gemeente formed later takes its predecessors' regions.
indeling_code as (
    select gemeentecode, min(voorganger_gemeentecode) as indeling_gemeentecode
    from {{ ref('gemeente_voorgangers') }}
    group by gemeentecode
)

select
    a.gemeentecode,
    coalesce(g.gemeentenaam, a.gemeentecode) as gemeentenaam,
    g.provincie,
    g.jeugdregio,
    r.arbeidsmarktregio_code,
    r.arbeidsmarktregio,
    r.gemeentegrootte,
    r.stedelijkheid,
    coalesce(n.wachttijd_norm_dagen, {{ var('wachttijd_norm_dagen') }}) as wachttijd_norm_dagen
from actief as a
left join {{ ref('stg_cbs__gemeenten') }} as g using (gemeentecode)
left join indeling_code as i using (gemeentecode)
left join {{ ref('stg_cbs__regio_indelingen') }} as r
    on r.gemeentecode = coalesce(i.indeling_gemeentecode, a.gemeentecode)
left join {{ ref('gemeente_instellingen') }} as n using (gemeentecode)
