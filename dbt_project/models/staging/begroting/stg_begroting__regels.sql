select
    begrotingsjaar,
    gemeentecode,
    taakveld,
    soort,
    wijzigingnummer,
    datum,
    bedrag,
    _load_id
from {{ source('begroting', 'regels') }}
where {{ doorgelaten() }}
