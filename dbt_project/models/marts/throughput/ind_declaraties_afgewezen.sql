-- Share of the declared amount (323 debet lines) that the gemeente rejected in its answer (325), by the
-- answer's date. A Prestatie is granted when its RetourCodes hold 8001 ("volledig toegewezen", WJ001);
-- any other code is a rejection. Credit lines (corrections of a granted debet, IV085) are not new claims
-- and stay out. Per RetourCode: the amount rejected with that code (a line with two codes counts in both).
with regels as (
    select
        a.wet, a.gemeentecode, a.ingediend_bedrag_cent / 100.0 as bedrag, p.periode_type, p.periode,
        string_split(coalesce(a.retourcodes, ''), ',') as codes,
        not list_contains(string_split(coalesce(a.retourcodes, ''), ','), '8001') as afgewezen
    from {{ ref('stg_berichten__declaratie_antwoorden') }} as a
    inner join {{ ref('int_perioden') }} as p on a.dagtekening between p.periode and p.periode_einde
    where a.ingediend_bedrag_cent > 0
),

totaal as (
    select
        {{ gemeente_en_regio_kolommen(['wet'], wijkcode=false) }},
        sum(bedrag) filter (where afgewezen) as afgewezen,
        sum(bedrag) as ingediend
    from regels
    {{ gemeente_en_regio_groepen(['wet']) }}
),

per_code as (
    select
        coalesce(r.gemeentecode, 'REGIO') as gemeentecode, r.periode_type, r.periode,
        'retourcode' as dimensie, c.code as dimensie_waarde, sum(r.bedrag) as afgewezen
    from regels as r, unnest(r.codes) as c (code)
    where r.afgewezen and c.code not in ('', '8001')
    {{ gemeente_en_regio_groepen(gemeente='r.gemeentecode', periode=['r.periode_type', 'r.periode', 'c.code']) }}
)

select
    'declaraties_afgewezen' as indicator_id, gemeentecode, null::varchar as wijkcode, periode_type, periode,
    dimensie, dimensie_waarde,
    100.0 * coalesce(afgewezen, 0) / nullif(ingediend, 0) as waarde,
    coalesce(afgewezen, 0) as teller, ingediend as noemer, null::double as norm
from totaal
union all
select
    'declaraties_afgewezen', c.gemeentecode, null, c.periode_type, c.periode, c.dimensie, c.dimensie_waarde,
    100.0 * c.afgewezen / nullif(t.ingediend, 0), c.afgewezen, t.ingediend, null
from per_code as c
inner join totaal as t using (gemeentecode, periode_type, periode)
where t.dimensie = 'totaal'
