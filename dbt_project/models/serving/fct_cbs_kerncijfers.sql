-- CBS benchmark figures (Kerncijfers wijken en buurten) per gemeente and wijk, as last delivered per year:
-- jeugdzorg, Wmo and bijstand as CBS publishes them, beside Stuurwiel's own indicators. Bron: CBS.
select regiocode, soort, jaar, variabele, waarde, geheim
from {{ ref('stg_cbs__kwb') }}
qualify _load_id = max(_load_id) over (partition by regiocode, jaar, variabele)
