-- Share of schuldhulp aanmeldingen with a first conversation within the Wgs term: 3 working days for a
-- threatening debt (spoed), 4 weeks otherwise. Counted in the period of the aanmelding, once the term has
-- passed or the conversation took place; an aanmelding without a conversation after its term is late.
-- The spoed term ends on the third working day after the aanmelding: the working day whose number is 3
-- higher (int_werkdagen: weekends and the feestdagen of the Algemene termijnenwet do not count).
with aanmeldingen as (
    select
        s.gemeentecode,
        s.datum_aanmelding,
        s.datum_eerste_gesprek,
        if(s.spoed, 'spoed', 'regulier') as soort,
        if(s.spoed, w3.dag, s.datum_aanmelding + 28) as termijn
    from {{ ref('stg_zaaksysteem__schuldhulptrajecten') }} as s
    left join {{ ref('int_werkdagen') }} as w0 on s.datum_aanmelding = w0.dag
    left join {{ ref('int_werkdagen') }} as w3 on w3.werkdag and w0.werkdagnummer + 3 = w3.werkdagnummer
),

beoordeeld as (
    select
        gemeentecode,
        datum_aanmelding,
        soort,
        coalesce(datum_eerste_gesprek <= termijn, false) as op_tijd
    from aanmeldingen
    where datum_eerste_gesprek is not null
        or termijn <= (select max(a.datum_aanmelding) from aanmeldingen as a)
)

{{ aandeel_per_periode(
    'schuldhulp_gesprek_binnen_termijn', 'beoordeeld', 'datum_aanmelding', 'op_tijd',
    ['soort'], namen={'soort': 'spoed'}
) }}
