-- National bijstand (CBS 37789ksz) per year, a benchmark beside the Participatiewet figures. Bron: CBS.
select jaar, leeftijdsgroep, aantal_uitkeringen
from {{ ref('stg_cbs__bijstand') }}
where periode_type = 'jaar'
