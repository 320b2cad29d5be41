select
    gemeentecode,
    gemeentenaam,
    provincie,
    jeugdregio,
    gemeentegrootte,
    stedelijkheid
from {{ source('cbs', 'gemeenten') }}
