-- Year-end prognosis of lasten against the actual budget, per wet, as it stood on the period's last day (the
-- peildatum): what the ledger booked for the year up to then, plus the nowcast of int_lasten_nowcast (care
-- declared but not yet booked, and care of the past months still to be declared, from the late-claim curve
-- per wet and aanbieder), plus what the open toewijzingen commit for the peildatum's month and the rest of
-- the year (volume x contract tariff x months). So the figure does not drop at the year end, when the
-- commitments end but December's declarations have not arrived yet.
-- A commitment is not care: care is delivered below the allocated volume and trajectories stop before their
-- toewijzing ends; taakgericht and pgb lasten have no toewijzing in the messages. So the commitments are
-- scaled by a realisatiegraad learned from the year before: at the same point of that year, what the year's
-- final lasten turned out to hold beyond the booked lasten and the nowcast, against what the commitments then
-- promised, per gemeente and wet (the region's when the gemeente has none); without a complete year before
-- it, commitments count in full. The band (laag, hoog) takes the late-claim curve's best and worst year, and the
-- lowest and highest realisatiegraad of the complete years before.
with open_toewijzingen as (
    select
        t.wet, t.gemeentecode, t.aanbieder, t.productcode, t.ingangsdatum, t.toewijzing_einddatum, t.stopdatum,
        w.volume, w.eenheid, w.frequentie
    from {{ ref('int_toewijzingen__zorg') }} as t
    inner join {{ ref('int_toewijzingen__actueel') }} as w using (wet, gemeentecode, toewijzingnummer)
),

-- A toewijzing's commitment per month of care, for each year it is open in (the contract tariff is that year's),
-- with its months as numbers (12 x year + month). Toewijzingen with the same months are summed before they meet
-- the peildata: at national scale there are millions of toewijzingen, and expanding each over every period
-- cost the most of this model.
jaren as (
    select distinct jaar from {{ ref('int_perioden') }}
),

-- Frequentie 6 (total over the validity) is spread over the toewijzing's months.
geldig as (
    select
        *,
        greatest(date_diff(
            'month', (date_trunc('month', ingangsdatum) - interval 1 day)::date, toewijzing_einddatum
        ), 1) as maanden_geldig
    from open_toewijzingen
),

per_jaar as (
    select
        o.wet, o.gemeentecode, j.jaar,
        12 * year(o.ingangsdatum) + month(o.ingangsdatum) as maand_in,
        coalesce(12 * year(o.toewijzing_einddatum) + month(o.toewijzing_einddatum), 12 * 9999 + 12) as maand_eind,
        coalesce(12 * year(o.stopdatum) + month(o.stopdatum), 12 * 9999 + 12) as maand_stop,
        -- Eenheid 83 (euro's): the volume is the amount in cents (IV042); else volume x tariff.
        if(o.eenheid = '83', o.volume / 100.0, o.volume * c.tarief)
        * case o.frequentie
            when '1' then 365.0 / 12
            when '2' then 52.0 / 12
            when '4' then 1.0
            when '6' then 1.0 / o.maanden_geldig
        end as per_maand
    from geldig as o
    inner join jaren as j
        on year(o.ingangsdatum) <= j.jaar
            and coalesce(o.toewijzing_einddatum, date '9999-12-31') >= make_date(j.jaar, 1, 1)
            and coalesce(o.stopdatum, date '9999-12-31') >= make_date(j.jaar, 1, 1)
    left join {{ ref('stg_aanbieders__contracten') }} as c
        on c.agb_code = o.aanbieder and c.gemeentecode = o.gemeentecode and c.productcode = o.productcode
            and year(c.ingangsdatum) = j.jaar
),

samengevat as (
    select wet, gemeentecode, jaar, maand_in, maand_eind, maand_stop, sum(per_maand) as per_maand
    from per_jaar
    group by wet, gemeentecode, jaar, maand_in, maand_eind, maand_stop
),

-- Every peildatum (a period's last day: a quarter ending in March has March's figure) as a month number.
peildata as (
    select distinct periode_einde, jaar, 12 * jaar + month(periode_einde) as maand
    from {{ ref('int_perioden') }}
),

-- Whole months of care still committed in the year from the peildatum's month on (its declarations have not
-- come yet), for what is neither ended nor stopped before that month: one ending (or starting) in a month
-- counts that month.
rest as (
    select
        s.wet, s.gemeentecode, d.periode_einde,
        s.per_maand * (least(s.maand_eind, 12 * d.jaar + 12) - greatest(d.maand, s.maand_in) + 1) as verplicht
    from samengevat as s
    inner join peildata as d on s.jaar = d.jaar and s.maand_eind >= d.maand and s.maand_stop >= d.maand
    where least(s.maand_eind, 12 * d.jaar + 12) - greatest(d.maand, s.maand_in) + 1 > 0
),

verplichtingen_per_peildatum as (
    select
        {{ gemeente_en_wet_kolommen('r.wet', gemeente='r.gemeentecode', periode=['r.periode_einde']) }},
        sum(r.verplicht) as verplicht
    from rest as r
    {{ gemeente_en_regio_groepen(['r.wet'], gemeente='r.gemeentecode', periode=['r.periode_einde']) }}
),

verplichtingen as (
    select v.gemeentecode, v.wet, p.periode_type, p.periode, v.verplicht
    from verplichtingen_per_peildatum as v
    inner join {{ ref('int_perioden') }} as p on p.periode_einde = v.periode_einde
),

begroting as (
    select
        {{ gemeente_en_wet_kolommen('t.wet', gemeente='b.gemeentecode', periode=['p.periode_type', 'p.periode']) }},
        sum(b.bedrag) as begroting
    from {{ ref('int_begroting__actueel') }} as b
    inner join {{ ref('iv3_taakvelden') }} as t on t.boekjaar = b.begrotingsjaar and t.taakveld = b.taakveld
    inner join {{ ref('int_perioden') }} as p on p.jaar = b.begrotingsjaar and b.datum <= p.periode_einde
    where t.wet in ('jeugd', 'wmo')
    {{ gemeente_en_regio_groepen(['t.wet'], gemeente='b.gemeentecode', periode=['p.periode_type', 'p.periode']) }}
),

-- Booked and on its way at the peildatum, without the commitments: the band's three variants.
bekend as (
    select
        gemeentecode, wet, periode_type, periode, jaar,
        geboekt + gedeclareerd - geboekt_declaraties + laat as midden,
        geboekt + gedeclareerd - geboekt_declaraties + laat_laag as laag,
        geboekt + gedeclareerd - geboekt_declaraties + laat_hoog as hoog
    from {{ ref('int_lasten_nowcast') }}
),

-- A complete year's final lasten (int_lasten_per_wet's year row holds the late bookings too).
jaarlasten as (
    select gemeentecode, wet, jaar, lasten
    from {{ ref('int_lasten_per_wet') }}
    where periode_type = 'jaar' and jaar < (select max(alle.jaar) from {{ ref('int_lasten_per_wet') }} as alle)
),

-- For each period of a complete year: what the year still brought beyond the booked lasten and the nowcast /
-- what the commitments promised. Bounded, so one odd year cannot run away with the prognosis.
realisatie_per_jaar as (
    select
        v.gemeentecode, v.wet, v.periode_type, v.periode, k.jaar,
        least(greatest((j.lasten - coalesce(k.midden, 0)) / v.verplicht, 0), 3) as graad
    from verplichtingen as v
    inner join bekend as k using (gemeentecode, wet, periode_type, periode)
    inner join jaarlasten as j on j.gemeentecode = v.gemeentecode and j.wet = v.wet and j.jaar = k.jaar
    where v.verplicht > 0
),

perioden as (
    select distinct periode_type, periode, jaar from {{ ref('int_perioden') }}
),

-- Per period: the graad of the same point one year earlier (the prognosis), and the lowest and highest of every
-- complete year before it (the band: how far the commitments' realisation has varied from year to year).
realisatie as (
    select
        d.gemeentecode, d.wet, d.periode_type, p.periode,
        any_value(d.graad) filter (where d.jaar = p.jaar - 1) as graad,
        min(d.graad) as graad_laag,
        max(d.graad) as graad_hoog
    from realisatie_per_jaar as d
    inner join perioden as p
        on p.periode_type = d.periode_type and month(p.periode) = month(d.periode) and d.jaar < p.jaar
    group by all
    having graad is not null  -- no year right before: no graad, as without any (the region's, else none)
),

basis as (
    select gemeentecode, wet, periode_type, periode, k.midden, k.laag, k.hoog, v.verplicht, g.begroting
    from begroting as g
    full join bekend as k using (gemeentecode, wet, periode_type, periode)
    full join verplichtingen as v using (gemeentecode, wet, periode_type, periode)
),

samen as (
    select
        b.gemeentecode, b.wet, b.periode_type, b.periode, b.begroting, v.band,
        coalesce(v.bekend, 0) + coalesce(b.verplicht, 0) * v.graad as prognose
    from basis as b
    left join realisatie as r
        on r.gemeentecode = b.gemeentecode and r.wet = b.wet and r.periode_type = b.periode_type
            and r.periode = b.periode
    left join realisatie as rr
        on rr.gemeentecode = 'REGIO' and rr.wet = b.wet and rr.periode_type = b.periode_type
            and rr.periode = b.periode
    -- The gemeente's graad, else the region's, else none (the commitments in full).
    cross join lateral (
        values
        ('midden', b.midden, coalesce(r.graad, rr.graad, 1.0)),
        ('laag', b.laag, if(r.graad is null, coalesce(rr.graad_laag, 1.0), r.graad_laag)),
        ('hoog', b.hoog, if(r.graad is null, coalesce(rr.graad_hoog, 1.0), r.graad_hoog))
    ) as v (band, bekend, graad)
)

select
    'lasten_prognose' as indicator_id,
    gemeentecode,
    null::varchar as wijkcode,
    periode_type,
    periode,
    -- The band's bounds per wet (and totaal) as breakdowns band_<wet>: laag, hoog.
    case when band <> 'midden' then 'band_' || wet when wet = 'totaal' then 'totaal' else 'wet' end as dimensie,
    if(band = 'midden', wet, band) as dimensie_waarde,
    100.0 * prognose / nullif(begroting, 0) as waarde,
    prognose as teller,
    begroting as noemer,
    null::double as norm
from samen
