-- Share of Jeugdwet aanvragen decided (beschikking) within 8 weeks: the Jeugdwet sets no decision term of its
-- own, so the Awb's applies (art. 4:13: at most 8 weeks after receiving the aanvraag). Awb weeks are calendar
-- weeks: day 56 after the aanvraag is on time, day 57 late. The term runs from DatumAanvraag, or from the
-- melding when the export records no separate aanvraag. Each aanvraag counts once: in the period of its
-- beschikking, or, still undecided, the period its term expired; undecided ones within their term do not count.
{%- set termijn_dagen = 56 %}
with aanvragen as (
    select gemeentecode, datum_beschikking, coalesce(datum_aanvraag, datum_melding) as ontvangen
    from {{ ref('stg_zaaksysteem__meldingen') }}
    where wet = 'jeugd'
),

-- The export's own date: the latest day anything was received or decided in it.
peildatum as (
    select max(greatest(ontvangen, coalesce(datum_beschikking, ontvangen))) as peildatum
    from aanvragen
),

besluiten as (
    select
        a.gemeentecode,
        coalesce(a.datum_beschikking, a.ontvangen + {{ termijn_dagen }}) as datum,
        coalesce(a.datum_beschikking <= a.ontvangen + {{ termijn_dagen }}, false) as op_tijd
    from aanvragen as a
    cross join peildatum as p
    where a.datum_beschikking is not null or a.ontvangen + {{ termijn_dagen }} <= p.peildatum
)

{{ aandeel_per_periode('jeugdwet_besluit_binnen_termijn', 'besluiten', 'datum', 'op_tijd') }}
