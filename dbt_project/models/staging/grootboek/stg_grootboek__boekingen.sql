select
    boekjaar,
    boekdatum,
    gemeentecode,
    taakveld,
    categorie,
    kostenplaats,
    crediteurnummer,
    crediteurnaam,
    omschrijving,
    bedrag,
    _load_id
from {{ source('grootboek', 'boekingen') }}
where {{ doorgelaten() }}
