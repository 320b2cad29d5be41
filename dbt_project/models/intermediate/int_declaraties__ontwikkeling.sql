-- Run-off cells of declared care: per wet, gemeente, aanbieder, zorgmaand (the month of a Prestatie's
-- product period, when the care was given) and ontvangstmaand (the month the gemeente received it), the
-- amount the gemeente owes: a 323 line counts at its Dagtekening, a 325 rejection (a line without RetourCode
-- 8001, as in fct_geld_detail) takes it off again at the answer's Dagtekening. vertraging is the number of
-- months between care and arrival: the development lag of a run-off triangle (int_declaraties__laatcurve).
with regels as (
    select
        wet, gemeentecode, aanbieder, date_trunc('month', productperiode_begin)::date as zorgmaand,
        date_trunc('month', declaratie_dagtekening)::date as ontvangstmaand, ingediend_bedrag_cent / 100.0 as bedrag
    from {{ ref('stg_berichten__declaraties') }}
    union all
    select
        wet, gemeentecode, aanbieder, date_trunc('month', productperiode_begin)::date,
        date_trunc('month', dagtekening)::date, -ingediend_bedrag_cent / 100.0
    from {{ ref('stg_berichten__declaratie_antwoorden') }}
    where not list_contains(string_split(coalesce(retourcodes, ''), ','), '8001')
)

select
    wet, gemeentecode, aanbieder, zorgmaand, ontvangstmaand,
    -- A line dated before its own care month (not allowed, IV076) counts as arrived at once.
    greatest(date_diff('month', zorgmaand, ontvangstmaand), 0) as vertraging,
    sum(bedrag) as bedrag
from regels
group by all
