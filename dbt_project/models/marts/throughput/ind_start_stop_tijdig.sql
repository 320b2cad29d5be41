-- Start (305) and stop (307) messages sent within 5 working days after the actual start or end of care
-- (OP271/OP272). Each start or end counts once, by the first message that reported it: a later
-- correction (delete and re-send) does not make a timely report late. Period: the day care started or ended.
-- A toewijzing sent with terugwerkende kracht (its Ingangsdatum before the 301's dagtekening) moves the term:
-- the message is due 5 working days after the later of the real date and the day that 301 was sent (OP271:
-- "binnen vijf werkdagen na ontvangst van het toewijzingbericht"; a 301 is received the day it is sent).
-- A provider cannot report a stop of a toewijzing it has not received either, so the same holds for stops.
-- Working days skip weekends and the feestdagen of the Algemene termijnenwet (int_werkdagen).
with meldingen as (
    select
        wet, gemeentecode, aanbieder, client_id, toewijzingnummer, 'start' as bericht, begindatum as datum,
        min(dagtekening) as eerste_melding
    from {{ ref('stg_berichten__starts') }}
    where status_aanlevering = '1'
    group by wet, gemeentecode, aanbieder, client_id, toewijzingnummer, productcode, begindatum
    union all
    select
        wet, gemeentecode, aanbieder, client_id, toewijzingnummer, 'stop' as bericht, einddatum as datum,
        min(dagtekening) as eerste_melding
    from {{ ref('stg_berichten__stops') }}
    where status_aanlevering = '1'
    group by wet, gemeentecode, aanbieder, client_id, toewijzingnummer, productcode, begindatum, einddatum
),

-- The first 301 of each toewijzing: the day the provider received it and whether it was retroactive.
eerste_toewijzing as (
    select
        wet, gemeentecode, aanbieder, client_id, toewijzingnummer,
        min(dagtekening) as ontvangen,
        arg_min(ingangsdatum, dagtekening) < min(dagtekening) as terugwerkend
    from {{ ref('stg_berichten__toewijzingen') }}
    group by all
),

met_termijnstart as (
    select
        m.wet, m.gemeentecode, m.bericht, m.datum, m.eerste_melding,
        if(coalesce(t.terugwerkend, false), greatest(m.datum, t.ontvangen), m.datum) as termijn_vanaf
    from meldingen as m
    left join eerste_toewijzing as t using (wet, gemeentecode, aanbieder, client_id, toewijzingnummer)
),

per_periode as (
    select
        m.wet, m.gemeentecode, m.bericht, p.periode_type, p.periode,
        coalesce(wm.werkdagnummer - wv.werkdagnummer <= 5, false) as tijdig
    from met_termijnstart as m
    inner join {{ ref('int_perioden') }} as p on m.datum between p.periode and p.periode_einde
    left join {{ ref('int_werkdagen') }} as wv on m.termijn_vanaf = wv.dag
    left join {{ ref('int_werkdagen') }} as wm on m.eerste_melding = wm.dag
)

select
    'start_stop_tijdig' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet', 'bericht']) }},
    100.0 * count(*) filter (where tijdig) / count(*) as waarde,
    count(*) filter (where tijdig) as teller,
    count(*) as noemer,
    null::double as norm
from per_periode
{{ gemeente_en_regio_groepen(['wet', 'bericht']) }}
