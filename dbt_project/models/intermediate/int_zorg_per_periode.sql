-- Every trajectory of care in every period it overlaps: started on or before the period's end and not
-- ended before the period began. Age is the client's age in whole years on the first day of care within
-- the period, so a client counts as a minor in a period in which they had care before turning 18. Only the
-- birth month is stored (data minimisation), so the age counts from its first day: at most one month early.
-- A view: at national scale the table would be tens of millions of rows, and its readers (jeugdbescherming and
-- jeugdreclassering, jeugd_categorie_aandeel()) filter on wet and productcategorie, which DuckDB pushes into
-- int_trajecten before the period join. The counts by age below a limit read int_trajecten directly
-- (jeugdtrajecten_onder()).
{{ config(materialized='view') }}

select
    t.wet,
    t.gemeentecode,
    t.client_id,
    t.aanbieder,
    t.productcategorie,
    p.periode_type,
    p.periode,
    p.jaar,
    date_sub('year', t.geboortemaand, greatest(t.startdatum, p.periode)) as leeftijd
from {{ ref('int_trajecten') }} as t
inner join {{ ref('int_perioden') }} as p
    on t.startdatum <= p.periode_einde
        and coalesce(t.einde_zorg, date '9999-12-31') >= p.periode
