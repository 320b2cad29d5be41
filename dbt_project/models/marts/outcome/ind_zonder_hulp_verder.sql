-- NJi/VNG outcome criterion 3.1 "de mate waarin cliënten zonder hulp verder kunnen": asked when the help ends.
-- The data has it in the jeugd client survey (item zonder_hulp_verder, 1-5): a respondent counts when they
-- agreed to be linked (toestemming, so client_id is known) and a jeugd traject of theirs ended (307) in the
-- survey year on or before the day they answered. Agree (4, 5) = kan zonder hulp verder; 'weet niet' does
-- not count. One answer per client and year; the gemeente is the traject's (woonplaatsbeginsel).
with antwoorden as (
    select client_id, jaar, datum_invulling, mee_eens
    from {{ ref('stg_enquete__antwoorden') }}
    where onderzoek = 'jeugd' and vraagcode = 'zonder_hulp_verder' and client_id is not null and antwoord is not null
),

na_afsluiting as (
    select distinct t.gemeentecode, a.client_id, a.jaar, a.mee_eens
    from antwoorden as a
    inner join {{ ref('int_trajecten') }} as t
        on
            t.client_id = a.client_id
            and t.wet = 'jeugd'
            and year(t.stopdatum) = a.jaar
            and t.stopdatum <= a.datum_invulling
)

select
    'zonder_hulp_verder' as indicator_id,
    {{ gemeente_en_regio_kolommen(periode=['\'jaar\' as periode_type', 'make_date(jaar, 1, 1) as periode']) }},
    100.0 * count(distinct client_id) filter (where mee_eens) / count(distinct client_id) as waarde,
    count(distinct client_id) filter (where mee_eens) as teller,
    count(distinct client_id) as noemer,
    null::double as norm
from na_afsluiting
{{ gemeente_en_regio_groepen(periode=['jaar']) }}
