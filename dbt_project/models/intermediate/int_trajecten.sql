-- One row per current toewijzing with the care actually delivered under it: first start (305) and final
-- stop (307). A start or stop counts only when its latest message for the same logical key is not a
-- deletion (StatusAanlevering 3, IV008); a correction is a deletion plus a re-send with the new values.
with starts as (
    select
        *,
        row_number() over (
            partition by wet, gemeentecode, toewijzingnummer, begindatum
            order by dagtekening desc, bericht_id desc
        ) as rang
    from {{ ref('stg_berichten__starts') }}
),

geldige_starts as (
    select wet, gemeentecode, toewijzingnummer, min(begindatum) as startdatum
    from starts
    where rang = 1 and status_aanlevering = '1'
    group by all
),

stops as (
    select
        *,
        row_number() over (
            partition by wet, gemeentecode, toewijzingnummer, begindatum, einddatum, reden_beeindiging
            order by dagtekening desc, bericht_id desc
        ) as rang
    from {{ ref('stg_berichten__stops') }}
),

laatste_stop as (
    select wet, gemeentecode, toewijzingnummer, einddatum, reden_beeindiging
    from stops
    where rang = 1 and status_aanlevering = '1'
    qualify row_number() over (
        partition by wet, gemeentecode, toewijzingnummer order by einddatum desc, dagtekening desc
    ) = 1
)

select
    t.*,
    s.startdatum,
    e.einddatum as stopdatum,
    e.reden_beeindiging,
    r.uitkomst,
    -- Care without a stop message ends with its toewijzing.
    coalesce(e.einddatum, t.toewijzing_einddatum) as einde_zorg
from {{ ref('int_toewijzingen__actueel') }} as t
left join geldige_starts as s using (wet, gemeentecode, toewijzingnummer)
left join laatste_stop as e using (wet, gemeentecode, toewijzingnummer)
left join {{ ref('reden_beeindiging') }} as r
    on r.wet = t.wet and r.code = e.reden_beeindiging
