-- The months the delivered data covers: from the first to the last month with any message or booking.
with grenzen as (
    select min(d) as eerste, max(d) as laatste
    from (
        select dagtekening as d from {{ ref('stg_berichten__toewijzingen') }}
        union all
        select boekdatum from {{ ref('stg_grootboek__boekingen') }}
    )
)

select
    r.maand::date as maand,
    (r.maand + interval 1 month - interval 1 day)::date as maand_einde,
    year(r.maand) as jaar,
    month(r.maand) as maandnummer
from grenzen as g
cross join range(
    date_trunc('month', g.eerste), date_trunc('month', g.laatste) + interval 1 month, interval 1 month
) as r (maand)
