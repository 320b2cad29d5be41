-- Re-integratievoorzieningen (Participatiewet) running on the last day of the period per 10,000 residents aged
-- 15-64 (BBV "lopende re-integratievoorzieningen", as CBS SRG counts them): voorzieningen, not persons, so a
-- person with two counts twice.
with lopend as (
    select p.periode_type, p.periode, p.jaar, r.gemeentecode
    from {{ ref('int_perioden') }} as p
    inner join {{ ref('stg_zaaksysteem__reintegratie') }} as r
        on r.datum_start <= p.periode_einde and (r.datum_einde is null or r.datum_einde >= p.periode_einde)
),

teller as (
    select
        {{ gemeente_en_regio_kolommen(wijkcode=false) }},
        any_value(jaar) as jaar,
        count(*) as teller
    from lopend
    {{ gemeente_en_regio_groepen() }}
)

{{ per_inwoners('reintegratie_per_10000', 'teller', 'inwoners_15_64', 10000) }}
