-- Every reporting period the delivered data covers: each month, quarter, half year and year from the first
-- to the last month with a toewijzing, booking, start or stop message (starts and stops can come later than
-- the last toewijzing). Indicators join facts to a period by date, so a quarter or a year is computed from
-- the person-level rows, never summed from months (distinct persons do not add up).
with grenzen as (
    select min(d) as eerste, max(d) as laatste
    from (
        select dagtekening as d from {{ ref('stg_berichten__toewijzingen') }}
        union all
        select boekdatum from {{ ref('stg_grootboek__boekingen') }}
        union all
        select dagtekening from {{ ref('stg_berichten__starts') }}
        union all
        select dagtekening from {{ ref('stg_berichten__stops') }}
    )
),

soorten (periode_type, stap) as (
    -- halfjaar: the grain in which CBS and the GMSD publish
    values ('maand', interval 1 month), ('kwartaal', interval 3 month), ('halfjaar', interval 6 month),
    ('jaar', interval 1 year)
)

select
    s.periode_type,
    r.periode::date as periode,
    (r.periode + s.stap - interval 1 day)::date as periode_einde,
    year(r.periode) as jaar,
    -- Months of the calendar year passed by the period's end: the pro rata share of a year budget.
    month(r.periode + s.stap - interval 1 day) as maanden_verstreken
from grenzen as g
cross join soorten as s
cross join lateral (
    select unnest(range(
        case s.periode_type
            when 'maand' then date_trunc('month', g.eerste)
            when 'kwartaal' then date_trunc('quarter', g.eerste)
            when 'halfjaar' then make_date(year(g.eerste), if(month(g.eerste) <= 6, 1, 7), 1)
            else date_trunc('year', g.eerste)
        end,
        g.laatste + interval 1 day,
        s.stap
    )) as periode
) as r
