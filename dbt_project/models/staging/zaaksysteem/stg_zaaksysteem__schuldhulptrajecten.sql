select
    identificatie as traject_id,
    gemeentecode,
    client_id,
    datum_aanmelding,
    spoed,
    datum_eerste_gesprek,
    fase,
    einddatum,
    uitstroomreden,
    schuldbedrag,
    _load_id
from {{ source('zaaksysteem', 'schuldhulptrajecten') }}
where {{ doorgelaten() }}
{{ laatste_levering('gemeentecode') }}
