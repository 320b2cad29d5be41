-- Budget lines as last delivered: a re-delivered budget for a gemeente and year replaces the earlier one.
with laatste_levering as (
    select gemeentecode, begrotingsjaar, max(_load_id) as _load_id
    from {{ ref('stg_begroting__regels') }}
    group by all
)

select r.*
from {{ ref('stg_begroting__regels') }} as r
inner join laatste_levering using (gemeentecode, begrotingsjaar, _load_id)
