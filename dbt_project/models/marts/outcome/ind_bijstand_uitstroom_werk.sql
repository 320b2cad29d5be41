-- Of the bijstand uitkeringen that ended in the period: the share that ended because of work.
with beeindigd as (
    select b.gemeentecode, b.einddatum, b.reden_uitstroom = 'werk' as naar_werk
    from {{ ref('stg_zaaksysteem__bijstand') }} as b
    where b.einddatum is not null
)

{{ aandeel_per_periode('bijstand_uitstroom_werk', 'beeindigd', 'einddatum', 'naar_werk') }}
