-- Young people under 23 with jeugdzorg as CBS counts it (Kerncijfers wijken en buurten, Beleidsinformatie
-- Jeugd): jeugdhulp in natura, jeugdbescherming or jeugdreclassering, so every JZ020 productcategorie of
-- the iJw messages (a pgb never appears in them), per resident aged 0-22. Only the grains CBS publishes, a
-- year and a half-year, so CBS's PercentageJongerenMetJeugdzorg can stand beside it like for like.
with clienten as (
    select gemeentecode, periode_type, periode, jaar, client_id
    from {{ ref('int_zorg_per_periode') }}
    where wet = 'jeugd' and leeftijd < 23 and periode_type in ('jaar', 'halfjaar')
),

teller as (
    {{ clienten_per_periode('clienten') }}
)

{{ per_inwoners('jeugdzorg_aandeel_0_22', 'teller', 'inwoners_0_22', 100) }}
