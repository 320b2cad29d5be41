select
    gemeentecode,
    arbeidsmarktregio_code,
    arbeidsmarktregio,
    jeugdregio_code,
    jeugdregio
from {{ source('cbs', 'regio_indelingen') }}
