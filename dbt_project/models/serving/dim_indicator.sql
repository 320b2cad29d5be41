-- One row per indicator, from the meta block of its YAML definition.
{%- set rijen = [] %}
{%- for node in indicator_nodes() %}
{%- set m = node.config.meta.indicator %}
{%- do rijen.append("(" ~ [sql_tekst(m.id), sql_tekst(m.naam), sql_tekst(m.laag), sql_tekst(m.definitie),
        sql_tekst(m.formule), sql_tekst(m.eenheid), sql_tekst(m.richting),
        (m.norm if m.norm is not none else 'null'), sql_tekst(m.norm_bron), m.volgorde | string,
        sql_tekst(m.bronnen), (m.get('schaal') if m.get('schaal') is not none else 'null'),
        sql_tekst(m.get('kleine_aantallen')), sql_tekst(m.get('cbs_variabele')), sql_tekst(m.get('cbs_maat')),
        (m.get('min_noemer') if m.get('min_noemer') is not none else 'null'),
        (m.get('min_noemer_aanbieder') if m.get('min_noemer_aanbieder') is not none else 'null'),
        sql_tekst(m.get('officiele_bron')), sql_tekst(m.get('vergelijking')), sql_tekst(m.get('verschil'))
    ] | join(', ') ~ ")") %}
{%- endfor %}

with indicatoren (
    indicator_id, naam, laag, definitie, formule, eenheid, richting, norm, norm_bron, volgorde, bronnen, schaal,
    kleine_aantallen, cbs_variabele, cbs_maat, min_noemer, min_noemer_aanbieder, officiele_bron, vergelijking, verschil
) as (
    values
    {%- if rijen %}
    {{ rijen | join(",\n    ") }}
    {%- else %}
    (
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null
    )
    {%- endif %}
)

select
    indicator_id::varchar as indicator_id,
    naam::varchar as naam,
    laag::varchar as laag,
    definitie::varchar as definitie,
    formule::varchar as formule,
    eenheid::varchar as eenheid,
    richting::varchar as richting,
    norm::double as norm,
    norm_bron::varchar as norm_bron,
    volgorde::integer as volgorde,
    bronnen::varchar as bronnen,
    schaal::double as schaal,
    kleine_aantallen::varchar as kleine_aantallen,
    cbs_variabele::varchar as cbs_variabele,
    cbs_maat::varchar as cbs_maat,
    min_noemer::integer as min_noemer,
    min_noemer_aanbieder::integer as min_noemer_aanbieder,
    officiele_bron::varchar as officiele_bron,
    vergelijking::varchar as vergelijking,
    verschil::varchar as verschil
from indicatoren
where indicator_id is not null
