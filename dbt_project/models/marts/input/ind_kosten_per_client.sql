-- Lasten per client, year to date: the wet's ledger lasten from 1 January to the period's end, divided by
-- the distinct clients who had care under that wet in the same stretch.
with clienten as (
    select
        {{ gemeente_en_wet_kolommen('t.wet', gemeente='t.gemeentecode', periode=['p.periode_type', 'p.periode']) }},
        count(distinct t.client_id) as clienten
    from {{ ref('int_trajecten') }} as t
    inner join {{ ref('int_perioden') }} as p
        on t.startdatum <= p.periode_einde
            and coalesce(t.einde_zorg, date '9999-12-31') >= make_date(p.jaar, 1, 1)
    {{ gemeente_en_regio_groepen(['t.wet'], gemeente='t.gemeentecode', periode=['p.periode_type', 'p.periode']) }}
)

{{ lasten_per(
    'kosten_per_client', 'clienten', ['gemeentecode', 'wet', 'periode_type', 'periode'], 'coalesce(n.clienten, 0)'
) }}
