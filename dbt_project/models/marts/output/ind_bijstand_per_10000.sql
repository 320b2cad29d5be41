-- Persons with a bijstand uitkering on the last day of the period per 10,000 residents aged 18+ (BBV).
-- Residents 18+ are all residents minus the estimated 0-17 population of int_bevolking.
with stand as (
    select p.periode_type, p.periode, p.jaar, b.gemeentecode, b.client_id
    from {{ ref('int_perioden') }} as p
    inner join {{ ref('stg_zaaksysteem__bijstand') }} as b
        on b.ingangsdatum <= p.periode_einde and (b.einddatum is null or b.einddatum >= p.periode_einde)
),

teller as (
    {{ clienten_per_periode('stand') }}
)

{{ per_inwoners('bijstand_per_10000', 'teller', 'n.inwoners - n.inwoners_0_17', 10000) }}
