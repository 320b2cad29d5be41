-- Residents with at least one Wmo maatwerkvoorziening in the period, in natura or as pgb (case-system
-- beschikkingen, as the GMSD counts them), per 1,000 residents; in total and per GMSD type (a client counts
-- once per type and once in the total).
with clienten as (
    {{ wmo_maatwerk_clienten() }}
),

teller as (
    {{ actieve_clienten('clienten', ['gmsd_type']) }}
)

{{ per_inwoners('wmo_maatwerk_per_1000', 'teller', 'inwoners', 1000) }}
