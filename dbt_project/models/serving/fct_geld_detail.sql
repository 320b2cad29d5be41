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

with crosswalk (wet, productcategorie, taakveld_tot_2022, taakveld_2023_2024, taakveld_vanaf_2025) as (
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
    select
        wet, gemeentecode, aanbieder, client_id, productcategorie, productcode,
        productperiode_begin::date as begindatum, ingediend_bedrag_cent / 100.0 as bedrag, true as gedeclareerd
    from {{ ref('stg_berichten__declaraties') }}
    union all
    select
        wet, gemeentecode, aanbieder, client_id, productcategorie, productcode,
        productperiode_begin::date, -ingediend_bedrag_cent / 100.0, false
    from {{ ref('stg_berichten__declaratie_antwoorden') }}
    where not list_contains(string_split(coalesce(retourcodes, ''), ','), '8001')
),

-- Every line with its year, month and taakveld. Not materialized: its two readers below group it differently
-- (per client for the first month, without the client for the amounts), and at national scale a copy of tens of
-- millions of lines costs more than reading the staging views twice.
per_regel as not materialized (
    select
        r.gemeentecode, r.wet, r.aanbieder, r.client_id, r.productcategorie, r.productcode, r.bedrag, r.gedeclareerd,
        year(r.begindatum) as jaar,
        date_trunc('month', r.begindatum)::date as maand,
        coalesce(
            case
                when year(r.begindatum) <= 2022 then c.taakveld_tot_2022
                when year(r.begindatum) <= 2024 then c.taakveld_2023_2024
                else c.taakveld_vanaf_2025
            end,
            'onbekend'
        ) as taakveld
    from regels as r
    left join crosswalk as c on c.wet = r.wet and c.productcategorie = r.productcategorie
),

-- Year to date at the end of each month, quarter and year. Distinct clients are counted per cell, never
-- summed from smaller cells: a client counts from the first month of the year in which the cell declared
-- for them, so the year-to-date count is a running sum of first months. That keeps the work linear in the
-- rows (no month x period expansion of person rows).
eerste_per_product as (
    select
        gemeentecode, jaar, client_id, wet, taakveld, productcategorie, aanbieder, productcode,
        min(maand) filter (where gedeclareerd) as eerste_maand
    from per_regel
    group by all
),

{% set niveaus = [
    "wet, taakveld",
    "wet, taakveld, productcategorie",
    "wet, taakveld, productcategorie, aanbieder",
    "wet, taakveld, productcategorie, aanbieder, productcode",
] %}
{% set cel_kolommen %}
        coalesce(gemeentecode, 'REGIO') as gemeentecode,
        case
            when grouping(productcode) = 0 then 'product'
            when grouping(aanbieder) = 0 then 'aanbieder'
            when grouping(productcategorie) = 0 then 'productcategorie'
            else 'taakveld'
        end as niveau,
        wet, taakveld, productcategorie, aanbieder, productcode, jaar
{% endset %}

nieuwe_clienten as (
    select
        gemeentecode, niveau, wet, taakveld, productcategorie, aanbieder, productcode, jaar, eerste_maand as maand,
        count(*) as nieuw
    from (
        select {{ cel_kolommen }}, client_id, min(eerste_maand) as eerste_maand
        from eerste_per_product
        {{ gemeente_en_regio_groepen(niveaus, periode=['jaar', 'client_id'], totaal=false) }}
    )
    where eerste_maand is not null
    group by all
),

bedrag_per_maand as (
    select {{ cel_kolommen }}, maand, sum(bedrag) as bedrag
    from per_regel
    {{ gemeente_en_regio_groepen(niveaus, periode=['jaar', 'maand'], totaal=false) }}
),

per_cel_maand as (
    select
        b.*, coalesce(n.nieuw, 0) as nieuw,
        concat_ws(
            '|', b.gemeentecode, b.niveau, b.wet, b.taakveld, coalesce(b.productcategorie, '-'),
            coalesce(b.aanbieder, '-'), coalesce(b.productcode, '-'), b.jaar
        ) as cel
    from bedrag_per_maand as b
    left join nieuwe_clienten as n
        on n.gemeentecode = b.gemeentecode and n.niveau = b.niveau and n.wet = b.wet and n.taakveld = b.taakveld
            and n.productcategorie is not distinct from b.productcategorie
            and n.aanbieder is not distinct from b.aanbieder and n.productcode is not distinct from b.productcode
            and n.jaar = b.jaar and n.maand = b.maand
),

-- Every month from a cell's first month to December, with the running totals.
lopend as (
    select
        c.gemeentecode, c.niveau, c.wet, c.taakveld, c.productcategorie, c.aanbieder, c.productcode, c.jaar,
        m.maand,
        sum(coalesce(p.bedrag, 0)) over w as bedrag,
        sum(coalesce(p.nieuw, 0)) over w as clienten_exact
    from (
        select
            cel, any_value(gemeentecode) as gemeentecode, any_value(niveau) as niveau, any_value(wet) as wet,
            any_value(taakveld) as taakveld, any_value(productcategorie) as productcategorie,
            any_value(aanbieder) as aanbieder, any_value(productcode) as productcode, any_value(jaar) as jaar,
            min(maand) as eerste
        from per_cel_maand
        group by cel
    ) as c
    cross join
        lateral (
            select unnest(range(c.eerste, make_date(c.jaar, 12, 1) + interval 1 day, interval 1 month))::date as maand
        ) as m
    left join per_cel_maand as p on p.cel = c.cel and p.maand = m.maand
    window w as (partition by c.cel order by m.maand)
),

cellen_exact as (
    select
        l.gemeentecode, p.periode_type, p.periode, l.niveau, l.wet, l.taakveld, l.productcategorie,
        l.aanbieder, l.productcode,
        round(l.bedrag, 2) as bedrag,  -- cents: the order of summing never decides which cell is hidden
        l.clienten_exact
    from lopend as l
    inner join {{ ref('int_perioden') }} as p
        on p.jaar = l.jaar and date_trunc('month', p.periode_einde)::date = l.maand
),

-- Keys of a cell, of its parent one level up, and of the same cell without the gemeente (the REGIO relation).
sleutels as materialized (
    select
        *,
        concat_ws(
            '|', periode_type, periode, taakveld, coalesce(productcategorie, '-'), coalesce(aanbieder, '-'),
            coalesce(productcode, '-')
        ) as sleutel,
        gemeentecode || '|' || concat_ws(
            '|', periode_type, periode, taakveld, coalesce(productcategorie, '-'),
            coalesce(aanbieder, '-'), coalesce(productcode, '-')
        ) as cel,
        gemeentecode || '|' || case niveau
            when 'productcategorie' then concat_ws('|', periode_type, periode, taakveld, '-', '-', '-')
            when 'aanbieder' then concat_ws('|', periode_type, periode, taakveld, productcategorie, '-', '-')
            when 'product' then concat_ws('|', periode_type, periode, taakveld, productcategorie, aanbieder, '-')
        end as ouder
    from cellen_exact
),

-- Every additive relation a cell takes part in, with the cell's role: the parent (the total) or a part.
relaties as materialized (
    select 'h|' || ouder as relatie, cel, false as is_totaal from sleutels
    where ouder is not null
    union all
    select 'h|' || cel, cel, true from sleutels
    where niveau <> 'product'
    union all
    select 'r|' || sleutel, cel, gemeentecode = 'REGIO' from sleutels
),

stap_0 as (
    select
        cel, bedrag, clienten_exact,
        if(clienten_exact < 10, 'te_weinig_basis', null) as reden
    from sleutels
),

{% for i in range(1, passes + 1) %}
-- Pass {{ i }}: every relation with exactly one hidden member hides its smallest visible part (the total
-- only when no part is left).
telling_{{ i }} as (
    select r.relatie
    from relaties as r inner join stap_{{ i - 1 }} as s using (cel)
    group by r.relatie
    having count(*) filter (where s.reden is not null) = 1
),

extra_{{ i }} as (
    -- A cell chosen by a region and a breakdown relation in one pass names the breakdown: min(), so the
    -- published reason never depends on scan order.
    select cel, min(if(relatie like 'r|%', 'secundair_regio', 'secundair_dimensie')) as reden
    from (
        select
            r.relatie, r.cel,
            row_number() over (
                partition by r.relatie order by r.is_totaal, abs(s.bedrag), s.clienten_exact, r.cel
            ) as rang
        from relaties as r
        inner join telling_{{ i }} using (relatie)
        inner join stap_{{ i - 1 }} as s using (cel)
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
inner join beschermd as b using (cel)
left join {{ ref('gmsd_type') }} as g on k.wet = 'wmo' and g.productcategorie = k.productcategorie
