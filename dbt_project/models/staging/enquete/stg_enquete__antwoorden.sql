select
    respondentnummer,
    gemeentecode,
    onderzoek,
    jaar,
    datum_invulling,
    toestemming,
    client_id,
    vraagcode,
    antwoord,
    antwoord >= 4 as mee_eens,
    _load_id
from {{ source('enquete', 'antwoorden') }}
where {{ doorgelaten() }}
{{ laatste_levering('gemeentecode, onderzoek, jaar') }}
