-- Persons with algemene bijstand (Participatiewet) on the last day of the period per 10,000 residents aged 18+
-- (BBV, as CBS BUS counts them): both partners of a couple's uitkering count; IOAW, IOAZ, Bbz and bijzondere
-- bijstand do not.
with uitkeringen as (
    select gemeentecode, client_id, partner_client_id, ingangsdatum, einddatum
    from {{ ref('stg_zaaksysteem__bijstand') }}
    where soort_uitkering = 'algemene_bijstand'
),

personen as (
    select gemeentecode, client_id, ingangsdatum, einddatum from uitkeringen
    union all
    select gemeentecode, partner_client_id as client_id, ingangsdatum, einddatum from uitkeringen
    where partner_client_id is not null
),

stand as (
    select p.periode_type, p.periode, p.jaar, b.gemeentecode, b.client_id
    from {{ ref('int_perioden') }} as p
    inner join personen as b
        on b.ingangsdatum <= p.periode_einde and (b.einddatum is null or b.einddatum >= p.periode_einde)
),

teller as (
    {{ clienten_per_periode('stand') }}
)

{{ per_inwoners('bijstand_per_10000', 'teller', 'inwoners_18_plus', 10000) }}
