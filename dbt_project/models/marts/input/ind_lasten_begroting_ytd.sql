-- Lasten booked so far this year against the actual budget, per taakveld and in total.
-- Late bookings for a year (boekdatum in the next year) count in December, so December is the full year.
with lasten_maand as (
    select
        gemeentecode,
        boekjaar as jaar,
        taakveld,
        {{ boekmaand('boekdatum', 'boekjaar') }} as maand,
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

-- A quarter or a year is the position at its last day: year to date up to the period's end.
per_periode as (
    select
        k.gemeentecode,
        k.taakveld,
        p.periode_type,
        p.periode,
        p.maanden_verstreken,
        (
            select coalesce(sum(l.bedrag), 0) from lasten_maand as l
            where l.gemeentecode = k.gemeentecode and l.jaar = k.jaar and l.taakveld = k.taakveld
                and l.maand <= p.periode_einde
        ) as lasten_ytd,
        -- The actual budget: the primitive budget plus every wijziging adopted by the period's end.
        (
            select coalesce(sum(b.bedrag), 0) from begroting as b
            where b.gemeentecode = k.gemeentecode and b.jaar = k.jaar and b.taakveld = k.taakveld
                and b.maand <= p.periode_einde
        ) as begroting
    from sleutels as k
    inner join {{ ref('int_perioden') }} as p on p.jaar = k.jaar
),

opgeteld as (
    select
        {{ gemeente_en_regio_kolommen(['taakveld'], wijkcode=false) }},
        any_value(maanden_verstreken) as maanden_verstreken,
        sum(lasten_ytd) as teller,
        sum(begroting) as noemer
    from per_periode
    {{ gemeente_en_regio_groepen(['taakveld']) }}
)

select
    'lasten_begroting_ytd' as indicator_id,
    gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    dimensie,
    dimensie_waarde,
    100.0 * teller / nullif(noemer, 0) as waarde,
    teller,
    noemer,
    -- On track means spending no faster than the budget pro rata over the months passed.
    round(100.0 * maanden_verstreken / 12, 1) as norm
from opgeteld
