-- Residents on 1 January per year, for every gemeente this warehouse serves and for the region (REGIO):
-- all residents and those aged 0-17, 0-22, 12-22, 15-64 and 18+ (bevolking_leeftijden()).
-- From the gemeente's own BRP counts with peildatum 1 January of the year where it delivered them (exact).
-- Otherwise from its CBS KWB age groups (0-14, 15-24, 25-44, 45-64, 65+) on the CBS total (03759ned),
-- spread uniformly over the years of a group and only within it (0-17 = 0-14 + 3/10 of 15-24): every age
-- column except 15-64 is then an estimate. A year without KWB groups (before 2021, after 2024) takes the
-- group shares of the gemeente's nearest KWB year: then 15-64 is an estimate too (as it is where the KWB
-- total of the year differs from 03759ned's, a boundary correction of a few residents). <kolom>_geschat says so
-- per column; the total is never an estimate.
{%- set leeftijden = bevolking_leeftijden() %}
with brp as (
    select
        gemeentecode,
        year(peildatum) as jaar,
        {%- for kolom, (van, tot) in leeftijden.items() %}
        coalesce(sum(aantal) filter (where leeftijd between {{ van }} and {{ tot }}), 0) as {{ kolom }},
        {%- endfor %}
        sum(aantal) as inwoners
    from {{ ref('stg_brp__bevolking') }}
    where month(peildatum) = 1 and day(peildatum) = 1
    group by gemeentecode, year(peildatum)
),

kwb_jaren as (
    select gemeentecode, min(jaar) as eerste, max(jaar) as laatste
    from {{ ref('stg_cbs__leeftijdsgroepen') }}
    group by gemeentecode
),

-- Per CBS year, the KWB year whose group shares apply: the same year, or the nearest one.
cbs as (
    select
        b.gemeentecode,
        b.jaar,
        b.bevolking_1_januari as inwoners,
        least(greatest(b.jaar, k.eerste), k.laatste) as kwb_jaar
    from {{ ref('stg_cbs__bevolking') }} as b
    inner join kwb_jaren as k using (gemeentecode)
),

-- Each group's share of the KWB total, and the part of the group inside each age column (uniform over
-- its years; 65+ runs to 105).
groepen as (
    select
        gemeentecode,
        jaar as kwb_jaar,
        {%- for kolom, (van, tot) in leeftijden.items() %}
        greatest(0, least({{ tot }}, coalesce(leeftijd_tot, 105)) - greatest({{ van }}, leeftijd_van) + 1)
        / (coalesce(leeftijd_tot, 105) - leeftijd_van + 1) as deel_{{ kolom }},
        {%- endfor %}
        sum(aantal) over (partition by gemeentecode, jaar) as kwb_totaal,
        aantal / sum(aantal) over (partition by gemeentecode, jaar) as aandeel
    from {{ ref('stg_cbs__leeftijdsgroepen') }}
),

geschat as (
    select
        c.gemeentecode,
        c.jaar,
        c.inwoners,
        {%- for kolom in leeftijden %}
        round(c.inwoners * sum(g.aandeel * g.deel_{{ kolom }})) as {{ kolom }},
        {%- endfor %}
        -- 15-64 is exact only when the groups are of this year and add up to the CBS total.
        c.jaar != c.kwb_jaar or any_value(g.kwb_totaal) != c.inwoners as groepen_geschat
    from cbs as c
    inner join groepen as g using (gemeentecode, kwb_jaar)
    group by c.gemeentecode, c.jaar, c.inwoners, c.kwb_jaar
),

per_gemeente as (
    select
        gemeentecode,
        jaar,
        coalesce(b.inwoners, e.inwoners) as inwoners,
        {%- for kolom in leeftijden %}
        coalesce(b.{{ kolom }}, e.{{ kolom }}) as {{ kolom }},
        {%- endfor %}
        {%- for kolom in leeftijden %}
        b.gemeentecode is null
        and {{ 'e.groepen_geschat' if kolom == 'inwoners_15_64' else 'true' }} as {{ kolom }}_geschat,
        {%- endfor %}
        if(b.gemeentecode is null, 'cbs_leeftijdsgroepen', 'brp') as bevolking_bron
    from geschat as e
    full outer join brp as b using (gemeentecode, jaar)
    inner join {{ ref('int_gemeenten') }} using (gemeentecode)
)

select
    coalesce(gemeentecode, 'REGIO') as gemeentecode,
    jaar,
    sum(inwoners)::bigint as inwoners,
    {%- for kolom in leeftijden %}
    sum({{ kolom }})::bigint as {{ kolom }},
    {%- endfor %}
    {%- for kolom in leeftijden %}
    bool_or({{ kolom }}_geschat) as {{ kolom }}_geschat,
    {%- endfor %}
    bool_or(bevolking_bron != 'brp') as leeftijd_geschat,
    if(min(bevolking_bron) = max(bevolking_bron), min(bevolking_bron), 'gemengd') as bevolking_bron
from per_gemeente
{{ gemeente_en_regio_groepen(periode=['jaar']) }}
