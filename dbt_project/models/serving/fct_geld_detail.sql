-- Declared money below the taakveld, for the controller's drill on the Geld en resultaat page: per gemeente
-- (and REGIO), period (year to date at the period's end) and four nested levels, taakveld > productcategorie
-- > aanbieder > product. The amount is computed as the cost indicators do (ind_kosten_per_succesvol_traject):
-- what was declared (323, credit lines netted) less what the gemeente rejected in its answer (325 lines
-- without RetourCode 8001); a line without an answer counts as declared. Dated by the start of the product
-- period (when the care was delivered), like ind_budgetuitputting.
--
-- The taakveld of a declaration line comes from its productcategorie (JZ020 / WMO020, national codes) via
-- the crosswalk below, per Iv3 regime. A category whose products are booked on more than one taakveld (45
-- ambulant: lokaal or regionaal; 43/44 verblijf) goes to its main taakveld, so the drill's taakveld totals
-- are an approximation of the ledger's; the ledger (lasten_begroting_ytd) stays the source of realisatie.
--
-- Small cells (see the YAML for the full rule): clienten is published rounded to a multiple of 5; a cell
-- with fewer than 10 distinct clients is hidden, and hiding is repeated over every additive relation
-- (parent = sum of its children; REGIO = sum of its gemeenten) until no relation has exactly one hidden
-- member, so no hidden amount can be recovered by subtraction.
{% set passes = 6 %}

with crosswalk(wet, productcategorie, taakveld_tot_2022, taakveld_2023_2024, taakveld_vanaf_2025) as (
    values
        ('jeugd', '41', '6.72', '6.72c', '6.752'),  -- dagbehandeling
        ('jeugd', '43', '6.72', '6.73c', '6.762'),  -- jeugdhulp met verblijf (residentieel, gesloten)
        ('jeugd', '44', '6.72', '6.73a', '6.762'),  -- pleegzorg, gezinshuis
        ('jeugd', '45', '6.72', '6.72a', '6.751'),  -- ambulante jeugdhulp
        ('jeugd', '46', '6.72', '6.74b', '6.762'),  -- crisis
        ('jeugd', '47', '6.82', '6.82b', '6.822'),  -- jeugdreclassering
        ('jeugd', '48', '6.82', '6.82a', '6.821'),  -- jeugdbescherming
        ('jeugd', '54', '6.72', '6.74a', '6.752'),  -- jeugd-ggz
        ('jeugd', '55', '6.72', '6.74b', '6.753'),  -- landelijk ingekochte zorg
        ('wmo', '01', '6.71', '6.71a', '6.711'),   -- hulp bij het huishouden
        ('wmo', '02', '6.71', '6.71b', '6.712'),   -- begeleiding
        ('wmo', '03', '6.71', '6.71b', '6.712'),   -- persoonlijke verzorging
        ('wmo', '04', '6.71', '6.71b', '6.712'),   -- kortdurend verblijf
        ('wmo', '06', '6.71', '6.71b', '6.712'),   -- overige ondersteuning individu
        ('wmo', '07', '6.71', '6.71c', '6.713'),   -- dagbesteding
        ('wmo', '09', '6.71', '6.71d', '6.714'),   -- overige groepsgerichte ondersteuning
        ('wmo', '10', '6.71', '6.71d', '6.714'),   -- overige maatwerkarrangementen
        ('wmo', '05', '6.6', '6.6', '6.60'),       -- woondiensten
        ('wmo', '08', '6.6', '6.6', '6.60'),       -- vervoerdiensten
        ('wmo', '11', '6.6', '6.6', '6.60'),       -- rolstoelen
        ('wmo', '12', '6.6', '6.6', '6.60'),       -- vervoervoorzieningen
        ('wmo', '13', '6.6', '6.6', '6.60'),       -- woonvoorzieningen
        ('wmo', '14', '6.6', '6.6', '6.60'),       -- overige hulpmiddelen
        ('wmo', '15', '6.81', '6.81a', '6.811'),   -- beschermd wonen
        ('wmo', '16', '6.81', '6.81b', '6.812'),   -- opvang
        ('wmo', '17', '6.81', '6.81b', '6.812'),   -- spoedopvang
        ('wmo', '18', '6.81', '6.81b', '6.812')    -- overige beschermd wonen en opvang
),

regels as (
    select wet, gemeentecode, aanbieder, client_id, productcategorie, productcode,
           productperiode_begin::date as begin, ingediend_bedrag_cent / 100.0 as bedrag, true as gedeclareerd
    from {{ ref('stg_berichten__declaraties') }}
    union all
    select wet, gemeentecode, aanbieder, client_id, productcategorie, productcode,
           productperiode_begin::date, -ingediend_bedrag_cent / 100.0, false
    from {{ ref('stg_berichten__declaratie_antwoorden') }}
    where not list_contains(string_split(coalesce(retourcodes, ''), ','), '8001')
),

-- One row per client, product and month: the grain the periods are built from.
per_maand as (
    select
        r.gemeentecode, r.wet, r.aanbieder, r.client_id, r.productcategorie, r.productcode,
        year(r.begin) as jaar,
        date_trunc('month', r.begin)::date as maand,
        coalesce(case when year(r.begin) <= 2022 then c.taakveld_tot_2022
                      when year(r.begin) <= 2024 then c.taakveld_2023_2024
                      else c.taakveld_vanaf_2025 end, 'onbekend') as taakveld,
        sum(r.bedrag) as bedrag,
        bool_or(r.gedeclareerd) as gedeclareerd
    from regels as r
    left join crosswalk as c on c.wet = r.wet and c.productcategorie = r.productcategorie
    group by all
),

-- Year to date at the end of each month, quarter and year; distinct clients are counted per cell, never
-- summed from months.
cellen_exact as (
    select
        coalesce(m.gemeentecode, 'REGIO') as gemeentecode,
        p.periode_type,
        p.periode,
        case
            when grouping(m.productcode) = 0 then 'product'
            when grouping(m.aanbieder) = 0 then 'aanbieder'
            when grouping(m.productcategorie) = 0 then 'productcategorie'
            else 'taakveld'
        end as niveau,
        m.wet,
        m.taakveld,
        m.productcategorie,
        m.aanbieder,
        m.productcode,
        sum(m.bedrag) as bedrag,
        count(distinct m.client_id) filter (where m.gedeclareerd) as clienten_exact
    from per_maand as m
    join {{ ref('int_perioden') }} as p on p.jaar = m.jaar and m.maand <= p.periode_einde
    group by grouping sets (
        (m.gemeentecode, p.periode_type, p.periode, m.wet, m.taakveld),
        (m.gemeentecode, p.periode_type, p.periode, m.wet, m.taakveld, m.productcategorie),
        (m.gemeentecode, p.periode_type, p.periode, m.wet, m.taakveld, m.productcategorie, m.aanbieder),
        (m.gemeentecode, p.periode_type, p.periode, m.wet, m.taakveld, m.productcategorie, m.aanbieder,
         m.productcode),
        (p.periode_type, p.periode, m.wet, m.taakveld),
        (p.periode_type, p.periode, m.wet, m.taakveld, m.productcategorie),
        (p.periode_type, p.periode, m.wet, m.taakveld, m.productcategorie, m.aanbieder),
        (p.periode_type, p.periode, m.wet, m.taakveld, m.productcategorie, m.aanbieder, m.productcode)
    )
),

-- Keys of a cell, of its parent one level up, and of the same cell without the gemeente (the REGIO relation).
sleutels as materialized (
    select
        *,
        concat_ws('|', periode_type, periode, taakveld, coalesce(productcategorie, '-'), coalesce(aanbieder, '-'),
                  coalesce(productcode, '-')) as sleutel,
        gemeentecode || '|' || concat_ws('|', periode_type, periode, taakveld, coalesce(productcategorie, '-'),
                                          coalesce(aanbieder, '-'), coalesce(productcode, '-')) as cel,
        case niveau
            when 'productcategorie' then gemeentecode || '|' || concat_ws('|', periode_type, periode, taakveld, '-', '-', '-')
            when 'aanbieder' then gemeentecode || '|' || concat_ws('|', periode_type, periode, taakveld, productcategorie, '-', '-')
            when 'product' then gemeentecode || '|' || concat_ws('|', periode_type, periode, taakveld, productcategorie, aanbieder, '-')
        end as ouder
    from cellen_exact
),

-- Every additive relation a cell takes part in, with the cell's role: the parent (the total) or a part.
relaties as materialized (
    select 'h|' || ouder as relatie, cel, false as is_totaal from sleutels where ouder is not null
    union all
    select 'h|' || cel, cel, true from sleutels where niveau <> 'product'
    union all
    select 'r|' || sleutel, cel, gemeentecode = 'REGIO' from sleutels
),

stap_0 as (
    select cel, bedrag, clienten_exact,
           if(clienten_exact < 10, 'te_weinig_basis', null) as reden
    from sleutels
),

{% for i in range(1, passes + 1) %}
-- Pass {{ i }}: every relation with exactly one hidden member hides its smallest visible part (the total
-- only when no part is left).
telling_{{ i }} as (
    select r.relatie
    from relaties as r join stap_{{ i - 1 }} as s using (cel)
    group by r.relatie
    having count(*) filter (where s.reden is not null) = 1
),

extra_{{ i }} as (
    select cel, any_value(if(relatie like 'r|%', 'secundair_regio', 'secundair_dimensie')) as reden
    from (
        select r.relatie, r.cel,
               row_number() over (partition by r.relatie order by r.is_totaal, abs(s.bedrag), s.clienten_exact, r.cel) as rang
        from relaties as r
        join telling_{{ i }} using (relatie)
        join stap_{{ i - 1 }} as s using (cel)
        where s.reden is null
    )
    where rang = 1
    group by cel
),

stap_{{ i }} as materialized (
    select s.cel, s.bedrag, s.clienten_exact, coalesce(s.reden, e.reden) as reden
    from stap_{{ i - 1 }} as s
    left join extra_{{ i }} as e using (cel)
),
{% endfor %}

beschermd as (select * from stap_{{ passes }})

select
    k.gemeentecode,
    k.periode_type,
    k.periode,
    k.niveau,
    k.wet,
    k.taakveld,
    k.productcategorie,
    g.omschrijving as productcategorie_omschrijving,
    k.aanbieder,
    k.productcode,
    if(b.reden is null, k.bedrag, null) as bedrag,
    if(b.reden is null, (round(k.clienten_exact / 5.0) * 5)::integer, null) as clienten,
    b.reden is not null as onderdrukt,
    b.reden as reden_onderdrukt
from sleutels as k
join beschermd as b using (cel)
left join {{ ref('gmsd_type') }} as g on k.wet = 'wmo' and g.productcategorie = k.productcategorie
