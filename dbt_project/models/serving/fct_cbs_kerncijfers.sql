-- CBS benchmark figures (Kerncijfers wijken en buurten) per gemeente and wijk, as last delivered per year:
-- jeugdzorg, Wmo and bijstand as CBS publishes them, beside Stuurwiel's own indicators. Bron: CBS.
-- KWB is a yearly table: each figure is about its year (periode_type 'jaar'), so it can only stand beside
-- a year of the same indicator; a half-yearly CBS table would carry periode_type 'halfjaar'.
select
    regiocode,
    soort,
    jaar,
    'jaar' as periode_type,
    make_date(jaar, 1, 1) as periode,
    variabele,
    waarde,
    geheim,
    synthetisch
from {{ ref('stg_cbs__kwb') }}
qualify _load_id = max(_load_id) over (partition by regiocode, jaar, variabele)
