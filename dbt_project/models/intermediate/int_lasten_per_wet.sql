-- Lasten booked in the year up to each period's end, per gemeente (and REGIO) and wet, from the ledger
-- taakvelden that belong to a wet (seed iv3_taakvelden, all three numbering regimes). Late bookings for a
-- year (boekdatum in the next year) count in December, as in ind_lasten_begroting_ytd.
with boekingen as (
    select
        b.gemeentecode,
        t.wet,
        b.boekjaar as jaar,
        {{ boekmaand('b.boekdatum', 'b.boekjaar') }} as maand,
        b.bedrag
    from {{ ref('int_boekingen__actueel') }} as b
    inner join {{ ref('iv3_taakvelden') }} as t on t.boekjaar = b.boekjaar and t.taakveld = b.taakveld
    where t.wet in ('jeugd', 'wmo')  -- the seed leaves wet empty for taakvelden of no wet
)

select
    {{ gemeente_en_wet_kolommen(
        'b.wet', gemeente='b.gemeentecode', periode=['p.periode_type', 'p.periode', 'p.jaar']
    ) }},
    sum(b.bedrag) as lasten
from boekingen as b
inner join {{ ref('int_perioden') }} as p on p.jaar = b.jaar and b.maand <= p.periode_einde
{{ gemeente_en_regio_groepen(['b.wet'], gemeente='b.gemeentecode', periode=['p.periode_type', 'p.periode', 'p.jaar']) }}
