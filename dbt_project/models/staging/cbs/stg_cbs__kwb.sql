select
    regiocode,
    soort,
    jaar,
    variabele,
    waarde,
    geheim,
    _load_id
from {{ source('cbs', 'kwb') }}
where {{ doorgelaten() }}
