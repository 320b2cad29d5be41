-- Residents with at least one Wmo maatwerkvoorziening in the period, per 1,000 residents; in total and
-- per GMSD type (seed gmsd_type maps WMO020 productcategorie; a client counts once per type; a category
-- outside the map shows as 'onbekend' rather than vanishing from the breakdown).
with clienten as (
    select
        z.gemeentecode, z.periode_type, z.periode, z.jaar, z.client_id, coalesce(g.gmsd_type, 'onbekend') as gmsd_type
    from {{ ref('int_zorg_per_periode') }} as z
    left join {{ ref('gmsd_type') }} as g using (productcategorie)
    where z.wet = 'wmo'
),

teller as (
    {{ clienten_per_periode('clienten', ['gmsd_type']) }}
)

{{ per_inwoners('wmo_maatwerk_per_1000', 'teller', 'n.inwoners', 1000) }}
