-- Schuldhulp aanmeldingen in the period per 10,000 residents aged 18+, split by spoed (threatening debt:
-- eviction, cut-off of energy or water, health insurance) and regulier. The count itself is the teller.
with trajecten as (
    select
        *,
        if(spoed, 'spoed', 'regulier') as soort
    from {{ ref('stg_zaaksysteem__schuldhulptrajecten') }}
),

aanmeldingen as (
    select
        {{ gemeente_en_regio_kolommen(['soort'], namen={'soort': 'spoed'}, wijkcode=false) }},
        year(periode) as jaar,
        count(*) as teller
    from {{ maand_en_jaar('trajecten', 'datum_aanmelding') }}
    {{ gemeente_en_regio_groepen(['soort']) }}
)

{{ per_inwoners('schuldhulp_aanmeldingen', 'aanmeldingen', 'inwoners_18_plus', 10000) }}
