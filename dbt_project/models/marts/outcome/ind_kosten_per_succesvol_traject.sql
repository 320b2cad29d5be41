-- What one successful trajectory costs: the amount granted on every trajectory (all its chained
-- toewijzingen, int_trajecten) that ended in the period, as planned or by drop-out, divided by the number
-- that ended as planned. Granted = declared (323, credits netted) less what the gemeente rejected in its
-- answer (JW325 / WMO325 lines without RetourCode 8001): the 325 holds no granted amount per Prestatie.
-- Drop-outs cost money too, so a provider with much drop-out is dearer per success. A declaration without
-- an answer yet (the last 10 working days, OP090x4) counts as declared.
-- Per wet, aanbieder and the financing variant of the aanbieder's contract. Taakgericht care is paid per
-- task, not per client (no 323): it has no cost per trajectory and stays out.
with gedeclareerd as (
    select wet, gemeentecode, toewijzingnummer, sum(ingediend_bedrag_cent) / 100.0 as bedrag
    from {{ ref('stg_berichten__declaraties') }}
    group by all
),

afgewezen as (
    select wet, gemeentecode, toewijzingnummer, sum(ingediend_bedrag_cent) / 100.0 as bedrag
    from {{ ref('stg_berichten__declaratie_antwoorden') }}
    where not list_contains(string_split(coalesce(retourcodes, ''), ','), '8001')
    group by all
),

variant as (
    select gemeentecode, wet, agb_code as aanbieder, min(financieringsvorm) as financieringsvorm
    from {{ ref('stg_aanbieders__contracten') }}
    group by all
),

-- A traject costs what was declared on every toewijzing chained into it (renewals included); its last
-- toewijzingnummer, unique per gemeente and wet, identifies it.
leden as (
    select
        wet, gemeentecode, aanbieder, stopdatum, uitkomst, toewijzingnummer as traject,
        unnest(toewijzingnummers) as toewijzingnummer
    from {{ ref('int_trajecten') }}
    where uitkomst in ('volgens_plan', 'uitval') and grondslag = 'toewijzing'
),

-- The cost per traject first, then its periods and contract variant. Grouping the joined rows per traject
-- and period at once (DuckDB estimated about a billion groups at land) ran out of memory at 4 GB whenever
-- the model was built on its own (benchmark 3's direct pass, `dbt show`), though not inside a full build.
kosten as (
    select
        t.wet, t.gemeentecode, t.aanbieder, t.stopdatum, t.traject, t.uitkomst = 'volgens_plan' as succesvol,
        sum(coalesce(d.bedrag, 0) - coalesce(a.bedrag, 0)) as kosten
    from leden as t
    left join gedeclareerd as d using (wet, gemeentecode, toewijzingnummer)
    left join afgewezen as a using (wet, gemeentecode, toewijzingnummer)
    group by all
),

beeindigd as (
    select
        k.wet, k.gemeentecode, k.aanbieder, coalesce(v.financieringsvorm, 'geen contract') as financieringsvorm,
        p.periode_type, p.periode, k.traject, k.succesvol, k.kosten
    from kosten as k
    inner join {{ ref('int_perioden') }} as p on k.stopdatum between p.periode and p.periode_einde
    left join variant as v using (gemeentecode, wet, aanbieder)
)

select
    'kosten_per_succesvol_traject' as indicator_id,
    {{ gemeente_en_regio_kolommen(['wet', 'aanbieder', 'financieringsvorm']) }},
    sum(kosten) / nullif(count(*) filter (where succesvol), 0) as waarde,
    sum(kosten) as teller,
    count(*) filter (where succesvol) as noemer,
    null::double as norm
from beeindigd
{{ gemeente_en_regio_groepen(['wet', 'aanbieder', 'financieringsvorm']) }}
