{# Most indicators are counted per gemeente and for the region (REGIO), in total and per value of one or
   more breakdowns, in one grouping-sets query: gemeente_en_regio_groepen() gives its group by, this macro
   its key columns of the long table: gemeentecode (REGIO on the region's rows), wijkcode (null; leave it out
   with wijkcode=false, e.g. in a CTE), the period columns, dimensie and dimensie_waarde ('totaal' on the
   total rows). A breakdown is a column (optionally qualified, `b.wet`); its dimensie is the column's name
   unless `namen` maps it to another (e.g. {'soort': 'spoed'}). #}
{% macro gemeente_en_regio_kolommen(uitsplitsingen=[], gemeente='gemeentecode', periode=['periode_type', 'periode'], namen={}, wijkcode=true) -%}
    coalesce({{ gemeente }}, 'REGIO') as gemeentecode,
    {%- if wijkcode %}
    null::varchar as wijkcode,
    {%- endif %}
    {%- for p in periode %}
    {{ p }},
    {%- endfor %}
    {%- if uitsplitsingen | length == 0 %}
    'totaal' as dimensie,
    'totaal' as dimensie_waarde
    {%- elif uitsplitsingen | length == 1 %}
    {%- set u = uitsplitsingen[0] %}
    if(grouping({{ u }}) = 1, 'totaal', '{{ namen.get(u, u.split('.')[-1]) }}') as dimensie,
    coalesce({{ u }}, 'totaal') as dimensie_waarde
    {%- else %}
    case
        {%- for u in uitsplitsingen %}
        when grouping({{ u }}) = 0 then '{{ namen.get(u, u.split('.')[-1]) }}'
        {%- endfor %}
        else 'totaal'
    end as dimensie,
    coalesce(
        {%- for u in uitsplitsingen %}
        if(grouping({{ u }}) = 0, {{ u }}, null),
        {%- endfor %}
        'totaal'
    ) as dimensie_waarde
    {%- endif %}
{%- endmacro %}
