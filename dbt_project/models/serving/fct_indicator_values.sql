-- The one long table everything downstream reads: every indicator model, with its norm and a status
-- that respects the indicator's direction (within 10% of the norm on the wrong side is 'aandacht').
-- ref() on each indicator model (macros/indicatoren/indicator_modellen.sql) orders this after all of them.
-- Built per indicator: a corrected budget replaces only the rows of the indicators it feeds
-- (macros/indicatoren/per_indicator.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ per_indicator_wissen() }}") }}
{%- set gewijzigd = gewijzigde_modellen() %}
with waarden as (
    {%- for naam in indicator_modellen() if gewijzigd is none or naam in gewijzigd %}
    select
        indicator_id, gemeentecode, wijkcode, periode_type, periode, dimensie, dimensie_waarde,
        waarde::double as waarde, teller::double as teller, noemer::double as noemer, norm::double as norm
    from {{ ref(naam) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    w.indicator_id,
    w.gemeentecode,
    w.wijkcode,
    w.periode_type,
    w.periode,
    w.dimensie,
    w.dimensie_waarde,
    w.waarde,
    w.teller,
    w.noemer,
    coalesce(w.norm, i.norm) as norm,
    case
        when
            w.waarde is null
            or coalesce(w.norm, i.norm) is null
            or i.richting not in ('hoger_is_beter', 'lager_is_beter')
            then null
        when i.richting = 'hoger_is_beter' and w.waarde >= coalesce(w.norm, i.norm) then 'op_koers'
        when i.richting = 'lager_is_beter' and w.waarde <= coalesce(w.norm, i.norm) then 'op_koers'
        when abs(w.waarde - coalesce(w.norm, i.norm)) <= 0.1 * abs(coalesce(w.norm, i.norm)) then 'aandacht'
        else 'uit_koers'
    end as status
from waarden as w
inner join {{ ref('dim_indicator') }} as i using (indicator_id)
