-- Every month and year the delivered data covers, with its last day: the periods that stock indicators
-- (who has a provision at the end of the period, or during it) are counted on.
select 'maand' as periode_type, maand as periode, maand_einde as periode_einde, jaar
from {{ ref('int_maanden') }}
union all
select 'jaar', make_date(jaar, 1, 1), make_date(jaar, 12, 31), jaar
from {{ ref('int_maanden') }}
group by jaar
