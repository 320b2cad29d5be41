-- A share of persons (numerator and denominator both persons) lies between 0 and 100% and its numerator
-- never exceeds its denominator. Shares of money (lasten against begroting) may exceed 100%.
{{ config(tags=['serving']) }}

select
    f.indicator_id, f.gemeentecode, f.periode_type, f.periode, f.dimensie, f.dimensie_waarde, f.waarde,
    f.teller, f.noemer
from {{ ref('fct_indicator_values') }} as f
inner join {{ ref('dim_indicator') }} as i using (indicator_id)
where i.kleine_aantallen = 'teller_en_noemer'
    and (f.teller > f.noemer or (i.eenheid = '%' and (f.waarde < 0 or f.waarde > 100)))
