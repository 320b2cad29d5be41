-- Where nothing is suppressed (the exact long table), the lasten of the taakvelden add up to the total.
{{ config(tags=['serving']) }}

with delen as (
    select
        gemeentecode, periode_type, periode,
        sum(teller) filter (where dimensie = 'taakveld') as som_delen,
        sum(teller) filter (where dimensie = 'totaal') as totaal
    from {{ ref('fct_indicator_values') }}
    where indicator_id = 'lasten_begroting_ytd' and wijkcode is null
    group by all
)

select * from delen
where abs(coalesce(som_delen, 0) - coalesce(totaal, 0)) > 0.005
