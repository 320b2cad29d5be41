{# The rij_id of every cell to hide so that each open hidden cell gets the cheapest rectangle or star in
   reach (the three cheapest partner values and rows are tried; cost = the counts newly hidden). A part
   without any rectangle hides its row's totaal, which then gets a star in the next round. #}
{% macro kubus_erbij(vorige) -%}
    with {{ _kubus_dekking(vorige) }}
    kolomkeuze as (
        select c.rij_id as doel, c.indicator_id, c.periode_type, c.periode, c.dimensie, a.kolom,
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
