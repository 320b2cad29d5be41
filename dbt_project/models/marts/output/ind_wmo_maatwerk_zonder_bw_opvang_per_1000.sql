-- The GMSD total without verblijf en opvang: residents with at least one Wmo maatwerkvoorziening in the period
-- other than beschermd wonen or opvang (WMO020 15-18, GMSD type verblijf_en_opvang), in natura or as pgb, per
-- 1,000 residents. A client with beschermd wonen and also, say, begeleiding still counts; one with only
-- beschermd wonen or opvang does not.
with clienten as (
    {{ wmo_maatwerk_clienten() }}
),

zonder_verblijf as (
    select * from clienten
    where gmsd_type <> 'verblijf_en_opvang'
),

teller as (
    {{ actieve_clienten('zonder_verblijf') }}
)

{{ per_inwoners('wmo_maatwerk_zonder_bw_opvang_per_1000', 'teller', 'inwoners', 1000) }}
