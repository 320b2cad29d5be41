-- Lasten booked so far this year against the actual budget, per taakveld and in total.
-- Late bookings for a year (boekdatum in the next year) count in December, so December is the full year.
with lasten_maand as (
    select
        gemeentecode,
        boekjaar as jaar,
        taakveld,
        least(greatest(date_trunc('month', boekdatum), make_date(boekjaar, 1, 1)), make_date(boekjaar, 12, 1))::date as maand,
        sum(bedrag) as bedrag
    from {{ ref('int_boekingen__actueel') }}
    group by all
),

begroting as (
    select gemeentecode, begrotingsjaar as jaar, taakveld, date_trunc('month', datum)::date as maand, bedrag
    from {{ ref('int_begroting__actueel') }}
),

sleutels as (
    select distinct gemeentecode, jaar, taakveld from lasten_maand
    union
    select distinct gemeentecode, jaar, taakveld from begroting
),

per_maand as (
    select
        k.gemeentecode,
        k.taakveld,
        m.maand,
        m.maandnummer,
        (select coalesce(sum(l.bedrag), 0) from lasten_maand as l
            where l.gemeentecode = k.gemeentecode and l.jaar = k.jaar and l.taakveld = k.taakveld
              and l.maand <= m.maand) as lasten_ytd,
        -- The actual budget: the primitive budget plus every wijziging adopted by the end of the month.
        (select coalesce(sum(b.bedrag), 0) from begroting as b
            where b.gemeentecode = k.gemeentecode and b.jaar = k.jaar and b.taakveld = k.taakveld
              and b.maand <= m.maand) as begroting
    from sleutels as k
    join {{ ref('int_maanden') }} as m on m.jaar = k.jaar
),

opgeteld as (
    select
        coalesce(gemeentecode, 'REGIO') as gemeentecode,
        maand as periode,
        any_value(maandnummer) as maandnummer,
        if(grouping(taakveld) = 1, 'totaal', 'taakveld') as dimensie,
        coalesce(taakveld, 'totaal') as dimensie_waarde,
        sum(lasten_ytd) as teller,
        sum(begroting) as noemer
    from per_maand
    group by grouping sets ((gemeentecode, maand, taakveld), (gemeentecode, maand), (maand, taakveld), (maand))
)

select
    'lasten_begroting_ytd' as indicator_id,
    gemeentecode,
    null::varchar as wijkcode,
    'maand' as periode_type,
    periode,
    dimensie,
    dimensie_waarde,
    100.0 * teller / nullif(noemer, 0) as waarde,
    teller,
    noemer,
    -- On track means spending no faster than the budget pro rata over the months passed.
    round(100.0 * maandnummer / 12, 1) as norm
from opgeteld
