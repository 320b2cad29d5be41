select
    gemeentecode,
    arbeidsmarktregio_code,
    arbeidsmarktregio,
    jeugdregio_code,
    jeugdregio,
    gemeentegrootte,
    stedelijkheid
from {{ source('cbs', 'regio_indelingen') }}
