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
-- it, commitments count in full. The band (laag, hoog) takes the late-claim curve's best and worst year.
with open_toewijzingen as (
    select
        t.wet, t.gemeentecode, t.aanbieder, t.productcode, t.ingangsdatum, t.toewijzing_einddatum, t.stopdatum,
        w.volume, w.eenheid, w.frequentie
    from {{ ref('int_toewijzingen__zorg') }} as t
    inner join {{ ref('int_toewijzingen__actueel') }} as w using (wet, gemeentecode, toewijzingnummer)
),

per_periode as (
    select
        o.*, p.periode_type, p.periode, p.jaar,
        -- Whole months of care still committed in the year from the peildatum's month on (its declarations
        -- have not come yet): a toewijzing ending (or starting) in a month counts that month.
        greatest(date_diff(
            'month',
            greatest(date_trunc('month', p.periode_einde), date_trunc('month', o.ingangsdatum)) - interval 1 day,
            least(coalesce(o.toewijzing_einddatum, date '9999-12-31'), make_date(p.jaar, 12, 31))
        ), 0) as maanden_rest,
        -- Frequentie 6 (total over the validity) is spread over the toewijzing's months.
        greatest(date_diff(
            'month',
            (date_trunc('month', o.ingangsdatum) - interval 1 day)::date,
            o.toewijzing_einddatum
        ), 1) as maanden_geldig
    from open_toewijzingen as o
    inner join {{ ref('int_perioden') }} as p
        on year(o.ingangsdatum) <= p.jaar
            and coalesce(o.toewijzing_einddatum, date '9999-12-31') >= date_trunc('month', p.periode_einde)
            and coalesce(o.stopdatum, date '9999-12-31') >= date_trunc('month', p.periode_einde)
),

verplichtingen as (
    select
        {{ gemeente_en_wet_kolommen('r.wet', gemeente='r.gemeentecode', periode=['r.periode_type', 'r.periode']) }},
        sum(
            -- Eenheid 83 (euro's): the volume is the amount in cents (IV042); else volume x tariff.
            if(r.eenheid = '83', r.volume / 100.0, r.volume * c.tarief)
            * case r.frequentie
                when '1' then 365.0 / 12
                when '2' then 52.0 / 12
                when '4' then 1.0
                when '6' then 1.0 / r.maanden_geldig
            end
            * r.maanden_rest
        ) as verplicht
    from per_periode as r
    left join {{ ref('stg_aanbieders__contracten') }} as c
        on c.agb_code = r.aanbieder and c.gemeentecode = r.gemeentecode and c.productcode = r.productcode
            and year(c.ingangsdatum) = r.jaar
    where r.maanden_rest > 0
    {{ gemeente_en_regio_groepen(['r.wet'], gemeente='r.gemeentecode', periode=['r.periode_type', 'r.periode']) }}
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
-- what the commitments promised, keyed on the same period one year later. Bounded, so one odd year cannot
-- run away with the prognosis.
realisatie as (
    select
        v.gemeentecode, v.wet, v.periode_type, (v.periode + interval 1 year)::date as periode,
        least(greatest((j.lasten - coalesce(k.midden, 0)) / v.verplicht, 0), 3) as graad
    from verplichtingen as v
    inner join bekend as k using (gemeentecode, wet, periode_type, periode)
    inner join jaarlasten as j on j.gemeentecode = v.gemeentecode and j.wet = v.wet and j.jaar = k.jaar
    where v.verplicht > 0
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
        coalesce(v.bekend, 0) + coalesce(b.verplicht, 0) * coalesce(r.graad, rr.graad, 1.0) as prognose
    from basis as b
    cross join lateral (values ('midden', b.midden), ('laag', b.laag), ('hoog', b.hoog)) as v (band, bekend)
    left join realisatie as r
        on r.gemeentecode = b.gemeentecode and r.wet = b.wet and r.periode_type = b.periode_type
            and r.periode = b.periode
    left join realisatie as rr
        on rr.gemeentecode = 'REGIO' and rr.wet = b.wet and rr.periode_type = b.periode_type
            and rr.periode = b.periode
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
