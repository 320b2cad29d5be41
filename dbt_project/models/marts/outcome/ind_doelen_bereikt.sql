-- Of the goals evaluated in the period: the share reached, per wet of the beschikking they belong to.
with doelen as (
    select d.gemeentecode, d.datum_evaluatie, d.behaald, v.wet
    from {{ ref('stg_zaaksysteem__doelen') }} as d
    inner join {{ ref('stg_zaaksysteem__voorzieningen') }} as v
        on v.gemeentecode = d.gemeentecode and v.beschikkingnummer = d.beschikkingnummer
    where d.datum_evaluatie is not null and d.behaald is not null
)

{{ aandeel_per_periode('doelen_bereikt', 'doelen', 'datum_evaluatie', 'behaald', ['wet']) }}
