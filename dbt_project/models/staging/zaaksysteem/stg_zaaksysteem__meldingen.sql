select
    identificatie as melding_id,
    gemeentecode,
    client_id,
    wet,
    datum_melding,
    datum_start_onderzoek,
    datum_einde_onderzoek,
    datum_aanvraag,
    datum_beschikking,
    beschikkingnummer,
    _load_id
from {{ source('zaaksysteem', 'meldingen') }}
where {{ doorgelaten() }}
{{ laatste_levering('gemeentecode') }}
