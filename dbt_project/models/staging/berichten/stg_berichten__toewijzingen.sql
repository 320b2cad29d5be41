select
    wet,
    gemeentecode,
    aanbieder,
    bericht_id,
    dagtekening,
    client_id,
    geboortedatum,
    toewijzingnummer,
    referentie_aanbieder,
    productcategorie,
    productcode,
    toewijzingsdatum,
    toewijzingstijd,
    ingangsdatum,
    einddatum,
    volume,
    eenheid,
    frequentie,
    budget_cent,
    reden_wijziging,
    _load_id
from {{ source('berichten', 'toewijzing') }}
where {{ doorgelaten() }}
