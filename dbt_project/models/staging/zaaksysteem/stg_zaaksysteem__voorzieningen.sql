select
    beschikkingnummer,
    gemeentecode,
    client_id,
    wet,
    datum_afgifte,
    productcategorie,
    productcode,
    leveringsvorm,
    datum_start,
    datum_einde,
    toewijzingnummer,
    pgb_budget,
    _load_id
from {{ source('zaaksysteem', 'voorzieningen') }}
where {{ doorgelaten() }}
{{ laatste_levering('gemeentecode') }}
