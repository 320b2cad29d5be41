select
    gemeentecode,
    jaar,
    bevolking_1_januari
from {{ source('cbs', 'bevolking') }}
where bevolking_1_januari is not null
