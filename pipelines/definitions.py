"""The one Dagster code location of Stuurwiel: sources -> gate -> dbt -> publish, then council reports."""

import dagster as dg

from pipelines.assets.dbt import dbt_modellen, dbt_resource
from pipelines.assets.leveringen import source_assets
from pipelines.assets.publish import serving_snapshot
from pipelines.assets.reference import cbs_referentie
from pipelines.laadplan import laden
from pipelines.rapporten import rapporten, rapporteren
from pipelines.resources import StuurwielResource
from pipelines.sensors import inbox

defs = dg.Definitions(
    assets=[*source_assets, cbs_referentie, dbt_modellen, serving_snapshot],
    jobs=[laden, rapporteren],
    sensors=[inbox, rapporten],
    resources={"stuurwiel": StuurwielResource(), "dbt": dbt_resource},
    # One process per run, as `stuurwiel load` runs it: the run's resources (and the load slot that
    # StuurwielResource holds) then span all its steps. The steps are serialised by pool "warehouse" anyway.
    executor=dg.in_process_executor,
)
