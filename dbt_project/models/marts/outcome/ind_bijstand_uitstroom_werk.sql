-- Of the uitkeringen algemene bijstand that ended in the period: the share that ended because of work. Counted
-- per uitkering (household), as CBS counts ended uitkeringen: a couple's uitkering is one.
with beeindigd as (
    select b.gemeentecode, b.einddatum, b.reden_uitstroom = 'werk' as naar_werk
    from {{ ref('stg_zaaksysteem__bijstand') }} as b
    where b.einddatum is not null and b.soort_uitkering = 'algemene_bijstand'
)

{{ aandeel_per_periode('bijstand_uitstroom_werk', 'beeindigd', 'einddatum', 'naar_werk') }}
