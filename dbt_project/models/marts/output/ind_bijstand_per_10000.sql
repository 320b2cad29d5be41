-- Persons with algemene bijstand (Participatiewet) on the last day of the period per 10,000 residents aged 18+
-- (BBV, as CBS BUS counts them): both partners of a couple's uitkering count; IOAW, IOAZ, Bbz and bijzondere
-- bijstand do not.
with uitkeringen as (
    select gemeentecode, client_id, partner_client_id, ingangsdatum, einddatum
    from {{ ref('stg_zaaksysteem__bijstand') }}
    where soort_uitkering = 'algemene_bijstand'
),

personen as (
    select gemeentecode, client_id, ingangsdatum as startdatum, einddatum from uitkeringen
    union all
    select gemeentecode, partner_client_id, ingangsdatum, einddatum from uitkeringen
    where partner_client_id is not null
),

-- On the last day of the period: the window actieve_clienten() looks at starts on the period's end.
teller as (
    {{ actieve_clienten('personen', venster_begin='p.periode_einde') }}
)

{{ per_inwoners('bijstand_per_10000', 'teller', 'inwoners_18_plus', 10000) }}
