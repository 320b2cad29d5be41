select
    agb_code,
    kvk_nummer,
    naam,
    wet,
    gemeentecode,
    financieringsvorm,
    productcategorie,
    productcode,
    eenheid,
    tarief,
    ingangsdatum,
    einddatum,
    contractplafond,
    _load_id
from {{ source('aanbieders', 'contracten') }}
where {{ doorgelaten() }}
