{# Secondary suppression that also withstands chains of relations (the hypercube method, as in CBS's
   tau-ARGUS). Per group (indicator, period; numbered `groep` in fct_indicator_publicatie, so every join
   compares one integer) the gemeente-level cells form a table: rows are the gemeenten and REGIO (their sum),
   columns are the values of each breakdown and 'totaal' (their sum, shared by all breakdowns). A hidden cell
   is safe when a pattern of hidden cells around it can change by +d/-d while every total stays as published;
   then no combination of published cells pins it. Two patterns do that:
   - a rectangle: rows g, g' x two values of the same breakdown (g' may be REGIO);
   - a star, for a hidden totaal: rows g, g' x totaal and, in every breakdown, one value hidden in both rows.
   Adding hidden cells never breaks a pattern, so the method only ever adds cells until every hidden cell
   lies in one. The rectangle and star tests (here and in _kubus_sterren) are the proof;
   tests/dbt_project/serving checks it with linear algebra. #}

{# The cells of the cube, and which of the hidden ones lie in a rectangle or a star (CTEs, comma-ended); only
   of the groups in `groepen` when given. #}
{% macro _kubus_dekking(vorige, groepen=none) -%}
    echt as materialized (
        select v.rij_id, v.groep, v.gemeentecode as rij, v.dimensie,
               v.dimensie_waarde as kolom, v.onderdrukt,
               case when v.onderdrukt then 0 else coalesce(v.teller, 0) end as kost
        from {{ vorige }} as v
        {%- if groepen %}
        semi join {{ groepen }} as g on g.groep = v.groep
        {%- endif %}
        where v.beschermd and v.wijkcode is null
    ),
    -- A margin that is not published (no REGIO cell for a column, no totaal for a row) is as unknown as a
    -- hidden one: it joins the cube as a hidden cell with a negative id, so it is never published or added.
    kolommen as (select distinct groep, dimensie, kolom from echt),
    rijen as (select distinct groep, rij from echt),
    cel as materialized (
        select * from echt
        union all
        select -row_number() over () as rij_id, k.groep, 'REGIO' as rij,
               k.dimensie, k.kolom, true as onderdrukt, 0 as kost
        from kolommen as k
        anti join echt as r on r.groep = k.groep and r.rij = 'REGIO' and r.dimensie = k.dimensie
            and r.kolom = k.kolom
        union all
        select -1000000000 - row_number() over () as rij_id, w.groep, w.rij,
               'totaal' as dimensie, 'totaal' as kolom, true as onderdrukt, 0 as kost
        from rijen as w
        anti join echt as t on t.groep = w.groep and t.rij = w.rij and t.dimensie = 'totaal'
    ),
    verborgen as materialized (select * from cel where onderdrukt),
    -- (g, d) lies in a rectangle when g hides another value d' and the two values are hidden together in another
    -- row as well. Found from pairs of values hidden in the same row, not pairs of rows hiding the same value:
    -- the same rectangles, but at national scale a breakdown by aanbieder has hundreds of gemeenten hiding the
    -- same aanbieder and only dozens of aanbieders hidden per gemeente, and the pairs grow with the square.
    kolomparen as materialized (
        select x.groep, x.dimensie, x.kolom, y.kolom as ander
        from verborgen as x
        join verborgen as y on x.groep = y.groep and y.dimensie = x.dimensie and y.rij = x.rij
            and y.kolom <> x.kolom
        where x.dimensie <> 'totaal'
        group by all
        having count(*) >= 2
    ),
    rechthoek as (
        select distinct c.rij_id
        from verborgen as c
        join verborgen as o on o.groep = c.groep and o.dimensie = c.dimensie and o.rij = c.rij
            and o.kolom <> c.kolom
        semi join kolomparen as p on p.groep = c.groep and p.dimensie = c.dimensie and p.kolom = c.kolom
            and p.ander = o.kolom
        where c.dimensie <> 'totaal'
    ),
    -- the breakdowns each row has: a star needs the same ones in both rows
    uitsplitsing as materialized (
        select groep, rij, list(distinct dimensie order by dimensie) as dims
        from cel
        group by all
    ),
    {{ _kubus_sterren() }}
    gedekt as materialized (select rij_id from rechthoek union select rij_id from ster_gedekt),
    open_cel as materialized (select * from verborgen where rij_id > 0 and rij_id not in (select rij_id from gedekt)),
{%- endmacro %}
