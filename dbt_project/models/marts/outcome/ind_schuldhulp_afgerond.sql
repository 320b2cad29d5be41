-- Of the schuldhulp trajectories that ended in the period: the share completed positively ('Afgerond',
-- DDAS). Ends that say nothing about the help (Overleden, Verhuisd) do not count.
with beeindigd as (
    select s.gemeentecode, s.einddatum, s.uitstroomreden = 'Afgerond' as afgerond
    from {{ ref('stg_zaaksysteem__schuldhulptrajecten') }} as s
    where s.einddatum is not null and coalesce(s.uitstroomreden, '') not in ('Overleden', 'Verhuisd')
)

select
    'schuldhulp_afgerond' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    'totaal' as dimensie,
    'totaal' as dimensie_waarde,
    100.0 * count(*) filter (where afgerond) / count(*) as waarde,
    count(*) filter (where afgerond) as teller,
    count(*) as noemer,
    null::double as norm
from {{ maand_en_jaar('beeindigd', 'einddatum') }} as b
group by grouping sets ((gemeentecode, periode_type, periode), (periode_type, periode))
