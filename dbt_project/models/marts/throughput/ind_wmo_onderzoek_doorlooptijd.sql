-- Median days from Wmo melding to the completed onderzoek, for onderzoeken completed in the period.
with afgerond as (
    select
        m.gemeentecode,
        m.datum_einde_onderzoek as datum,
        m.datum_einde_onderzoek - m.datum_melding as dagen
    from {{ ref('stg_zaaksysteem__meldingen') }} as m
    where m.wet = 'wmo' and m.datum_einde_onderzoek is not null
),

per_periode as (
    select * from {{ maand_en_jaar('afgerond', 'datum') }} as a
),

{{ kwantiel_per_dag('wmo_onderzoek_doorlooptijd', 'per_periode', 0.5) }}
