select
    wet,
    gemeentecode,
    aanbieder,
    bericht_id,
    dagtekening,
    client_id,
    geboortedatum,
    toewijzingnummer,
    productcategorie,
    productcode,
    begindatum,
    status_aanlevering,
    _load_id
from {{ source('berichten', 'start') }}
where {{ doorgelaten() }}
