-- Every request from a provider (315 VOT, 317 VOW) with the gemeente's first reaction: a toewijzing (301)
-- or an answer (319) carrying the same ReferentieAanbieder. A request re-sent under the same reference
-- counts from its first dagtekening. The 5-working-day term runs from the request (OP274/OP346); working days
-- skip weekends and the feestdagen of the Algemene termijnenwet (int_werkdagen). A request without reaction
-- whose term runs past the last day of the message traffic (the peildatum) may still be answered in time.
with verzoeken as (
    select
        wet, gemeentecode, aanbieder, referentie_aanbieder, 'vot' as soort, client_id, productcategorie,
        dagtekening
    from {{ ref('stg_berichten__verzoeken_toewijzing') }}
    union all
    select
        wet, gemeentecode, aanbieder, referentie_aanbieder, 'vow' as soort, client_id, null as productcategorie,
        dagtekening
    from {{ ref('stg_berichten__verzoeken_wijziging') }}
),

eerste_verzoek as (
    select
        wet, gemeentecode, aanbieder, referentie_aanbieder, soort,
        any_value(client_id) as client_id,
        any_value(productcategorie) as productcategorie,
        min(dagtekening) as verzoekdatum
    from verzoeken
    group by all
),

toewijzingen as (
    select wet, gemeentecode, aanbieder, referentie_aanbieder, min(dagtekening) as toewijzingdatum
    from {{ ref('stg_berichten__toewijzingen') }}
    where referentie_aanbieder is not null
    group by all
),

antwoorden as (
    select wet, gemeentecode, aanbieder, referentie_aanbieder, min(dagtekening) as antwoorddatum
    from {{ ref('stg_berichten__antwoorden') }}
    group by all
),

peildatum as (
    select max(dagtekening) as dag
    from (
        select dagtekening from verzoeken
        union all
        select dagtekening from {{ ref('stg_berichten__toewijzingen') }}
        union all
        select dagtekening from {{ ref('stg_berichten__antwoorden') }}
    )
)

select
    v.*,
    t.toewijzingdatum,
    a.antwoorddatum,
    least(t.toewijzingdatum, a.antwoorddatum) as reactiedatum,
    wr.werkdagnummer - wv.werkdagnummer as reactie_werkdagen,
    -- Waiting for a decision: request to toewijzing, in calendar days (only requests granted by a 301).
    date_diff('day', v.verzoekdatum, t.toewijzingdatum) as besluit_dagen,
    -- Answered, or 5 working days passed by the peildatum without an answer (late).
    (
        coalesce(t.toewijzingdatum, a.antwoorddatum) is not null
        or coalesce(wp.werkdagnummer - wv.werkdagnummer >= 5, false)
    ) as termijn_verstreken
from eerste_verzoek as v
cross join peildatum as p
left join toewijzingen as t using (wet, gemeentecode, aanbieder, referentie_aanbieder)
left join antwoorden as a using (wet, gemeentecode, aanbieder, referentie_aanbieder)
left join {{ ref('int_werkdagen') }} as wv on v.verzoekdatum = wv.dag
left join {{ ref('int_werkdagen') }} as wr on least(t.toewijzingdatum, a.antwoorddatum) = wr.dag
left join {{ ref('int_werkdagen') }} as wp on p.dag = wp.dag
