-- Ledger lines as last delivered: a corrected re-delivery for a gemeente, boekjaar and month replaces every line
-- earlier deliveries had for that month. Older lines stay in raw (nothing is lost); load ids start with
-- their load time, so the highest is the latest delivery.
with boekingen as (
    select *, date_trunc('month', boekdatum)::date as boekmaand
    from {{ ref('stg_grootboek__boekingen') }}
),

laatste_levering as (
    select gemeentecode, boekjaar, boekmaand, max(_load_id) as _load_id
    from boekingen
    group by all
)

select b.*
from boekingen as b
inner join laatste_levering using (gemeentecode, boekjaar, boekmaand, _load_id)
