-- Lasten year to date per financing variant of the provider's contract (inspannings-, output- or
-- taakgericht). The ledger knows a provider as a creditor and the contract register by AGB code; both
-- carry the provider's legal name, which links them. Lasten to creditors without a contract are 'geen
-- contract' (toegang, pgb, other spend on the wet's taakvelden).
with variant as (
    select gemeentecode, lower(trim(naam)) as naam, min(financieringsvorm) as financieringsvorm
    from {{ ref('stg_aanbieders__contracten') }}
    group by all
),

boekingen as (
    select
        b.gemeentecode,
        coalesce(v.financieringsvorm, 'geen contract') as financieringsvorm,
        b.boekjaar as jaar,
        {{ boekmaand('b.boekdatum', 'b.boekjaar') }} as maand,
        b.bedrag
    from {{ ref('int_boekingen__actueel') }} as b
    inner join {{ ref('iv3_taakvelden') }} as t on t.boekjaar = b.boekjaar and t.taakveld = b.taakveld
    left join variant as v on v.gemeentecode = b.gemeentecode and v.naam = lower(trim(b.crediteurnaam))
    where t.wet in ('jeugd', 'wmo')
)

select
    'lasten_per_financieringsvorm' as indicator_id,
    {{ gemeente_en_regio_kolommen(
        ['b.financieringsvorm'], gemeente='b.gemeentecode', periode=['p.periode_type', 'p.periode']
    ) }},
    sum(b.bedrag) as waarde,
    sum(b.bedrag) as teller,
    null::double as noemer,
    null::double as norm
from boekingen as b
inner join {{ ref('int_perioden') }} as p on p.jaar = b.jaar and b.maand <= p.periode_einde
{{ gemeente_en_regio_groepen(
    ['b.financieringsvorm'], gemeente='b.gemeentecode', periode=['p.periode_type', 'p.periode']
) }}
