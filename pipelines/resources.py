"""Resources injected into the assets: where the data lives and how to reach the warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager

import dagster as dg

from pipelines import bouwstand, migratie
from pipelines.afgebroken import tag_run
from pipelines.archief import Archief
from pipelines.config import Settings
from pipelines.privacy import Pseudonymiser, lees_sleutel
from pipelines.warehouse import Warehouse, laadslot

# DuckDB allows one writing process: every asset or check that writes the warehouse uses this pool.
POOL = "warehouse"


class StuurwielResource(dg.ConfigurableResource):
    """Paths come from the environment (STUURWIEL_HOME), the same place dbt's profile reads them.

    Every asset that writes the warehouse uses this resource, and every run executes in one process
    (pipelines/definitions.py), so Dagster sets it up once per run: here the run takes the home's load slot and
    holds it until its last step is done. A run that `dagster dev` starts (the inbox sensor, the UI) and a
    `stuurwiel load` (which takes the slot itself first) are thereby serialised, whichever comes first.
    Under the slot, before any step writes, a warehouse an earlier release filled is brought to the current rules
    (pipelines/migratie.py), and the run announces the raw tables it selected (pipelines/bouwstand.py), so that
    whatever moment it dies at, the next load knows which models to rebuild.
    """

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[StuurwielResource]:
        run_id = context.run.run_id if context.run else None
        meld = context.log.warning if context.log else None
        with laadslot(self.settings.data_dir, f"Dagster-run {run_id[:8] if run_id else 'zonder id'}", meld):
            if context.instance is not None and run_id:
                tag_run(context.instance, run_id)  # a later load can tell when this process died
            migratie.bijwerken(self.settings.warehouse_path, meld)  # an earlier release's warehouse: first
            _aankondigen(self.settings, context.run.asset_selection if context.run else None)
            yield self

    @property
    def settings(self) -> Settings:
        return Settings.from_env()

    def warehouse(self) -> Warehouse:
        return Warehouse(self.settings.warehouse_path)

    def pseudonymiser(self) -> Pseudonymiser:
        # The key lives outside the warehouse (default .secrets/, git-ignored); a missing one stops the load.
        return Pseudonymiser(lees_sleutel(self.settings.key_path))

    def archief(self) -> Archief:
        return Archief.van(self.settings)


def _aankondigen(settings: Settings, selectie: AbstractSet[dg.AssetKey] | None) -> None:
    """The raw tables a run may write; a run of every asset may write anything (bouwstand.vergeten)."""
    if selectie is None:
        bouwstand.vergeten(settings)
    else:
        bouwstand.voornemen(settings, {key.path[-1] for key in selectie if key.path[0] == "raw"})
