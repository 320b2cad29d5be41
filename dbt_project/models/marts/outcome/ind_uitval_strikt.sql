-- Strict drop-out: of the trajectories that ended in the period (a stop message, any reason), the share ended
-- one-sidedly by the client or by the aanbieder: JZ588 32 and 33 for jeugd, WMO588 21 and 22 for Wmo (the two
-- codelists number differently). Ended in mutual agreement (JZ588 34 / WMO588 23) is not strict drop-out, and
-- unlike beeindigd_volgens_plan neutral reasons (death, moving, administrative) stay in the denominator.
-- Per wet and aanbieder; the serving layer hides an aanbieder below min_noemer_aanbieder.
with beeindigd as (
    select
        wet, gemeentecode, aanbieder, stopdatum,
        coalesce(
            (wet = 'jeugd' and reden_beeindiging in ('32', '33'))
            or (wet = 'wmo' and reden_beeindiging in ('21', '22')),
            false
        ) as strikt
    from {{ ref('int_trajecten') }}
    where stopdatum is not null
)

{{ aandeel_per_periode('uitval_strikt', 'beeindigd', 'stopdatum', 'strikt', ['wet', 'aanbieder']) }}
