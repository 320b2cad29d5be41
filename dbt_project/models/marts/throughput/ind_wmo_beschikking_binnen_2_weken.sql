-- Share of Wmo aanvragen decided (beschikking issued) within the 2 weeks of art. 2.3.5 Wmo 2015.
-- Each aanvraag counts once: in the period of its beschikking, or, still undecided, the period its term
-- expired. Undecided aanvragen within their term do not count yet.
with peildatum as (
    select greatest(max(m.datum_melding), max(m.datum_aanvraag)) as peildatum
    from {{ ref('stg_zaaksysteem__meldingen') }} as m
),

aanvragen as (
    select
        m.gemeentecode,
        coalesce(m.datum_beschikking, m.datum_aanvraag + 14) as datum,
        coalesce(m.datum_beschikking <= m.datum_aanvraag + 14, false) as op_tijd
    from {{ ref('stg_zaaksysteem__meldingen') }} as m
    cross join peildatum as p
    where m.wet = 'wmo'
        and m.datum_aanvraag is not null
        and (m.datum_beschikking is not null or m.datum_aanvraag + 14 <= p.peildatum)
)

{{ aandeel_per_periode('wmo_beschikking_binnen_2_weken', 'aanvragen', 'datum', 'op_tijd') }}
