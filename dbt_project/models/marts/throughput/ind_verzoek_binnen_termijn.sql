-- Requests (315 VOT, 317 VOW) received in the period that the gemeente answered with a toewijzing (301) or
-- an answer (319) within 5 working days (OP274/OP346). A request not answered counts as late once its term
-- has passed; one still within its term at the peildatum does not count yet (int_verzoeken.termijn_verstreken).
with verzoeken as (
    select v.wet, v.gemeentecode, v.soort, v.reactie_werkdagen, p.periode_type, p.periode
    from {{ ref('int_verzoeken') }} as v
    inner join {{ ref('int_perioden') }} as p on v.verzoekdatum between p.periode and p.periode_einde
    where v.termijn_verstreken
)

select
    'verzoek_binnen_termijn' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet', 'soort'], namen={'soort': 'bericht'}) }},
    100.0 * count(*) filter (where reactie_werkdagen <= 5) / count(*) as waarde,
    count(*) filter (where reactie_werkdagen <= 5) as teller,
    count(*) as noemer,
    null::double as norm
from verzoeken
{{ gemeente_en_regio_groepen(['wet', 'soort']) }}
