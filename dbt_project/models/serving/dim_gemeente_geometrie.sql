-- Polygons of the gemeenten this warehouse serves, for the dashboard's maps. Bron: CBS, PDOK.
select
    g.gemeentecode,
    g.geometrie_geojson
from {{ ref('stg_cbs__gemeente_geometrie') }} as g
inner join {{ ref('int_gemeenten') }} using (gemeentecode)
