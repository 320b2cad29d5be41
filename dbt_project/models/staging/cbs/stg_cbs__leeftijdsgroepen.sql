select
    gemeentecode,
    jaar,
    leeftijdsgroep,
    leeftijd_van,
    leeftijd_tot,
    aantal
from {{ source('cbs', 'leeftijdsgroepen') }}
where leeftijdsgroep != 'totaal'
