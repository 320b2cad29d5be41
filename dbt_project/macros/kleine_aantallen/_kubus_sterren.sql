{# Which hidden cells of the cube lie in a star (CTEs, comma-ended, after the cells and rectangles of
   _kubus_dekking): `ster_gedekt`. #}
{% macro _kubus_sterren() -%}
    -- Stars use only rows whose totaal is hidden: two of them with the same breakdowns form one when they
    -- share a hidden value in every breakdown. Testing every pair grows with the square of the rows (hundreds
    -- of gemeenten hide their totaal in one group at national scale), so candidate pairs are tested instead:
    -- first each row with the few rows of its group that hide most (hubs), which settles nearly every row;
    -- then the rest with every row that shares a hidden value in their most selective breakdown. A row's
    -- partner shares a value in every breakdown, so the second search misses none.
    sterrij as materialized (
        select v.groep, v.rij, any_value(u.dims) as dims, count(*) as aantal
        from verborgen as v
        join uitsplitsing as u on u.groep = v.groep and u.rij = v.rij
        semi join verborgen as t on t.groep = v.groep and t.rij = v.rij and t.dimensie = 'totaal'
        group by v.groep, v.rij
    ),
    verborgen_ster as materialized (
        select v.*, s.dims
        from verborgen as v
        join sterrij as s on s.groep = v.groep and s.rij = v.rij
    ),
    hubpaar as materialized (
        select t.groep, t.rij, h.rij as ander, t.dims
        from sterrij as t
        join (
            select * from sterrij
            qualify row_number() over (partition by groep, dims order by aantal desc, rij) <= 3
        ) as h on h.groep = t.groep and h.dims = t.dims and h.rij <> t.rij
    ),
    hubster as materialized ({{ _kubus_stertest('hubpaar') }}),
    zonder_hub as materialized (
        select s.*
        from sterrij as s
        anti join hubster as h on h.groep = s.groep and s.rij in (h.rij, h.ander)
    ),
    -- per hidden value, how many star rows hide it; a row searches through its breakdown with the fewest
    kolomtal as materialized (
        select groep, dimensie, kolom, count(*) as rijen
        from verborgen_ster
        group by all
    ),
    zoekdimensie as materialized (
        select z.groep, z.rij, z.dims, x.dimensie
        from zonder_hub as z
        join verborgen_ster as x on x.groep = z.groep and x.rij = z.rij
        join kolomtal as k on k.groep = x.groep and k.dimensie = x.dimensie and k.kolom = x.kolom
        group by z.groep, z.rij, z.dims, x.dimensie
        qualify row_number() over (
            partition by z.groep, z.rij order by sum(k.rijen), x.dimensie) = 1
    ),
    zoekwaarden as materialized (
        select z.groep, z.rij, z.dims, x.dimensie, x.kolom
        from zoekdimensie as z
        join verborgen_ster as x on x.groep = z.groep and x.rij = z.rij and x.dimensie = z.dimensie
    ),
    zoekpaar as materialized (
        select distinct z.groep, z.rij, y.rij as ander, z.dims
        from zoekwaarden as z
        join verborgen_ster as y on y.groep = z.groep and y.dimensie = z.dimensie and y.kolom = z.kolom
            and y.rij <> z.rij and y.dims = z.dims
    ),
    sterpaar as materialized (
        select groep, rij, ander from hubster
        union
        select groep, ander, rij from hubster
        union
        select groep, rij, ander from ({{ _kubus_stertest('zoekpaar') }})
    ),
    -- A value outside every rectangle in a star row is covered when a star partner of its row hides it too:
    -- the known partners first, then every row that hides it.
    waarde_kandidaat as materialized (
        select *
        from verborgen_ster
        where dimensie <> 'totaal' and rij_id not in (select rij_id from rechthoek)
    ),
    waarde_bekend as materialized (
        select distinct x.rij_id
        from waarde_kandidaat as x
        join sterpaar as p on p.groep = x.groep and p.rij = x.rij
        join verborgen_ster as y on y.groep = x.groep and y.rij = p.ander and y.dimensie = x.dimensie
            and y.kolom = x.kolom
    ),
    waarde_open as materialized (select * from waarde_kandidaat where rij_id not in (select rij_id from waarde_bekend)),
    waardepaar as materialized (
        select distinct x.groep, x.rij, y.rij as ander, x.dims
        from waarde_open as x
        join verborgen_ster as y on y.groep = x.groep and y.dimensie = x.dimensie and y.kolom = x.kolom
            and y.rij <> x.rij and y.dims = x.dims
    ),
    waardester as materialized ({{ _kubus_stertest('waardepaar') }}),
    ster_gedekt as materialized (
        select t.rij_id
        from verborgen_ster as t
        semi join sterpaar as p on p.groep = t.groep and p.rij = t.rij
        where t.dimensie = 'totaal'
        union
        select rij_id from waarde_bekend
        union
        select x.rij_id
        from waarde_open as x
        join waardester as p on p.groep = x.groep and p.rij = x.rij
        join verborgen_ster as y on y.groep = x.groep and y.rij = p.ander and y.dimensie = x.dimensie
            and y.kolom = x.kolom
    ),
{%- endmacro %}
