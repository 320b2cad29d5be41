select
    beschikkingnummer,
    gemeentecode,
    client_id,
    doelnummer,
    leefgebied,
    datum_vastgesteld,
    datum_evaluatie,
    behaald,
    _load_id
from {{ source('zaaksysteem', 'doelen') }}
where {{ doorgelaten() }}
{{ laatste_levering('gemeentecode') }}
