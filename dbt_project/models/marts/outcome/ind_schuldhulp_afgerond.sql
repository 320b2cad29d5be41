-- Of the schuldhulp trajectories that ended in the period: the share completed positively ('Afgerond',
-- DDAS). Ends that say nothing about the help (Overleden, Verhuisd) do not count.
with beeindigd as (
    select s.gemeentecode, s.einddatum, s.uitstroomreden = 'Afgerond' as afgerond
    from {{ ref('stg_zaaksysteem__schuldhulptrajecten') }} as s
    where s.einddatum is not null and coalesce(s.uitstroomreden, '') not in ('Overleden', 'Verhuisd')
)

{{ aandeel_per_periode('schuldhulp_afgerond', 'beeindigd', 'einddatum', 'afgerond') }}
