{# Of candidate pairs (rij, ander, dims) of star rows: those sharing a hidden value in every breakdown. The
   first row's values are joined first, as a barrier: the other way round the optimizer pairs every two rows
   that hide a value. #}
{% macro _kubus_stertest(paar) -%}
    with waarden as materialized (
        select p.groep, p.rij, p.ander, p.dims, x.dimensie, x.kolom
        from {{ paar }} as p
        join verborgen_ster as x on x.groep = p.groep and x.rij = p.rij
    )
    select w.groep, w.rij, w.ander
    from waarden as w
    join verborgen_ster as y on y.groep = w.groep and y.rij = w.ander and y.dimensie = w.dimensie
        and y.kolom = w.kolom
    group by w.groep, w.rij, w.ander
    having count(distinct w.dimensie) = len(any_value(w.dims))
{%- endmacro %}
