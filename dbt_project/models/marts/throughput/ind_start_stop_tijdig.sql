-- Start (305) and stop (307) messages sent within 5 working days after the actual start or end of care
-- (OP271/OP272). Each start or end counts once, by the first message that reported it: a later
-- correction (delete and re-send) does not make a timely report late. Period: the day care started or ended.
with meldingen as (
    select wet, gemeentecode, 'start' as bericht, begindatum as datum, min(dagtekening) as eerste_melding
    from {{ ref('stg_berichten__starts') }}
    where status_aanlevering = '1'
    group by wet, gemeentecode, aanbieder, client_id, toewijzingnummer, productcode, begindatum
    union all
    select wet, gemeentecode, 'stop' as bericht, einddatum as datum, min(dagtekening) as eerste_melding
    from {{ ref('stg_berichten__stops') }}
    where status_aanlevering = '1'
    group by wet, gemeentecode, aanbieder, client_id, toewijzingnummer, productcode, begindatum, einddatum
),

per_periode as (
    select
        m.wet, m.gemeentecode, m.bericht, p.periode_type, p.periode,
        {{ werkdagen('m.datum', 'm.eerste_melding') }} <= 5 as tijdig
    from meldingen as m
    inner join {{ ref('int_perioden') }} as p on m.datum between p.periode and p.periode_einde
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
