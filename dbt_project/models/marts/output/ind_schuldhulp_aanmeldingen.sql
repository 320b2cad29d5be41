-- Schuldhulp aanmeldingen in the period per 10,000 residents aged 18+, split by spoed (threatening debt:
-- eviction, cut-off of energy or water, health insurance) and regulier. The count itself is the teller.
with aanmeldingen as (
    select
        coalesce(gemeentecode, 'REGIO') as gemeentecode,
        periode_type,
        periode,
        year(periode) as jaar,
        if(grouping(soort) = 1, 'totaal', 'spoed') as dimensie,
        coalesce(soort, 'totaal') as dimensie_waarde,
        count(*) as teller
    from {{ maand_en_jaar("(select *, if(spoed, 'spoed', 'regulier') as soort from " ~ ref('stg_zaaksysteem__schuldhulptrajecten') ~ ")", 'datum_aanmelding') }}
    group by grouping sets (
        (gemeentecode, periode_type, periode, soort), (gemeentecode, periode_type, periode),
        (periode_type, periode, soort), (periode_type, periode)
    )
)

{{ per_inwoners('schuldhulp_aanmeldingen', 'aanmeldingen', 'n.inwoners - n.inwoners_0_17', 10000) }}
