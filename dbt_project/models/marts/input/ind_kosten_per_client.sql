-- Lasten per client, year to date: the wet's ledger lasten from 1 January to the period's end, divided by
-- the distinct clients who had care under that wet in the same stretch.
with trajecten as (
    select gemeentecode, client_id, wet, startdatum, einde_zorg as einddatum
    from {{ ref('int_trajecten') }}
),

per_wet as (
    {{ actieve_clienten('trajecten', ['wet'], venster_begin='make_date(p.jaar, 1, 1)') }}
),

clienten as (
    select gemeentecode, dimensie_waarde as wet, periode_type, periode, teller as clienten
    from per_wet
)

{{ lasten_per(
    'kosten_per_client', 'clienten', ['gemeentecode', 'wet', 'periode_type', 'periode'], 'coalesce(n.clienten, 0)'
) }}
