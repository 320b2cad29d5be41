select
    wet,
    gemeentecode,
    aanbieder,
    bericht_id,
    dagtekening,
    referentie_aanbieder,
    verzoek_antwoord,
    reden_afwijzing,
    woonplaatsbeginsel_gemeente,
    _load_id
from {{ source('berichten', 'antwoord') }}
where {{ doorgelaten() }}
