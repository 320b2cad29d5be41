-- Share of survey respondents who (strongly) agree that the help works: Wmo CEO "Door de ondersteuning kan
-- ik mij beter redden" and jeugd "tevredenheid over het nut/effect van de hulp". Respondents who answered
-- 'weet niet' do not count. The survey is yearly, so the indicator has only the year grain.
with antwoorden as (
    select a.gemeentecode, a.onderzoek as wet, a.jaar, a.mee_eens
    from {{ ref('stg_enquete__antwoorden') }} as a
    where a.antwoord is not null
        and (
            (a.onderzoek = 'wmo' and a.vraagcode = 'effect_beter_redden')
            or (a.onderzoek = 'jeugd' and a.vraagcode = 'tevreden_nut_effect')
        )
)

select
    'ervaren_effect' as indicator_id,
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    null::varchar as wijkcode,
    'jaar' as periode_type,
    make_date(jaar, 1, 1) as periode,
    if(grouping(wet) = 1, 'totaal', 'wet') as dimensie,
    coalesce(wet, 'totaal') as dimensie_waarde,
    100.0 * count(*) filter (where mee_eens) / count(*) as waarde,
    count(*) filter (where mee_eens) as teller,
    count(*) as noemer,
    null::double as norm
from antwoorden
{{ gemeente_en_regio_groepen(['wet'], periode=['jaar']) }}
