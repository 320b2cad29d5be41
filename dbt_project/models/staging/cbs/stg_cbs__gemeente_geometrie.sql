select
    gemeentecode,
    gemeentenaam,
    geometrie_geojson
from {{ source('cbs', 'gemeente_geometrie') }}
