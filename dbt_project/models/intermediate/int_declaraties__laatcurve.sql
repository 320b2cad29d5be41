-- Late-claim curve per wet and aanbieder, learned from complete earlier years (a run-off triangle, as
-- zorgkantoren and actuaries use): for care given in a month, the share of what was finally declared for it
-- (12 months on) that had arrived after 0, 1, ... 12 months. That share is the chain-ladder one, 1 / the
-- product of the development factors f(k) = declared after k+1 months / after k months, volume-weighted
-- over the years used; per single year it gives that year's curve, whose lowest and highest share are the
-- band.
--
-- laatste_jaar: the last care year that is complete (each month 12 months developed, the declarations
-- covering it from January). A prognosis uses the curve of the last complete year it could know: at the end
-- of December of year J that is J - 1, earlier in the year J - 2 (int_lasten_nowcast). Each curve uses up to
-- three complete years up to laatste_jaar, so a change in how aanbieders declare shows within three years.
-- An aanbieder gets a curve of its own only with at least two of those years (min_jaren); otherwise the
-- prognosis takes its wet's curve (aanbieder null), which pools all aanbieders of the wet and every gemeente.
{% set min_jaren = 2 %}
with cellen as (
    select * from {{ ref('int_declaraties__ontwikkeling') }}
),

grenzen as (
    select min(ontvangstmaand) as eerste, max(ontvangstmaand) as laatste from cellen
),

volledige_jaren as (
    select j.jaar
    from grenzen as g
    cross join (select unnest(range(year(g.eerste), year(g.laatste))) as jaar) as j
    where make_date(j.jaar, 1, 1) >= g.eerste and make_date(j.jaar + 1, 12, 1) <= g.laatste
),

per_jaar as (
    select
        c.wet, c.aanbieder, j.jaar, v.vertraging,
        coalesce(sum(c.bedrag) filter (where c.vertraging <= v.vertraging), 0) as binnen,
        sum(c.bedrag) filter (where c.vertraging <= 12) as uiteindelijk
    from cellen as c
    inner join volledige_jaren as j on year(c.zorgmaand) = j.jaar
    cross join (select unnest(range(0, 13)) as vertraging) as v
    -- aanbieder null: the wet's curve (sqlfluff's duckdb dialect cannot parse grouping sets)
    group by grouping sets ((c.wet, c.aanbieder, j.jaar, v.vertraging), (c.wet, j.jaar, v.vertraging))  -- noqa
),

curven as (
    select
        l.jaar as laatste_jaar, p.wet, p.aanbieder, p.vertraging,
        sum(p.binnen) / nullif(sum(p.uiteindelijk), 0) as aandeel,
        min(p.binnen / nullif(p.uiteindelijk, 0)) as aandeel_min,
        max(p.binnen / nullif(p.uiteindelijk, 0)) as aandeel_max,
        count(p.binnen / nullif(p.uiteindelijk, 0)) as jaren
    from per_jaar as p
    inner join volledige_jaren as l on p.jaar between l.jaar - 2 and l.jaar
    group by all
)

select *
from curven
where aandeel is not null and (aanbieder is null or jaren >= {{ min_jaren }})
