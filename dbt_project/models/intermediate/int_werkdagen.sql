-- Every day from var werkdagen_van to var werkdagen_tot (default 2000-2040) with its working-day number: the
-- count of working days up to and including that day. Working days between two dates are the difference of
-- their numbers (0 on the same day, 1 from a Friday to the next Monday); the n-th working day after a date is
-- the working day whose number is n higher. A working day is Monday to Friday except the algemeen erkende
-- feestdagen of the Algemene termijnenwet (Atw, Stb. 1964, 314), the law that makes a statutory term skip
-- them: art. 3 lid 1 names Nieuwjaarsdag, tweede Paas- en Pinksterdag, beide Kerstdagen, Hemelvaartsdag,
-- the day the King's birthday is celebrated and 5 mei (every year); lid 2 adds Goede Vrijdag. Days made
-- equal by royal decree under lid 3 (bridge days, set every three years) are not modelled. Koningsdag is
-- 27 April from 2014 and Koninginnedag 30 April before; when that date is a Sunday the day moves to the
-- Saturday before, which is no working day either, so the rule needs no exception here.
with dagen as (
    select d::date as dag
    from generate_series(
        date '{{ var("werkdagen_van", "2000-01-01") }}', date '{{ var("werkdagen_tot", "2040-12-31") }}',
        interval 1 day
    ) as t (d)
),

-- Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), integer arithmetic per year.
pasen_stap1 as (
    select
        jaar,
        jaar % 19 as a,
        jaar // 100 as b,
        jaar % 100 as c
    from (select distinct year(dag) as jaar from dagen)
),

pasen_stap2 as (
    select
        jaar, a, c,
        b % 4 as e,
        (19 * a + b - b // 4 - (b - (b + 8) // 25 + 1) // 3 + 15) % 30 as h
    from pasen_stap1
),

pasen_stap3 as (
    select jaar, a, h, (32 + 2 * e + 2 * (c // 4) - h - c % 4) % 7 as l
    from pasen_stap2
),

pasen as (
    select
        jaar,
        make_date(
            jaar, (h + l - 7 * ((a + 11 * h + 22 * l) // 451) + 114) // 31,
            (h + l - 7 * ((a + 11 * h + 22 * l) // 451) + 114) % 31 + 1
        ) as paaszondag
    from pasen_stap3
),

feestdagen (dag, feestdag) as (
    select make_date(jaar, 1, 1), 'Nieuwjaarsdag' from pasen
    union all
    select paaszondag - 2, 'Goede Vrijdag' from pasen
    union all
    select paaszondag + 1, 'Tweede Paasdag' from pasen
    union all
    select make_date(jaar, 4, if(jaar >= 2014, 27, 30)), 'Koningsdag' from pasen
    union all
    select make_date(jaar, 5, 5), 'Bevrijdingsdag' from pasen
    union all
    select paaszondag + 39, 'Hemelvaartsdag' from pasen
    union all
    select paaszondag + 50, 'Tweede Pinksterdag' from pasen
    union all
    select make_date(jaar, 12, 25), 'Eerste Kerstdag' from pasen
    union all
    select make_date(jaar, 12, 26), 'Tweede Kerstdag' from pasen
),

gemarkeerd as (
    select
        d.dag,
        -- 5 mei can fall on Hemelvaartsdag (2016): one name per day
        min(f.feestdag) as feestdag,
        isodow(d.dag) <= 5 and min(f.feestdag) is null as werkdag
    from dagen as d
    left join feestdagen as f using (dag)
    group by d.dag
)

select
    dag,
    werkdag,
    feestdag,
    sum(werkdag::integer) over (order by dag)::integer as werkdagnummer
from gemarkeerd
