-- Of the amount declared in the period (323 debet lines, by the 323's dagtekening), the share the gemeente
-- rejected in its answer (JW325 for jeugd, WMO325 for Wmo). A 325 lists only the rejected Prestaties, each
-- with its RetourCodes (OP303); granted ones appear only in its TotaalToegekendBedrag, and a fully granted
-- declaration may carry no Prestatie at all. So the denominator comes from the 323s and the numerator from
-- the 325 lines without 8001 ("volledig toegewezen", WJ001), linked by DeclaratieIdentificatie. The answer
-- is due within 10 working days (OP090x4): 323s of the last three weeks before the data's last message do
-- not count yet. Credit lines (corrections of a granted debet, IV085) are not new claims and stay out.
-- Per RetourCode: the amount rejected with that code (a line with two codes counts in both).
{%- set antwoordtermijn_dagen = 21 %}
with peildatum as (
    select max(dagtekening) as peildatum
    from (
        select dagtekening from {{ ref('stg_berichten__declaraties') }}
        union all
        select dagtekening from {{ ref('stg_berichten__declaratie_antwoorden') }}
    )
),

declaraties as (
    select distinct d.wet, d.gemeentecode, d.aanbieder, d.bericht_id, d.dagtekening
    from {{ ref('stg_berichten__declaraties') }} as d
    cross join peildatum as p
    where d.dagtekening + {{ antwoordtermijn_dagen }} <= p.peildatum
),

-- Amounts are summed per day before they meet the periods (a day holds thousands of lines; a period's sum
-- is the same): at national scale there are tens of millions of lines, each in four periods.
ingediend as (
    select d.wet, d.gemeentecode, d.dagtekening, sum(d.ingediend_bedrag_cent) / 100.0 as bedrag
    from {{ ref('stg_berichten__declaraties') }} as d
    inner join declaraties using (wet, gemeentecode, aanbieder, bericht_id)
    where d.ingediend_bedrag_cent > 0
    group by d.wet, d.gemeentecode, d.dagtekening
),

afgewezen_regels as (
    select
        d.wet, d.gemeentecode, d.dagtekening, a.ingediend_bedrag_cent,
        string_split(coalesce(a.retourcodes, ''), ',') as codes
    from {{ ref('stg_berichten__declaratie_antwoorden') }} as a
    inner join declaraties as d
        on
            d.wet = a.wet and d.gemeentecode = a.gemeentecode and d.aanbieder = a.aanbieder
            and d.bericht_id = a.declaratie_identificatie
    where a.ingediend_bedrag_cent > 0 and not list_contains(string_split(coalesce(a.retourcodes, ''), ','), '8001')
),

afgewezen as (
    select wet, gemeentecode, dagtekening, sum(ingediend_bedrag_cent) / 100.0 as bedrag
    from afgewezen_regels
    group by wet, gemeentecode, dagtekening
),

-- Per RetourCode: a line with two codes counts in both.
afgewezen_per_code as (
    select r.gemeentecode, r.dagtekening, c.code, sum(r.ingediend_bedrag_cent) / 100.0 as bedrag
    from afgewezen_regels as r, unnest(r.codes) as c (code)
    where c.code not in ('', '8001')
    group by r.gemeentecode, r.dagtekening, c.code
),

regels as (
    select wet, gemeentecode, dagtekening, bedrag, false as afgewezen from ingediend
    union all
    select wet, gemeentecode, dagtekening, bedrag, true from afgewezen
),

per_periode as (
    select * from {{ maand_en_jaar('regels', 'dagtekening') }}
),

totaal as (
    select
        {{ gemeente_en_regio_kolommen(['wet'], wijkcode=false) }},
        coalesce(sum(bedrag) filter (where afgewezen), 0) as afgewezen,
        sum(bedrag) filter (where not afgewezen) as ingediend
    from per_periode
    {{ gemeente_en_regio_groepen(['wet']) }}
),

per_code as (
    select
        coalesce(r.gemeentecode, 'REGIO') as gemeentecode, r.periode_type, r.periode,
        'retourcode' as dimensie, r.code as dimensie_waarde, sum(r.bedrag) as afgewezen
    from {{ maand_en_jaar('afgewezen_per_code', 'dagtekening') }} as r
    {{ gemeente_en_regio_groepen(gemeente='r.gemeentecode', periode=['r.periode_type', 'r.periode', 'r.code']) }}
)

select
    'declaraties_afgewezen' as indicator_id, gemeentecode, null::varchar as wijkcode, periode_type, periode,
    dimensie, dimensie_waarde,
    100.0 * afgewezen / nullif(ingediend, 0) as waarde,
    afgewezen as teller, ingediend as noemer, null::double as norm
from totaal
union all
select
    'declaraties_afgewezen', c.gemeentecode, null, c.periode_type, c.periode, c.dimensie, c.dimensie_waarde,
    100.0 * c.afgewezen / nullif(t.ingediend, 0), c.afgewezen, t.ingediend, null
from per_code as c
inner join totaal as t using (gemeentecode, periode_type, periode)
where t.dimensie = 'totaal'
