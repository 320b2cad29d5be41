-- Waiting time for a provider: days from the toewijzing's Ingangsdatum (301) to the first real day of
-- care (305 Begindatum), for every toewijzing that started, with the norm of its gemeente.
select
    t.wet,
    t.gemeentecode,
    t.aanbieder,
    t.productcategorie,
    t.client_id,
    t.toewijzingnummer,
    t.startdatum,
    greatest(date_diff('day', t.ingangsdatum, t.startdatum), 0) as wachtdagen,
    g.wachttijd_norm_dagen
from {{ ref('int_toewijzingen__zorg') }} as t
inner join {{ ref('int_gemeenten') }} as g using (gemeentecode)
where t.startdatum is not null
    and t.ingangsdatum is not null  -- taakgericht care has no toewijzing to wait from
