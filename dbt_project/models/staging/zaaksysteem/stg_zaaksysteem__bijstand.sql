select
    identificatie as uitkering_id,
    gemeentecode,
    client_id,
    regeling,
    datum_aanvraag,
    datum_toekenning,
    ingangsdatum,
    einddatum,
    reden_instroom,
    reden_uitstroom,
    bedrag as maandbedrag,
    _load_id
from {{ source('zaaksysteem', 'inkomensvoorzieningen') }}
where {{ doorgelaten() }}
{{ laatste_levering('gemeentecode') }}
