{# Per group (indicator, period) with an open hidden cell, the rij_id of every cell to hide (`erbij`) so that
   each open cell gets the cheapest rectangle or star in reach (cost = the counts newly hidden; for a rectangle
   the three cheapest partner values and rows are tried). A part without any rectangle hides its row's totaal,
   which then gets a star in the next round. `groepen` limits the search to the groups of the previous round:
   in any other group nothing changed, so nothing would be added. #}
{% macro kubus_erbij(vorige, groepen=none) -%}
    with {{ _kubus_dekking(vorige, groepen) }}
    kolomkeuze as (
        select c.rij_id as doel, c.groep, c.dimensie, a.kolom,
               a.rij_id as a_id, a.kost as a_kost
        {{ _kubus_partners('a', 'rij', 'kolom') }}
    ),
    rijkeuze as (
        select c.rij_id as doel, b.rij, b.rij_id as b_id, b.kost as b_kost
        {{ _kubus_partners('b', 'kolom', 'rij') }}
    ),
    rechthoekkeuze as (
        select k.doel, [k.a_id, r.b_id, e.rij_id] as cellen
        from kolomkeuze as k
        join rijkeuze as r using (doel)
        join cel as e on e.groep = k.groep and e.rij = r.rij and e.dimensie = k.dimensie
            and e.kolom = k.kolom
        qualify row_number() over (partition by k.doel order by k.a_kost + r.b_kost + e.kost, k.a_id, r.b_id) = 1
    ),
    zonder_rechthoek as (
        select c.rij_id as doel, [t.rij_id] as cellen
        from open_cel as c
        join cel as t on t.groep = c.groep and t.rij = c.rij and t.dimensie = 'totaal'
        where c.dimensie <> 'totaal' and c.rij_id not in (select doel from rechthoekkeuze)
    ),
    -- A hidden totaal without a star gets the cheapest: a partner row with the same breakdowns, and in each
    -- breakdown the value cheapest to hide in both rows. Every row of the group is tried as partner (open
    -- totals are few; the cheapest totals alone often lack the values a small gemeente has).
    sterdoel as materialized (
        select c.rij_id as doel, c.groep, c.rij, d.dims
        from open_cel as c
        join uitsplitsing as d on d.groep = c.groep and d.rij = c.rij
        where c.dimensie = 'totaal'
    ),
    -- the open row's own values first, as a barrier: joined the other way round, the optimizer pairs every
    -- cell of a column with every other before it learns there are few stars to complete
    sterdoelwaarde as materialized (
        select d.doel, d.groep, x.rij, x.dimensie, x.kolom, x.rij_id, x.kost
        from sterdoel as d
        join cel as x on x.groep = d.groep and x.rij = d.rij and x.dimensie <> 'totaal'
    ),
    sterwaarde as materialized (
        select x.doel, y.rij as ander, x.dimensie, min(x.kost + y.kost) as kost,
               arg_min([x.rij_id, y.rij_id], (x.kost + y.kost, x.rij_id)) as cellen
        from sterdoelwaarde as x
        join cel as y on y.groep = x.groep and y.dimensie = x.dimensie and y.kolom = x.kolom
            and y.rij <> x.rij
        group by x.doel, y.rij, x.dimensie
    ),
    sterkeuze as (
        select d.doel,
               list_concat([any_value(u.rij_id)], flatten(list(w.cellen) filter (where w.cellen is not null))) as cellen
        from sterdoel as d
        join cel as u on u.groep = d.groep and u.dimensie = 'totaal' and u.rij <> d.rij
        semi join uitsplitsing as du on du.groep = u.groep and du.rij = u.rij and du.dims = d.dims
        left join sterwaarde as w on w.doel = d.doel and w.ander = u.rij
        group by d.doel, u.rij
        having count(w.dimensie) + 1 = len(any_value(d.dims))
        qualify row_number() over (partition by d.doel order by any_value(u.kost) + coalesce(sum(w.kost), 0), u.rij) = 1
    ),
    keuze as (
        select doel, cellen from rechthoekkeuze
        union all select doel, cellen from zonder_rechthoek
        union all select doel, cellen from sterkeuze
    )
    select c.groep, coalesce(list(distinct e.rij_id) filter (where e.rij_id > 0), []) as erbij
    from open_cel as c
    left join (select doel, unnest(cellen) as rij_id from keuze) as e on e.doel = c.rij_id
    group by c.groep
{%- endmacro %}
