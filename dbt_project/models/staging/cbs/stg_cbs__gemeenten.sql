select
    gemeentecode,
    gemeentenaam,
    provincie,
    jeugdregio
from {{ source('cbs', 'gemeenten') }}
