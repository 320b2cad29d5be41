-- Providers with their name, KvK number and financing variant per wet, from the latest contract delivery.
select distinct on (agb_code, wet)
    agb_code, naam, kvk_nummer, wet, financieringsvorm
from {{ ref('stg_aanbieders__contracten') }}
order by agb_code asc, wet asc, _load_id desc, ingangsdatum desc
