-- The BBV form of wmo_maatwerk_per_1000: residents with at least one Wmo maatwerkvoorziening in the period,
-- in natura or as pgb, per 10,000 residents; total only.
with clienten as (
    {{ wmo_maatwerk_clienten() }}
),

teller as (
    {{ actieve_clienten('clienten') }}
)

{{ per_inwoners('wmo_maatwerk_per_10000', 'teller', 'inwoners', 10000) }}
