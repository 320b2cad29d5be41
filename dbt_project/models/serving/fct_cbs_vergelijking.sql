-- Reconciliation with CBS: for every indicator with a CBS counterpart (cbs_variabele), per gemeente or wijk and
-- per period of a grain CBS publishes for it, Stuurwiel's published figure beside CBS's figure of the same
-- period, their difference, and why they differ: the YAML's sentence on the definition (woonplaatsbeginsel,
-- pgb, trajectory rule) followed by what this row shows (no CBS figure yet, CBS kept it secret, ours hidden
-- or provisional, a difference within the rounding to multiples of 5). A CBS count (cbs_maat 'aantal') stands
-- as the same rate with our noemer of the row, so the difference comes from the teller's definition alone.
with cbs as (
    select
        regiocode, variabele, periode_type, periode, jaar, waarde, coalesce(geheim, false) as geheim,
        coalesce(synthetisch, false) as synthetisch
    from {{ ref('fct_cbs_kerncijfers') }}
),

-- The grains in which CBS publishes each figure: only those periods of ours are reconciled.
cbs_korrels as (
    select distinct variabele, periode_type from cbs
),

paren as (
    select
        p.indicator_id, p.gemeentecode, p.wijkcode, p.periode_type, p.periode,
        if(p.onderdrukt, null, p.waarde) as waarde_stuurwiel,
        case
            when k.geheim then null
            when i.cbs_maat = 'aantal' then i.schaal * k.waarde / nullif(p.noemer, 0)
            else k.waarde
        end as waarde_cbs,
        coalesce(i.cbs_maat = 'aantal', false) as cbs_aantal,
        i.schaal,
        p.noemer,
        p.onderdrukt,
        p.vintage,
        i.verschil as reden_definitie,
        k.regiocode is null as cbs_ontbreekt,
        coalesce(k.geheim, false) as cbs_geheim,
        coalesce(k.synthetisch, false) as cbs_synthetisch,
        (
            select max(e.jaar) from cbs as e
            where e.regiocode = coalesce(p.wijkcode, p.gemeentecode) and e.variabele = i.cbs_variabele
                and e.periode < p.periode and not e.geheim
        ) as jaar_laatste_cbs
    from {{ ref('fct_indicator_publicatie') }} as p
    inner join {{ ref('dim_indicator') }} as i using (indicator_id)
    inner join cbs_korrels as c
        on c.variabele = i.cbs_variabele and c.periode_type = p.periode_type
    left join cbs as k
        on k.regiocode = coalesce(p.wijkcode, p.gemeentecode) and k.variabele = i.cbs_variabele
            and k.periode_type = p.periode_type and k.periode = p.periode
    where p.dimensie = 'totaal' and p.gemeentecode <> 'REGIO'
),

verschillen as (
    select
        *,
        waarde_stuurwiel - waarde_cbs as verschil,
        (waarde_stuurwiel - waarde_cbs) / nullif(waarde_cbs, 0) as verschil_relatief,
        -- both counts rounded to a multiple of 5 move a rate by at most 2.5 persons each way
        abs(waarde_stuurwiel - waarde_cbs) <= schaal * 5 / nullif(noemer, 0) as binnen_afronding
    from paren
)

select
    indicator_id, gemeentecode, wijkcode, periode_type, periode,
    waarde_stuurwiel,
    waarde_cbs,
    verschil,
    verschil_relatief,
    jaar_laatste_cbs,
    -- concat_ws leaves out the causes that do not apply (null)
    concat_ws(
        ' ',
        if(
            cbs_synthetisch,
            'Let op: het CBS-cijfer is synthetisch (demo), berekend uit de demowereld met de regels van CBS.', null
        ),
        reden_definitie,
        if(
            cbs_aantal,
            'Het CBS-cijfer is het CBS-aantal gedeeld door onze noemer: het verschil zit alleen in de teller.', null
        ),
        case
            when cbs_ontbreekt and jaar_laatste_cbs is not null
                then 'CBS heeft over deze periode nog geen cijfer; het laatste is van ' || jaar_laatste_cbs || '.'
            when cbs_ontbreekt then 'CBS heeft over deze periode nog geen cijfer.'
        end,
        if(cbs_geheim, 'CBS houdt dit cijfer geheim: 0 tot en met 7 personen.', null),
        if(onderdrukt, 'Ons cijfer is verborgen om kleine aantallen te beschermen.', null),
        if(
            vintage = 'voorlopig', 'Ons cijfer is voorlopig: nog niet alle berichten over de periode zijn binnen.', null
        ),
        if(binnen_afronding, 'Het verschil valt binnen de afronding op vijftallen.', null)
    ) as reden
from verschillen
