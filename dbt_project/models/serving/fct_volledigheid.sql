-- How complete a period's figures are, k months after the period's month, from the observed delivery lags:
-- declarations (323) against the end of the declared period, start and stop messages (305/307) against
-- Begindatum/Einddatum. Only periods with a full year of deliveries behind them are used, so the late
-- arrivals of recent periods are not missing from the curve. From 12 months on a period counts as complete.
-- The ledger is different: a booking has no service period, only its boekdatum, and the administration
-- books month by month. A month is complete once the ledger has moved past it; the month in progress at the
-- latest boekdatum is complete for the share of its days before that boekdatum (the day itself may still
-- be booking), so it stays voorlopig until the ledger has moved on.
{%- set max_maanden = 12 %}

with ontvangst as (
    select 'declaraties' as bron, productperiode_eind as periode_datum, declaratie_dagtekening as ontvangen
    from {{ ref('stg_berichten__declaraties') }}
    union all
    select 'berichten', begindatum, dagtekening
    from {{ ref('stg_berichten__starts') }}
    union all
    select 'berichten', einddatum, dagtekening
    from {{ ref('stg_berichten__stops') }}
    where einddatum is not null
),

peil as (
    select bron, max(ontvangen) as peildatum
    from ontvangst
    group by bron
),

vertraging as (
    select
        o.bron,
        greatest(0, datediff('month', date_trunc('month', o.periode_datum), date_trunc('month', o.ontvangen)))
            as maanden_na
    from ontvangst as o
    inner join peil as p using (bron)
    where date_trunc('month', o.periode_datum)
        <= date_trunc('month', p.peildatum) - to_months({{ max_maanden }})
),

verdeling as (
    select bron, maanden_na, count(*) as aantal
    from vertraging
    group by bron, maanden_na
),

stappen as (
    select p.bron, p.peildatum, k.maanden_na
    from peil as p
    cross join range(0, {{ max_maanden }}) as k (maanden_na)
)

select
    s.bron,
    s.peildatum,
    s.maanden_na::integer as maanden_na,
    -- null when no period is old enough yet to measure the lag: the value is then voorlopig without estimate
    (coalesce(sum(v.aantal) filter (where v.maanden_na <= s.maanden_na), 0) / nullif(sum(v.aantal), 0))::double
        as volledigheid
from stappen as s
left join verdeling as v using (bron)
group by s.bron, s.peildatum, s.maanden_na
union all
select
    'grootboek' as bron,
    g.peildatum,
    k.maanden_na::integer as maanden_na,
    case
        when k.maanden_na = 0 then (day(g.peildatum) - 1) / day(last_day(g.peildatum))
        else 1.0
    end::double as volledigheid
from (select max(boekdatum) as peildatum from {{ ref('int_boekingen__actueel') }}) as g
cross join range(0, {{ max_maanden }}) as k (maanden_na)
where g.peildatum is not null
