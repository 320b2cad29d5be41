-- Median days from Wmo melding to the completed onderzoek, for onderzoeken completed in the period.
with afgerond as (
    select
        m.gemeentecode,
        m.datum_einde_onderzoek as datum,
        m.datum_einde_onderzoek - m.datum_melding as dagen
    from {{ ref('stg_zaaksysteem__meldingen') }} as m
    where m.wet = 'wmo' and m.datum_einde_onderzoek is not null
)

select
    'wmo_onderzoek_doorlooptijd' as indicator_id,
    {{ gemeente_en_regio_kolommen() }},
    quantile_cont(dagen, 0.5) as waarde,
    count(*) as teller,
    null::double as noemer,
    null::double as norm
from {{ maand_en_jaar('afgerond', 'datum') }} as a
{{ gemeente_en_regio_groepen() }}
