{# CBS outcome "geen nieuwe start" (../shared/domain.md 3.1): of the jeugdhulp trajectories that ended in
   the period, the share whose client started no new jeugdhulp trajectory (in any gemeente) within
   `maanden` months after the end. A period is shown only once its whole follow-up window lies within the
   delivered start messages, so a recent period never looks better for lack of time to return.
   Left out: jeugdbescherming and jeugdreclassering (JZ020 47-49, not jeugdhulp), and ends that are
   administrative continuations rather than an end of help (JZ588 02 death, 36 gemeente, 37 wijzigingsverzoek,
   38 overstap naar andere aanbieder). #}
{% macro geen_nieuwe_start(indicator_id, maanden) %}
with jeugdhulp as (
    select *
    from {{ ref('int_trajecten') }}
    where wet = 'jeugd' and coalesce(productcategorie, '') not in ('47', '48', '49')
),

-- New starts are known up to the latest start message (ledger bookings can run later than the messages).
data_einde as (
    select max(dagtekening) as einde from {{ ref('stg_berichten__starts') }}
),

beeindigd as (
    select
        e.gemeentecode, p.periode_type, p.periode,
        exists (
            select 1 from jeugdhulp as n
            where n.client_id = e.client_id
              and n.startdatum > e.stopdatum
              and n.startdatum <= e.stopdatum + interval {{ maanden }} month
        ) as nieuwe_start
    from jeugdhulp as e
    join {{ ref('int_perioden') }} as p on e.stopdatum between p.periode and p.periode_einde
    cross join data_einde as d
    where coalesce(e.reden_beeindiging, '') not in ('02', '36', '37', '38')
      and p.periode_einde + interval {{ maanden }} month <= d.einde
)

select
    '{{ indicator_id }}' as indicator_id,
    {{ gemeente_en_regio_kolommen() }},
    100.0 * count(*) filter (where not nieuwe_start) / count(*) as waarde,
    count(*) filter (where not nieuwe_start) as teller,
    count(*) as noemer,
    null::double as norm
from beeindigd
{{ gemeente_en_regio_groepen() }}
{% endmacro %}
