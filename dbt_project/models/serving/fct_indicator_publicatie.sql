-- The indicator table that policy and council views read: fct_indicator_values with small-cell protection
-- (CBS rule: person counts rounded to multiples of 5, raw counts 0-7 hidden, plus secondary suppression so
-- no hidden cell follows from a total minus the shown cells), rates recomputed from the rounded counts, and
-- per row the comparisons (region, comparable gemeenten, CBS), trends (previous period, a year earlier) and
-- vintage (voorlopig/definitief with estimated completeness, reeksbreuk). Exact values stay in
-- fct_indicator_values for staff whose task allows it.
-- Built per indicator: every row is computed from rows of its own indicator only, so a corrected budget replaces
-- only the rows of the indicators it feeds (macros/indicatoren/per_indicator.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ per_indicator_wissen() }}") }}
{%- set rondes = 4 %}
{%- set kubus_rondes = 3 %}
{#- Every "total = sum of parts" link in the long table: a breakdown and its totaal row, the gemeenten and
    REGIO, the wijken and their gemeente. #}
{%- set relaties = [
    {'naam': 'dimensie', 'deel': "dimensie <> 'totaal'", 'totaal': "dimensie = 'totaal'",
     'koppel': ['indicator_id', 'gemeentecode', 'wijkcode', 'periode_type', 'periode'],
     'groep': ['dimensie'], 'deel_id': 'dimensie_waarde'},
    {'naam': 'regio', 'deel': "gemeentecode <> 'REGIO'", 'totaal': "gemeentecode = 'REGIO'",
     'koppel': ['indicator_id', 'wijkcode', 'periode_type', 'periode', 'dimensie', 'dimensie_waarde'],
     'groep': [], 'deel_id': 'gemeentecode'},
    {'naam': 'wijk', 'deel': "wijkcode is not null", 'totaal': "wijkcode is null",
     'koppel': ['indicator_id', 'gemeentecode', 'periode_type', 'periode', 'dimensie', 'dimensie_waarde'],
     'groep': [], 'deel_id': 'wijkcode'},
] %}
{#- Per rate per resident, the int_bevolking column it divides by (meta.indicator.noemer_bevolking). #}
{%- set noemers = [] %}
{%- for node in indicator_nodes() if node.config.meta.indicator.get('noemer_bevolking') %}
{%- do noemers.append((node.config.meta.indicator.id, node.config.meta.indicator.noemer_bevolking)) %}
{%- endfor %}
{#- Vintage: months of deliveries seen after the last month of the period (p: the source's peildatum). #}
{%- set maanden_per_periode =
    "case v.periode_type when 'maand' then 1 when 'kwartaal' then 3 when 'halfjaar' then 6 else 12 end" %}
{%- set maanden_na = "datediff('month', v.periode + to_months(" ~ maanden_per_periode ~ " - 1), "
    ~ "date_trunc('month', p.peildatum))" %}
{%- set sleutel = [
    'indicator_id', 'gemeentecode', 'wijkcode', 'periode_type', 'periode', 'dimensie', 'dimensie_waarde'
] %}

with

-- CBS benchmark for the gemeente or wijk, like for like only: the figure named by the indicator's
-- cbs_variabele (whose YAML has CBS's definition) for the same grain and period, so a CBS year stands only
-- beside that year and a CBS half-year beside that half-year, never beside a month or an earlier year;
-- and only beside the total, as CBS publishes no breakdown of it. A CBS count (cbs_maat 'aantal') becomes
-- the same rate with our own noemer of the row, so the difference isolates the teller's definition.
cbs_cijfers as (
    select regiocode, variabele, periode_type, periode, jaar, waarde
    from {{ ref('fct_cbs_kerncijfers') }}
    where not coalesce(geheim, false) and waarde is not null
),

-- Whether the population a rate divides by is an estimate (int_bevolking: no BRP, CBS age groups
-- apportioned), so the dashboards can say so beside the figure. All residents are never an estimate.
noemer_bevolking (indicator_id, noemer_bevolking) as (
    values
    {%- if noemers %}
    {%- for id, kolom in noemers %}
    ('{{ id }}', '{{ kolom }}'){{ "," if not loop.last }}
    {%- endfor %}
    {%- else %}
    (null, null)
    {%- endif %}
),

-- Per source, the date up to which its deliveries are in (fct_volledigheid).
peildata as (
    select distinct bron, peildatum from {{ ref('fct_volledigheid') }}
),

-- The groups (indicator, period) in which the hypercube hides cells, numbered.
groepen as (
    select
        indicator_id, periode_type, periode,
        row_number() over (order by indicator_id, periode_type, periode) as groep
    from {{ ref('fct_indicator_values') }}
    where {{ per_indicator_filter('indicator_id') }}
    group by indicator_id, periode_type, periode
),

-- The rows with everything that does not depend on what is hidden: the indicator's definition, the
-- gemeente's comparison group, the CBS figure, whether the noemer is estimated, and the vintage.
bron as materialized (
    select
        row_number() over (order by v.{{ sleutel | join(', v.') }}) as rij_id,
        v.*,
        i.laag,
        i.eenheid,
        i.richting,
        i.schaal,
        i.cbs_maat,
        i.min_noemer,
        i.min_noemer_aanbieder,
        -- an indicator that does not say what it counts is protected as a count of persons
        coalesce(i.kleine_aantallen, 'teller') as kleine_aantallen,
        coalesce(i.kleine_aantallen, 'teller') <> 'geen' as beschermd,
        gr.groep,
        g.vergelijkingsgroep,
        k.waarde as cbs_waarde,
        k.jaar as jaar_cbs,
        coalesce(
            case n.noemer_bevolking
                {%- for kolom in bevolking_leeftijden() %}
                when '{{ kolom }}' then bev.{{ kolom }}_geschat
                {%- endfor %}
                else false
            end,
            false
        ) as noemer_geschat,
        {{ maanden_per_periode }} as maanden_per_periode,
        case
            when {{ maanden_na }} is null or {{ maanden_na }} >= 12 then 'definitief'
            when f.volledigheid >= 0.99 then 'definitief'
            else 'voorlopig'
        end as vintage,
        case when {{ maanden_na }} is null or {{ maanden_na }} >= 12 then 1.0 else f.volledigheid end as volledigheid
    from {{ ref('fct_indicator_values') }} as v
    inner join {{ ref('dim_indicator') }} as i using (indicator_id)
    inner join groepen as gr
        on gr.indicator_id = v.indicator_id and gr.periode_type = v.periode_type and gr.periode = v.periode
    left join {{ ref('dim_gemeente') }} as g on g.gemeentecode = v.gemeentecode and v.wijkcode is null
    left join cbs_cijfers as k
        on i.cbs_variabele is not null and v.dimensie = 'totaal'
            and k.regiocode = coalesce(v.wijkcode, v.gemeentecode) and k.variabele = i.cbs_variabele
            and k.periode_type = v.periode_type and k.periode = v.periode
    left join noemer_bevolking as n on n.indicator_id = v.indicator_id
    left join {{ ref('int_bevolking') }} as bev on bev.gemeentecode = v.gemeentecode and bev.jaar = year(v.periode)
    -- whose delivery lag makes a recent value provisional: the ledger's, the declarations' or the messages'
    left join peildata as p
        on p.bron = case
                when i.bronnen ilike 'grootboek%' then 'grootboek'
                when i.laag = 'input' then 'declaraties'
                else 'berichten'
            end
    left join {{ ref('fct_volledigheid') }} as f on f.bron = p.bron and f.maanden_na = greatest({{ maanden_na }}, 0)
    where {{ per_indicator_filter('v.indicator_id') }}
),

-- The rounds below carry only what the protection reads (keys, teller and the hidden state), not the wide
-- rows of bron: at national scale there are ten million rows and each round is a copy.
ronde_0 as materialized (
    select
        rij_id, groep, indicator_id, gemeentecode, wijkcode, periode_type, periode, dimensie, dimensie_waarde,
        teller, beschermd,
        klein or te_weinig_basis as onderdrukt,
        case when klein then 'klein_aantal' when te_weinig_basis then 'te_weinig_basis' end as reden_onderdrukt
    from (
        select
            *,
            beschermd and (
                coalesce(teller, 0) < 7.5
                or (kleine_aantallen = 'teller_en_noemer' and coalesce(noemer, 0) < 7.5)
            ) as klein,
            -- a value on too small a base says more about chance (or one client) than about the result
            coalesce(noemer, 0) < coalesce(min_noemer, 0)
            or (dimensie = 'aanbieder' and coalesce(noemer, 0) < coalesce(min_noemer_aanbieder, 0))
                as te_weinig_basis
        from bron
    )
),

{# Each round hides, per relation in turn, the extra cells a lone hidden member calls for; a newly hidden
    cell can leave another relation with one hidden member, hence several rounds. These cheap rounds settle
    most cells and cover the wijk relation; the hypercube rounds after them close chains over several
    relations at gemeente level (macros/kleine_aantallen). The state after step n is ronde_0 plus the cells
    hidden since (`extra_n`, small), so no round copies the table; from the second pass on, a relation is only
    examined where a cell was hidden since its last turn. #}
extra_0 as materialized (
    select rij_id, {{ sleutel | join(', ') }}, reden_onderdrukt as reden, 0 as stap
    from ronde_0
    where false
),
{%- set stap = namespace(n=0) %}
{%- for ronde in range(rondes) %}
{%- for relatie in relaties %}
{%- set stap.n = stap.n + 1 %}
{%- set vorige = 'extra_' ~ (stap.n - 1) %}

staat_{{ stap.n - 1 }} as not materialized (
    select
        r.* replace (
            r.onderdrukt or x.rij_id is not null as onderdrukt,
            coalesce(r.reden_onderdrukt, x.reden) as reden_onderdrukt
        )
    from ronde_0 as r
    left join {{ vorige }} as x using (rij_id)
),

erbij_{{ stap.n }} as materialized (
    {%- if ronde == 0 %}
    {{ secundair_erbij('staat_' ~ (stap.n - 1), relatie, sleutel) }}
    {%- else %}
    {{ secundair_erbij('staat_' ~ (stap.n - 1), relatie, sleutel,
                       '(select * from ' ~ vorige ~ ' where stap >= ' ~ (stap.n - relaties | length) ~ ')') }}
    {%- endif %}
),

extra_{{ stap.n }} as materialized (
    select * from {{ vorige }}
    union all
    select *, 'secundair_{{ relatie.naam }}' as reden, {{ stap.n }} as stap from erbij_{{ stap.n }}
),
{%- endfor %}
{%- endfor %}

ronde_eind as materialized (
    select
        r.* replace (
            r.onderdrukt or x.rij_id is not null as onderdrukt,
            coalesce(r.reden_onderdrukt, x.reden) as reden_onderdrukt
        )
    from ronde_0 as r
    left join extra_{{ stap.n }} as x using (rij_id)
),
{%- set stap.vorige = 'ronde_eind' %}

{#- Each hypercube round searches only the groups the previous one left open: elsewhere nothing changed. #}
{%- for k in range(kubus_rondes) %}

kubus_erbij_{{ k }} as materialized (
    {{ kubus_erbij(stap.vorige, 'kubus_erbij_' ~ (k - 1) if k > 0 else none) }}
),

kubus_{{ k }} as materialized (
    select
        * replace (
            onderdrukt or rij_id in (select unnest(e.erbij) from kubus_erbij_{{ k }} as e) as onderdrukt,
            case
                when onderdrukt then reden_onderdrukt
                when rij_id in (select unnest(e.erbij) from kubus_erbij_{{ k }} as e) then 'secundair_kubus'
            end as reden_onderdrukt
        )
    from {{ stap.vorige }}
),
{%- set stap.vorige = 'kubus_' ~ k %}
{%- endfor %}

-- Fail closed: a group (indicator, period) that still has an open hidden cell is hidden as a whole.
kubus_open as materialized (
    {{ kubus_open_groepen(stap.vorige, 'kubus_erbij_' ~ (kubus_rondes - 1)) }}
),

kubus_slot as materialized (
    select
        p.* replace (
            p.onderdrukt or (p.beschermd and o.groep is not null) as onderdrukt,
            case
                when p.onderdrukt then p.reden_onderdrukt
                when p.beschermd and o.groep is not null then 'secundair_groep'
            end as reden_onderdrukt
        )
    from {{ stap.vorige }} as p
    left join kubus_open as o using (groep)
),
{%- set stap.vorige = 'kubus_slot' %}

beschermd as (
    select
        b.* exclude (b.waarde, b.teller, b.noemer),
        s.onderdrukt,
        s.reden_onderdrukt,
        case
            when s.onderdrukt then null
            when b.beschermd then {{ vijftal('b.teller') }}
            else b.teller
        end as teller,
        case
            when s.onderdrukt then null
            when b.kleine_aantallen = 'teller_en_noemer' then {{ vijftal('b.noemer') }}
            else b.noemer
        end as noemer,
        b.waarde as exacte_waarde,
        b.teller as exacte_teller
    from bron as b
    inner join {{ stap.vorige }} as s using (rij_id)
),

gepubliceerd as (
    select
        * exclude (exacte_waarde, exacte_teller),
        case
            when onderdrukt then null
            when not beschermd then exacte_waarde
            -- rates after rounding, as CBS does
            when schaal is not null then schaal * teller / nullif(noemer, 0)
            when eenheid = 'aantal' then teller
            -- a median or percentile: the value itself is not a count
            else exacte_waarde
        end as waarde
    from beschermd
),

met_status as materialized (
    select
        *,
        case
            when waarde is null or norm is null or richting not in ('hoger_is_beter', 'lager_is_beter') then null
            when richting = 'hoger_is_beter' and waarde >= norm then 'op_koers'
            when richting = 'lager_is_beter' and waarde <= norm then 'op_koers'
            when abs(waarde - norm) <= 0.1 * abs(norm) then 'aandacht'
            else 'uit_koers'
        end as status
    from gepubliceerd
),

-- The published value per cell, narrow, for the REGIO and trend columns (joins of ten million rows).
waarden as materialized (
    select indicator_id, gemeentecode, wijkcode, periode_type, periode, dimensie, dimensie_waarde, waarde
    from met_status
),

-- Comparable gemeenten: the other gemeenten of the group, summed from their published (rounded) teller
-- and noemer, so the comparison reveals nothing the table does not show already. Ratios only.
groep_som as (
    select
        vergelijkingsgroep, indicator_id, periode_type, periode, dimensie, dimensie_waarde,
        sum(teller) as teller, sum(noemer) as noemer, count(*) as leden
    from met_status
    where wijkcode is null and schaal is not null and not onderdrukt and noemer is not null
        and vergelijkingsgroep is not null
    group by all
),

-- Iv3 regimes: a boekjaar whose set of taakvelden differs from the year before starts a new series.
taakveld_regimes as (
    select boekjaar, list(taakveld order by taakveld) as taakvelden
    from {{ ref('dim_taakveld') }}
    group by boekjaar
),

reeksbreuken as (
    select boekjaar
    from taakveld_regimes
    qualify taakvelden <> lag(taakvelden) over (order by boekjaar)
)

select
    p.indicator_id,
    p.gemeentecode,
    p.wijkcode,
    p.periode_type,
    p.periode,
    p.dimensie,
    p.dimensie_waarde,
    p.waarde,
    p.teller,
    p.noemer,
    p.noemer_geschat,
    p.norm,
    p.status,
    p.onderdrukt,
    p.reden_onderdrukt,
    r.waarde as waarde_regio,
    s.vergelijkingsgroep,
    s.leden - (case when p.onderdrukt or p.noemer is null then 0 else 1 end) as leden_vergelijkingsgroep,
    p.schaal * (s.teller - coalesce(case when p.onderdrukt then null else p.teller end, 0))
    / nullif(s.noemer - coalesce(case when p.onderdrukt then null else p.noemer end, 0), 0)
        as waarde_vergelijkingsgroep,
    if(p.cbs_maat = 'aantal', p.schaal * p.cbs_waarde / nullif(p.noemer, 0), p.cbs_waarde) as waarde_cbs,
    p.jaar_cbs,
    vp.waarde as waarde_vorige_periode,
    p.waarde - vp.waarde as verschil_vorige_periode,
    vj.waarde as waarde_jaar_eerder,
    p.waarde - vj.waarde as verschil_jaar_eerder,
    p.vintage,
    p.volledigheid,
    p.dimensie = 'taakveld' and year(p.periode) in (select b.boekjaar from reeksbreuken as b) as reeksbreuk,
    case when p.dimensie = 'taakveld' and year(p.periode) in (select b.boekjaar from reeksbreuken as b)
            then 'Nieuwe Iv3-taakveldindeling vanaf ' || year(p.periode) || ': niet vergelijkbaar met eerdere jaren'
    end as reeksbreuk_reden
from met_status as p
left join waarden as r
    on r.gemeentecode = 'REGIO' and r.wijkcode is null and p.wijkcode is null
        and r.indicator_id = p.indicator_id and r.periode_type = p.periode_type and r.periode = p.periode
        and r.dimensie = p.dimensie and r.dimensie_waarde = p.dimensie_waarde
left join groep_som as s
    on s.vergelijkingsgroep = p.vergelijkingsgroep and s.indicator_id = p.indicator_id
        and s.periode_type = p.periode_type and s.periode = p.periode
        and s.dimensie = p.dimensie and s.dimensie_waarde = p.dimensie_waarde
-- the same cell one period and one year earlier
left join waarden as vp
    on vp.indicator_id = p.indicator_id and vp.gemeentecode = p.gemeentecode
        and vp.wijkcode is not distinct from p.wijkcode and vp.periode_type = p.periode_type
        and vp.periode = p.periode - to_months(p.maanden_per_periode)
        and vp.dimensie = p.dimensie and vp.dimensie_waarde = p.dimensie_waarde
left join waarden as vj
    on vj.indicator_id = p.indicator_id and vj.gemeentecode = p.gemeentecode
        and vj.wijkcode is not distinct from p.wijkcode and vj.periode_type = p.periode_type
        and vj.periode = p.periode - interval 12 month
        and vj.dimensie = p.dimensie and vj.dimensie_waarde = p.dimensie_waarde
