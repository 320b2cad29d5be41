-- Share of Wmo meldingen whose onderzoek was completed within the 6 weeks of art. 2.3.2 Wmo 2015.
-- Each melding counts once: in the period its onderzoek was completed, or, still open, the period its
-- term expired (an open onderzoek past its term is late too). Open ones within their term do not count yet.
with meldingen as (
    select
        m.gemeentecode,
        coalesce(m.datum_einde_onderzoek, m.datum_melding + 42) as datum,
        coalesce(m.datum_einde_onderzoek <= m.datum_melding + 42, false) as op_tijd
    from {{ ref('stg_zaaksysteem__meldingen') }} as m
    where m.wet = 'wmo'
        and (
            m.datum_einde_onderzoek is not null
            or m.datum_melding + 42 <= (select max(l.datum_melding) from {{ ref('stg_zaaksysteem__meldingen') }} as l)
        )
)

{{ aandeel_per_periode('wmo_onderzoek_binnen_6_weken', 'meldingen', 'datum', 'op_tijd') }}
