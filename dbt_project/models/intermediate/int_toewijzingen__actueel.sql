-- The current version of every toewijzing: the latest by Toewijzingsdatum + Toewijzingstijd (IV013).
-- A toewijzing whose latest version has RedenWijziging 13 (Verwijderd) never existed (JZ002) and is dropped.
with versies as (
    select
        *,
        row_number() over (
            partition by wet, gemeentecode, toewijzingnummer
            order by toewijzingsdatum desc, toewijzingstijd desc nulls last, dagtekening desc, bericht_id desc
        ) as versie_rang
    from {{ ref('stg_berichten__toewijzingen') }}
)

select
    wet,
    gemeentecode,
    aanbieder,
    client_id,
    geboortemaand,
    toewijzingnummer,
    productcategorie,
    productcode,
    ingangsdatum,
    einddatum as toewijzing_einddatum,
    volume,
    eenheid,
    frequentie
from versies
where versie_rang = 1
    and coalesce(reden_wijziging, '') <> '13'
