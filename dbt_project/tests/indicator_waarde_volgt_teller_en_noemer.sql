-- Every ratio indicator's value is its scale times numerator over denominator, as its YAML says.
{{ config(tags=['serving']) }}

select
    f.indicator_id, f.gemeentecode, f.periode_type, f.periode, f.dimensie, f.dimensie_waarde, f.waarde,
    i.schaal * f.teller / f.noemer as verwacht
from {{ ref('fct_indicator_values') }} as f
inner join {{ ref('dim_indicator') }} as i using (indicator_id)
where i.schaal is not null and f.noemer > 0 and f.waarde is not null
    and abs(f.waarde - i.schaal * f.teller / f.noemer) > 1e-6 * greatest(abs(f.waarde), 1)
