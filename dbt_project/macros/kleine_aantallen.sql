{# Small-cell protection for the published indicator table (fct_indicator_publicatie).

   A published total can be used to recover a hidden cell: total minus the shown parts. That is possible
   exactly when one member of a relation (the total and its parts) is hidden. fct_indicator_publicatie
   lists the relations of the long table: dimension breakdown, gemeenten in the region, wijken in a
   gemeente. #}

{# The rij_id of every cell that must be hidden as well because exactly one member of its relation is
   hidden: the part with the smallest count (ties by rij_id, so the same data always hides the same cells), or,
   when every part is hidden already, the total. Cells of indicators without person counts never take part. #}
{% macro secundair_erbij(vorige, relatie) -%}
    {%- set sleutel = relatie.koppel + relatie.groep -%}
    select case when kandidaat is null then totaal_rij else kandidaat end as rij_id
    from (
        select
            {% for k in sleutel %}d.{{ k }}, {% endfor %}
            count(*) filter (where d.onderdrukt) + any_value(t.onderdrukt)::integer as aantal_onderdrukt,
            any_value(t.rij_id) as totaal_rij,
            arg_min(d.rij_id, (coalesce(d.teller, 0), d.rij_id)) filter (where not d.onderdrukt) as kandidaat
        from (select * from {{ vorige }} where beschermd and {{ relatie.deel }}) as d
        join (select * from {{ vorige }} where beschermd and {{ relatie.totaal }}) as t
          on {% for k in relatie.koppel %}d.{{ k }} is not distinct from t.{{ k }}{% if not loop.last %} and {% endif %}{% endfor %}
        group by {% for k in sleutel %}d.{{ k }}{% if not loop.last %}, {% endif %}{% endfor %}
    ) as groepen
    where aantal_onderdrukt = 1
{%- endmacro %}

{# Rounded to a multiple of 5 (CBS: "afgerond op vijftallen"). #}
{% macro vijftal(kolom) -%}
    round({{ kolom }} / 5) * 5
{%- endmacro %}

{# Secondary suppression that also withstands chains of relations (the hypercube method, as in CBS's
   tau-ARGUS). Per group (indicator, period) the gemeente-level cells form a table: rows are the gemeenten
   and REGIO (their sum), columns are the values of each breakdown and 'totaal' (their sum, shared by all
   breakdowns). A hidden cell is safe when a pattern of hidden cells around it can change by +d/-d while
   every total stays as published; then no combination of published cells pins it. Two patterns do that:
   - a rectangle: rows g, g' x two values of the same breakdown (g' may be REGIO);
   - a star, for a hidden totaal: rows g, g' x totaal and, in every breakdown, one value hidden in both rows.
   Adding hidden cells never breaks a pattern, so the method only ever adds cells until every hidden cell
   lies in one. The rectangle and star tests below are the proof; tests/serving checks it with linear
   algebra. #}

{% macro _kubus_groep(a, b) -%}
    {{ a }}.indicator_id = {{ b }}.indicator_id and {{ a }}.periode_type = {{ b }}.periode_type
    and {{ a }}.periode = {{ b }}.periode
{%- endmacro %}

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
    -- per pair of rows and breakdown: how many values are hidden in both
    paren as materialized (
        select x.indicator_id, x.periode_type, x.periode, x.dimensie, x.rij, y.rij as ander, count(*) as gedeeld
        from verborgen as x
        join verborgen as y on {{ _kubus_groep('x', 'y') }} and y.dimensie = x.dimensie and y.kolom = x.kolom
            and y.rij <> x.rij
        group by all
    ),
    -- (g, d) lies in a rectangle when another row g' hides d too and shares a second hidden value with g
    rechthoek as (
        select distinct c.rij_id
        from verborgen as c
        join verborgen as b on {{ _kubus_groep('b', 'c') }} and b.dimensie = c.dimensie and b.kolom = c.kolom
            and b.rij <> c.rij
        semi join paren as p on {{ _kubus_groep('p', 'c') }} and p.dimensie = c.dimensie and p.rij = c.rij
            and p.ander = b.rij and p.gedeeld >= 2
        where c.dimensie <> 'totaal'
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
    gedekt as materialized (
        select rij_id from rechthoek
        union
        select rij_id from ster
        union
        select x.rij_id
        from ster as s
        join verborgen as x on {{ _kubus_groep('x', 's') }} and x.rij = s.rij and x.dimensie <> 'totaal'
        join verborgen as y on {{ _kubus_groep('y', 's') }} and y.rij = s.ander and y.dimensie = x.dimensie
            and y.kolom = x.kolom
    ),
    open_cel as materialized (select * from verborgen where rij_id > 0 and rij_id not in (select rij_id from gedekt)),
{%- endmacro %}

{# The rij_id of every cell to hide so that each open hidden cell gets the cheapest rectangle or star in
   reach (the three cheapest partner values and rows are tried; cost = the counts newly hidden). A part
   without any rectangle hides its row's totaal, which then gets a star in the next round. #}
{% macro kubus_erbij(vorige) -%}
    with {{ _kubus_dekking(vorige) }}
    kolomkeuze as (
        select c.rij_id as doel, c.indicator_id, c.periode_type, c.periode, c.dimensie, a.kolom,
               a.rij_id as a_id, a.kost as a_kost
        from open_cel as c
        join cel as a on {{ _kubus_groep('a', 'c') }} and a.rij = c.rij and a.dimensie = c.dimensie
            and a.kolom <> c.kolom
        where c.dimensie <> 'totaal'
        qualify row_number() over (partition by c.rij_id order by a.kost, a.rij_id) <= 3
    ),
    rijkeuze as (
        select c.rij_id as doel, b.rij, b.rij_id as b_id, b.kost as b_kost
        from open_cel as c
        join cel as b on {{ _kubus_groep('b', 'c') }} and b.dimensie = c.dimensie and b.kolom = c.kolom
            and b.rij <> c.rij
        where c.dimensie <> 'totaal'
        qualify row_number() over (partition by c.rij_id order by b.kost, b.rij_id) <= 3
    ),
    rechthoekkeuze as (
        select k.doel, [k.a_id, r.b_id, e.rij_id] as cellen
        from kolomkeuze as k
        join rijkeuze as r using (doel)
        join cel as e on {{ _kubus_groep('e', 'k') }} and e.rij = r.rij and e.dimensie = k.dimensie
            and e.kolom = k.kolom
        qualify row_number() over (partition by k.doel order by k.a_kost + r.b_kost + e.kost, k.a_id, r.b_id) = 1
    ),
    zonder_rechthoek as (
        select [t.rij_id] as cellen
        from open_cel as c
        join cel as t on {{ _kubus_groep('t', 'c') }} and t.rij = c.rij and t.dimensie = 'totaal'
        where c.dimensie <> 'totaal' and c.rij_id not in (select doel from rechthoekkeuze)
    ),
    sterpartner as materialized (
        select c.rij_id as doel, c.indicator_id, c.periode_type, c.periode, c.rij, u.rij as ander,
               u.rij_id as u_id, u.kost as u_kost, dc.dims
        from open_cel as c
        join cel as u on {{ _kubus_groep('u', 'c') }} and u.dimensie = 'totaal' and u.rij <> c.rij
        join uitsplitsing as dc on {{ _kubus_groep('dc', 'c') }} and dc.rij = c.rij
        join uitsplitsing as du on {{ _kubus_groep('du', 'c') }} and du.rij = u.rij and du.dims = dc.dims
        where c.dimensie = 'totaal'
        qualify row_number() over (partition by c.rij_id order by u.kost, u.rij_id) <= 3
    ),
    -- the partner's own values first, as a barrier: joined the other way round, the optimizer pairs every
    -- cell of a column with every other before it learns there are few stars to complete
    sterrij as materialized (
        select p.doel, p.ander, p.indicator_id, p.periode_type, p.periode, x.dimensie, x.kolom, x.rij_id, x.kost
        from sterpartner as p
        join cel as x on {{ _kubus_groep('x', 'p') }} and x.rij = p.rij and x.dimensie <> 'totaal'
    ),
    sterwaarde as (
        select x.doel, x.ander, x.dimensie, [x.rij_id, y.rij_id] as cellen, x.kost + y.kost as kost
        from sterrij as x
        join cel as y on {{ _kubus_groep('y', 'x') }} and y.rij = x.ander and y.dimensie = x.dimensie
            and y.kolom = x.kolom
        qualify row_number() over (partition by x.doel, x.ander, x.dimensie order by x.kost + y.kost, x.rij_id) = 1
    ),
    sterkeuze as (
        select p.doel, list_concat([any_value(p.u_id)], flatten(list(w.cellen) filter (where w.cellen is not null)))
                   as cellen
        from sterpartner as p
        left join sterwaarde as w using (doel, ander)
        group by p.doel, p.ander
        having count(w.dimensie) + 1 = len(any_value(p.dims))
        qualify row_number() over (partition by p.doel order by any_value(p.u_kost) + coalesce(sum(w.kost), 0), p.ander) = 1
    )
    select distinct rij_id
    from (select unnest(cellen) as rij_id from (
        select cellen from rechthoekkeuze
        union all select cellen from zonder_rechthoek
        union all select cellen from sterkeuze
    ))
    where rij_id > 0
{%- endmacro %}

{# Groups (indicator, period) in which a hidden cell is still open after the hypercube rounds: they are
   hidden entirely rather than published with a cell that could be worked out. #}
{% macro kubus_open_groepen(vorige) -%}
    with {{ _kubus_dekking(vorige) }}
    groepen as (select distinct indicator_id, periode_type, periode from open_cel)
    select * from groepen
{%- endmacro %}
