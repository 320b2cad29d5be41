-- CBS period codes: '2024JJ00' is the year 2024, '2024MM03' March 2024. Counts are published x 1000.
select
    case
        when measure = 'D000203_2' then 'totaal'
        when measure = '90210' then 'tot_aow_leeftijd'
        when measure = '90200' then 'vanaf_aow_leeftijd'
    end as leeftijdsgroep,
    titel,
    cast(left(perioden, 4) as integer) as jaar,
    case when substr(perioden, 5, 2) = 'MM' then cast(right(perioden, 2) as integer) end as maand,
    case when substr(perioden, 5, 2) = 'JJ' then 'jaar' else 'maand' end as periode_type,
    round(waarde * 1000) as aantal_uitkeringen
from {{ source('cbs', 'bijstand') }}
where substr(perioden, 5, 2) in ('JJ', 'MM')
