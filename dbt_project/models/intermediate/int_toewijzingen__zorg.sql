-- One row per toewijzing with the care delivered under it (first start 305, final stop 307), plus
-- taakgericht care, which has no toewijzing per client (IV096): there each start is a row of its own,
-- keyed by aanbieder, client, product and Begindatum. int_trajecten chains these rows into trajects.
-- A start or stop counts only when its latest message for the same logical key is not a deletion
-- (StatusAanlevering 3, IV008); a correction is a deletion plus a re-send with the new values.
{# The logical key of a start; a stop names the start it ends by the same key. #}
{%- set start_sleutel = "wet, gemeentecode, aanbieder, client_id, coalesce(toewijzingnummer, ''), "
    ~ "coalesce(productcode, ''), begindatum" %}
with starts as (
    select *
    from {{ ref('stg_berichten__starts') }}
    qualify row_number() over (partition by {{ start_sleutel }} order by dagtekening desc, bericht_id desc) = 1
),

stops as (
    select *
    from {{ ref('stg_berichten__stops') }}
    qualify
        row_number() over (
            partition by {{ start_sleutel }}, einddatum, reden_beeindiging order by dagtekening desc, bericht_id desc
        ) = 1
),

geldige_starts as (
    select * from starts
    where status_aanlevering = '1'
),

geldige_stops as (
    select *
    from stops
    where status_aanlevering = '1'
    qualify row_number() over (partition by {{ start_sleutel }} order by einddatum desc, dagtekening desc) = 1
),

eerste_start as (
    select wet, gemeentecode, toewijzingnummer, min(begindatum) as startdatum
    from geldige_starts
    where toewijzingnummer is not null
    group by all
),

laatste_stop as (
    select wet, gemeentecode, toewijzingnummer, einddatum, reden_beeindiging
    from geldige_stops
    where toewijzingnummer is not null
    qualify
        row_number() over (
            partition by wet, gemeentecode, toewijzingnummer order by einddatum desc, dagtekening desc
        ) = 1
),

met_toewijzing as (
    select
        t.wet, t.gemeentecode, t.aanbieder, t.client_id, t.geboortemaand, t.toewijzingnummer,
        t.productcategorie, t.productcode, t.ingangsdatum, t.toewijzing_einddatum,
        s.startdatum, e.einddatum as stopdatum, e.reden_beeindiging,
        -- Care without a stop message ends with its toewijzing.
        coalesce(e.einddatum, t.toewijzing_einddatum) as einde_zorg,
        'toewijzing' as grondslag
    from {{ ref('int_toewijzingen__actueel') }} as t
    left join eerste_start as s using (wet, gemeentecode, toewijzingnummer)
    left join laatste_stop as e using (wet, gemeentecode, toewijzingnummer)
),

taakgericht as (
    select
        s.wet, s.gemeentecode, s.aanbieder, s.client_id, s.geboortemaand, null as toewijzingnummer,
        s.productcategorie, s.productcode, null::date as ingangsdatum, null::date as toewijzing_einddatum,
        s.begindatum as startdatum, e.einddatum as stopdatum, e.reden_beeindiging,
        e.einddatum as einde_zorg,
        'taakgericht' as grondslag
    from geldige_starts as s
    left join geldige_stops as e
        on e.toewijzingnummer is null
            and e.wet = s.wet and e.gemeentecode = s.gemeentecode and e.aanbieder = s.aanbieder
            and e.client_id = s.client_id and coalesce(e.productcode, '') = coalesce(s.productcode, '')
            and e.begindatum = s.begindatum
    where s.toewijzingnummer is null
)

select tr.*, r.uitkomst
from (
    select * from met_toewijzing
    union all
    select * from taakgericht
) as tr
left join {{ ref('reden_beeindiging') }} as r
    on r.wet = tr.wet and r.code = tr.reden_beeindiging
