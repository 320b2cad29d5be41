-- Median waiting days from toewijzing to start of care, for care that started in the period.
with gestart as (
    select *, wachtdagen as dagen
    from {{ maand_en_jaar(ref('int_wachttijden'), 'startdatum') }}
),

-- Each gemeente has its own norm; the region is held to the default.
{{ kwantiel_per_dag('wachttijd_mediaan', 'gestart', 0.5, ['wet'], norm=
    "if(grouping(gemeentecode) = 1, " ~ var('wachttijd_norm_dagen') ~ ", any_value(wachttijd_norm_dagen))"
) }}
