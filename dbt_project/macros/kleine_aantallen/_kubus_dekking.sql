{# The cells of the cube, and which of the hidden ones lie in a rectangle or a star (CTEs, comma-ended). #}
{% macro _kubus_dekking(vorige) -%}
    echt as materialized (
        select rij_id, indicator_id, periode_type, periode, gemeentecode as rij, dimensie,
               dimensie_waarde as kolom, onderdrukt,
               case when onderdrukt then 0 else coalesce(teller, 0) end as kost
        from {{ vorige }}
        where beschermd and wijkcode is null
    ),
    -- A margin that is not published (no REGIO cell for a column, no totaal for a row) is as unknown as a
    -- hidden one: it joins the cube as a hidden cell with a negative id, so it is never published or added.
    kolommen as (select distinct indicator_id, periode_type, periode, dimensie, kolom from echt),
    rijen as (select distinct indicator_id, periode_type, periode, rij from echt),
    cel as materialized (
        select * from echt
        union all
        select -row_number() over () as rij_id, k.indicator_id, k.periode_type, k.periode, 'REGIO' as rij,
               k.dimensie, k.kolom, true as onderdrukt, 0 as kost
        from kolommen as k
        anti join echt as r on {{ _kubus_groep('r', 'k') }} and r.rij = 'REGIO' and r.dimensie = k.dimensie
            and r.kolom = k.kolom
        union all
        select -1000000000 - row_number() over () as rij_id, w.indicator_id, w.periode_type, w.periode, w.rij,
               'totaal' as dimensie, 'totaal' as kolom, true as onderdrukt, 0 as kost
        from rijen as w
        anti join echt as t on {{ _kubus_groep('t', 'w') }} and t.rij = w.rij and t.dimensie = 'totaal'
        where w.rij <> 'REGIO' or exists (select 1 from echt as x where {{ _kubus_groep('x', 'w') }} and x.rij = 'REGIO')
    ),
    verborgen as materialized (select * from cel where onderdrukt),
    -- (g, d) lies in a rectangle when g hides another value d' and the two values are hidden together in another
    -- row as well. Found from pairs of values hidden in the same row, not pairs of rows hiding the same value:
    -- the same rectangles, but at national scale a breakdown by aanbieder has hundreds of gemeenten hiding the
    -- same aanbieder and only dozens of aanbieders hidden per gemeente, and the pairs grow with the square.
    kolomparen as materialized (
        select x.indicator_id, x.periode_type, x.periode, x.dimensie, x.kolom, y.kolom as ander
        from verborgen as x
        join verborgen as y on {{ _kubus_groep('x', 'y') }} and y.dimensie = x.dimensie and y.rij = x.rij
            and y.kolom <> x.kolom
        where x.dimensie <> 'totaal'
        group by all
        having count(*) >= 2
    ),
    rechthoek as (
        select distinct c.rij_id
        from verborgen as c
        join verborgen as o on {{ _kubus_groep('o', 'c') }} and o.dimensie = c.dimensie and o.rij = c.rij
            and o.kolom <> c.kolom
        semi join kolomparen as p on {{ _kubus_groep('p', 'c') }} and p.dimensie = c.dimensie and p.kolom = c.kolom
            and p.ander = o.kolom
        where c.dimensie <> 'totaal'
    ),
    -- Stars use only rows whose totaal is hidden: per pair of them and breakdown, how many values both hide
    verborgen_ster as materialized (
        select v.*
        from verborgen as v
        semi join verborgen as t on {{ _kubus_groep('t', 'v') }} and t.rij = v.rij and t.dimensie = 'totaal'
    ),
    paren as materialized (
        select x.indicator_id, x.periode_type, x.periode, x.dimensie, x.rij, y.rij as ander, count(*) as gedeeld
        from verborgen_ster as x
        join verborgen_ster as y on {{ _kubus_groep('x', 'y') }} and y.dimensie = x.dimensie and y.kolom = x.kolom
            and y.rij <> x.rij
        group by all
    ),
    -- the breakdowns each row has: a star needs the same ones in both rows
    uitsplitsing as materialized (
        select indicator_id, periode_type, periode, rij, list(distinct dimensie order by dimensie) as dims
        from cel
        group by all
    ),
    -- for pairs of rows whose totaal is hidden in both (the only ones a star can use): the breakdowns in
    -- which they share a hidden value
    gedeeld as materialized (
        select p.indicator_id, p.periode_type, p.periode, p.rij, p.ander, list(p.dimensie order by p.dimensie) as dims
        from paren as p
        semi join paren as t on {{ _kubus_groep('t', 'p') }} and t.rij = p.rij and t.ander = p.ander
            and t.dimensie = 'totaal'
        group by all
    ),
    ster as materialized (
        select t.rij_id, t.indicator_id, t.periode_type, t.periode, t.rij, u.rij as ander
        from verborgen as t
        join verborgen as u on {{ _kubus_groep('u', 't') }} and u.dimensie = 'totaal' and u.rij <> t.rij
        join uitsplitsing as dt on {{ _kubus_groep('dt', 't') }} and dt.rij = t.rij
        join uitsplitsing as du on {{ _kubus_groep('du', 't') }} and du.rij = u.rij and du.dims = dt.dims
        -- in every breakdown (and totaal itself) a value hidden in both rows
        join gedeeld as g on {{ _kubus_groep('g', 't') }} and g.rij = t.rij and g.ander = u.rij and g.dims = dt.dims
        where t.dimensie = 'totaal'
    ),
    -- the values of each star's first row first, as a barrier: joined the other way round the optimizer pairs
    -- every two rows that hide a value before it learns there are few stars
    sterwaarden as materialized (
        select x.rij_id, x.indicator_id, x.periode_type, x.periode, x.dimensie, x.kolom, s.ander
        from ster as s
        join verborgen as x on {{ _kubus_groep('x', 's') }} and x.rij = s.rij and x.dimensie <> 'totaal'
    ),
    gedekt as materialized (
        select rij_id from rechthoek
        union
        select rij_id from ster
        union
        select x.rij_id
        from sterwaarden as x
        semi join verborgen as y on {{ _kubus_groep('y', 'x') }} and y.rij = x.ander and y.dimensie = x.dimensie
            and y.kolom = x.kolom
    ),
    open_cel as materialized (select * from verborgen where rij_id > 0 and rij_id not in (select rij_id from gedekt)),
{%- endmacro %}
