-- Population denominators exist for every gemeente and year an indicator reports on.
{{ config(tags=['serving']) }}

select distinct f.gemeentecode, year(f.periode) as jaar
from {{ ref('fct_indicator_values') }} as f
where f.wijkcode is null
    and not exists (
        select 1 from {{ ref('int_bevolking') }} as b
        where b.gemeentecode = f.gemeentecode and b.jaar = year(f.periode)
    )
