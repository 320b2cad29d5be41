-- Every client with care in a month: a start on or before the month's end and care not ended before
-- the month began. Age is taken at the end of the month.
select distinct
    t.wet,
    t.gemeentecode,
    t.client_id,
    m.maand as periode,
    m.jaar,
    t.geboortedatum + interval 18 year > m.maand_einde as onder_18
from {{ ref('int_trajecten') }} as t
join {{ ref('int_maanden') }} as m
    on t.startdatum <= m.maand_einde
   and coalesce(t.einde_zorg, date '9999-12-31') >= m.maand
