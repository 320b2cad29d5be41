{# The from of a rectangle search: for every open hidden cell c of a breakdown, the three cheapest cells x of
   the same breakdown that share its `zelfde` (rij or kolom) and differ in `anders`: the candidate corners. #}
{% macro _kubus_partners(x, zelfde, anders) -%}
    from open_cel as c
        join cel as {{ x }} on {{ x }}.groep = c.groep and {{ x }}.{{ zelfde }} = c.{{ zelfde }}
            and {{ x }}.dimensie = c.dimensie and {{ x }}.{{ anders }} <> c.{{ anders }}
        where c.dimensie <> 'totaal'
        qualify row_number() over (partition by c.rij_id order by {{ x }}.kost, {{ x }}.rij_id) <= 3
{%- endmacro %}
