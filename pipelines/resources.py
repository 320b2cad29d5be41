"""Resources injected into the assets: where the data lives and how to reach the warehouse."""

from __future__ import annotations

import dagster as dg

from pipelines.archief import Archief
from pipelines.config import Settings
from pipelines.privacy import Pseudonymiser, lees_sleutel
from pipelines.warehouse import Warehouse

# DuckDB allows one writing process: every asset or check that writes the warehouse uses this pool.
POOL = "warehouse"


class StuurwielResource(dg.ConfigurableResource):
    """Paths come from the environment (STUURWIEL_HOME), the same place dbt's profile reads them."""

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
