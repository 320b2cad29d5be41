{# Small-cell protection for the published indicator table (fct_indicator_publicatie).

   A published total can be used to recover a hidden cell: total minus the shown parts. That is possible
   exactly when one member of a relation (the total and its parts) is hidden. fct_indicator_publicatie
   lists the relations of the long table: dimension breakdown, gemeenten in the region, wijken in a
   gemeente. #}

{# Every cell (rij_id and `cel`, the long table's key columns) that must be hidden as well because exactly
   one member of its relation is hidden: the part with the smallest count (ties by rij_id, so the same data
   always hides the same cells), or, when every part is hidden already, the total. Cells of indicators
   without person counts never take part. With `nieuw` (cells hidden since this relation's last turn) only
   the relations holding one are examined: in the others nothing changed, so nothing would be added. #}
{% macro secundair_erbij(vorige, relatie, cel, nieuw=none) -%}
    {%- set sleutel = relatie.koppel + relatie.groep -%}
    {%- set rij -%}
        {'rij_id': {x}.rij_id{% for k in cel %}, '{{ k }}': {x}.{{ k }}{% endfor %}}
    {%- endset %}
    {%- set leden = '(select * from ' ~ vorige ~ ' where beschermd)' -%}
    {%- if nieuw %}
    {%- set leden -%}
        (select v.* from {{ leden }} as v
         semi join {{ nieuw }} as n on {{ _zelfde('n', 'v', relatie.koppel) }})
    {%- endset %}
    {%- endif %}
    -- the cell's keys come along, so the caller needs no join back to ten million rows
    select distinct unnest(case when kandidaat is null then totaal else kandidaat end)
    from (
        select
            {% for k in sleutel %}d.{{ k }}, {% endfor %}
            count(*) filter (where d.onderdrukt) + any_value(t.onderdrukt)::integer as aantal_onderdrukt,
            any_value({{ rij | replace('{x}', 't') }}) as totaal,
            arg_min({{ rij | replace('{x}', 'd') }}, (coalesce(d.teller, 0), d.rij_id)) filter (where not d.onderdrukt)
                as kandidaat
        from (select * from {{ leden }} where {{ relatie.deel }}) as d
        join (select * from {{ leden }} where {{ relatie.totaal }}) as t
          on {{ _zelfde('d', 't', relatie.koppel) }}
        group by {% for k in sleutel %}d.{{ k }}{% if not loop.last %}, {% endif %}{% endfor %}
    ) as groepen
    where aantal_onderdrukt = 1
{%- endmacro %}
