"""Where everything lives. One place, so tests can point a whole run at a temporary home."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
# Seven years: the fiscal retention of the financial records the deliveries support (art. 52 AWR); the
# gemeente's own selection list may set another term (STUURWIEL_ARCHIEF_BEWAARJAREN).
DEFAULT_ARCHIVE_RETENTION_YEARS = 7
ARCHIVE_KEY_ENV = "STUURWIEL_ARCHIVE_KEY_FILE"


def _in_data_dir(name: str) -> property:
    """A path below the home's data folder."""
    return property(lambda settings: settings.data_dir / name)


@dataclass(frozen=True)
class Settings:
    home: Path
    key_path: Path

    @classmethod
    def from_env(cls) -> Settings:
        home = Path(os.environ.get("STUURWIEL_HOME", PROJECT_ROOT)).resolve()
        key = os.environ.get("STUURWIEL_KEY_FILE", home / ".secrets" / "pseudonym.key")
        return cls(home=home, key_path=Path(key))

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    warehouse_path = _in_data_dir("warehouse.duckdb")

    @property
    def serving_path(self) -> Path:
        # STUURWIEL_SERVING lets a dashboard host read a snapshot copied elsewhere.
        return Path(os.environ.get("STUURWIEL_SERVING", self.data_dir / "serving.duckdb"))

    @property
    def kwaliteit_path(self) -> Path:
        # Beside the snapshot: the dashboard host that reads one reads the other.
        return self.serving_path.with_name("kwaliteit.duckdb")

    @property
    def archive_key_path(self) -> Path:
        # Encrypts the archive of original files; separate from the pseudonym key, so neither opens the other's data.
        return Path(os.environ.get(ARCHIVE_KEY_ENV, self.home / ".secrets" / "archief.key"))

    @property
    def archive_retention_years(self) -> int:
        # How long originals are kept (docs/security.md, "Archive of original files"); set per gemeente.
        return int(os.environ.get("STUURWIEL_ARCHIEF_BEWAARJAREN", DEFAULT_ARCHIVE_RETENTION_YEARS))

    @property
    def users_path(self) -> Path:
        # Dashboard accounts (hashed passwords), kept with the other secrets, outside the warehouse.
        return Path(os.environ.get("STUURWIEL_USERS", self.home / ".secrets" / "gebruikers.yaml"))

    @property
    def audit_path(self) -> Path:
        # Who opened and downloaded what: on the dashboard host, beside the snapshot it reads.
        return Path(os.environ.get("STUURWIEL_AUDIT", self.serving_path.with_name("audit") / "toegang.jsonl"))

    @property
    def reports_dir(self) -> Path:
        # Council reports and their toelichting (reports/opslag.py): beside the snapshot they were made from.
        return Path(os.environ.get("STUURWIEL_REPORTS", self.serving_path.with_name("reports")))

    @property
    def config_path(self) -> Path:
        # The installation's own settings an operator edits (the region: pipelines/regio.py), in the home.
        return Path(os.environ.get("STUURWIEL_CONFIG", self.home / "stuurwiel.toml"))

    quality_dir = _in_data_dir("quality")  # Great Expectations Data Docs
    inbox_dir = _in_data_dir("inbox")
    archive_dir = _in_data_dir("archive")

    @property
    def reference_dir(self) -> Path:
        return REFERENCE_DIR
