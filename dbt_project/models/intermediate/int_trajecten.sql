-- One row per traject as CBS Beleidsinformatie Jeugd counts it: one form of help (productcategorie) for
-- one client at one aanbieder, with consecutive or overlapping toewijzingen merged, so renewals and
-- volume changes under a new ToewijzingNummer are no new traject. A new traject needs at least one day
-- without help: a start on or before the day after the latest end so far continues the traject.
-- Gaps and islands in one partition pass (no self-join), so it stays linear in the number of toewijzingen.
-- The traject takes its first start and Ingangsdatum, and the stop, reason and toewijzing of the member
-- that ends last; one member without an end keeps the traject open. Toewijzingen that never started are
-- no traject (ind_wachtend_nu reads them from int_toewijzingen__zorg).
{%- set traject_sleutel = "wet, gemeentecode, client_id, aanbieder, coalesce(productcategorie, '')" %}
{%- set volgorde = "startdatum, coalesce(einde_zorg, date '9999-12-31'), coalesce(toewijzingnummer, '')" %}
with gestart as (
    select
        *,
        max(coalesce(einde_zorg, date '9999-12-31')) over (
            partition by {{ traject_sleutel }} order by {{ volgorde }}
            rows between unbounded preceding and 1 preceding
        ) as eerder_einde
    from {{ ref('int_toewijzingen__zorg') }}
    where startdatum is not null
),

genummerd as (
    select
        *,
        sum(case when eerder_einde is null or startdatum > eerder_einde + 1 then 1 else 0 end) over (
            partition by {{ traject_sleutel }} order by {{ volgorde }} rows unbounded preceding
        ) as traject_volgnummer,
        -- Rank of the member that ends last (open counts as last): it gives the traject's end.
        row_number() over (
            partition by {{ traject_sleutel }}
            order by coalesce(einde_zorg, date '9999-12-31'), startdatum, coalesce(toewijzingnummer, '')
        ) as eindvolgorde
    from gestart
)

select
    wet, gemeentecode, client_id, aanbieder, productcategorie, traject_volgnummer,
    any_value(geboortemaand) as geboortemaand,
    arg_max_null(toewijzingnummer, eindvolgorde) as toewijzingnummer,
    arg_max_null(productcode, eindvolgorde) as productcode,
    min(ingangsdatum) as ingangsdatum,
    arg_max_null(toewijzing_einddatum, eindvolgorde) as toewijzing_einddatum,
    min(startdatum) as startdatum,
    arg_max_null(stopdatum, eindvolgorde) as stopdatum,
    arg_max_null(reden_beeindiging, eindvolgorde) as reden_beeindiging,
    arg_max_null(einde_zorg, eindvolgorde) as einde_zorg,
    arg_max_null(uitkomst, eindvolgorde) as uitkomst,
    arg_max_null(grondslag, eindvolgorde) as grondslag,
    list(toewijzingnummer order by startdatum) filter (where toewijzingnummer is not null) as toewijzingnummers,
    count(*) as aantal_toewijzingen
from genummerd
group by wet, gemeentecode, client_id, aanbieder, productcategorie, traject_volgnummer
