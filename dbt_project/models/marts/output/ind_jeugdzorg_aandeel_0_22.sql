-- Young people under 23 with jeugdzorg as CBS counts it (Kerncijfers wijken en buurten, Beleidsinformatie
-- Jeugd): jeugdhulp in natura, jeugdbescherming or jeugdreclassering, so every JZ020 productcategorie of
-- the iJw messages (a pgb never appears in them), per resident aged 0-22. Only the grains CBS publishes, a
-- year and a half-year, so CBS's PercentageJongerenMetJeugdzorg can stand beside it like for like.
with clienten as (
    {{ jeugdtrajecten_onder(23) }}
),

per_periode as (
    {{ actieve_clienten('clienten') }}
),

teller as (
    select * from per_periode
    where periode_type in ('jaar', 'halfjaar')
)

{{ per_inwoners('jeugdzorg_aandeel_0_22', 'teller', 'inwoners_0_22', 100) }}
