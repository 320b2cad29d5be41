"""One load plan: which source each file is, which monthly partitions the load covers, which files are
unknown. `stuurwiel load` and the inbox sensor both build it with `maak()` and run the job `laden` with it.

No warehouse access here, only a quick look at the files (detection by content, their period) and at the
home's dbt build state (pipelines/bouwstand.py).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines import bouwstand, ingest, partities
from pipelines.config import Settings

JOB = "laden"
ONBEKEND_ASSET = "onbekende_bestanden"  # the asset that records, archives and clears unrecognised files
# Run by every load: unrecognised files are recorded, and the snapshot is published.
ALTIJD = (dg.AssetKey(ONBEKEND_ASSET), dg.AssetKey("serving_snapshot"))

# A file in the inbox is taken once its transfer is over (docs/deployment.md): not named as a transfer tool names a
# file it is still writing, and unchanged for INBOX_RUST seconds. Unchanged by st_ctime as well as st_mtime: a copy
# that keeps the sender's modification time (cp -p, scp -p, many SMB clients) sets st_mtime back, but every write
# moves st_ctime, which no tool can set back.
IN_OVERDRACHT = (".part", ".partial", ".tmp", ".filepart", ".crdownload", ".download")
INBOX_RUST_S = 60

# The job every load runs. Defined here rather than beside the sensor, so the sensor names it and nothing
# imports pipelines.definitions but the tools that need the whole code location.
laden = dg.define_asset_job(
    JOB,
    selection=dg.AssetSelection.all(),
    description="One load: read the planned files (or what waits in data/inbox/), gate, dbt build, publish.",
)


@dataclass(frozen=True)
class LoadPlan:
    bestanden: dict[str, list[Path]]  # every source -> the files that are a delivery of it (maybe none)
    onbekend: list[Path]  # files no source recognises
    maanden: dg.PartitionKeyRange | None  # the months the periodic deliveries are about, or None

    @property
    def geleverd(self) -> list[str]:
        return [name for name, files in self.bestanden.items() if files]

    @property
    def stil(self) -> list[str]:
        """Periodic sources with nothing delivered: no month of theirs is run."""
        return [name for name in ingest.PERIODIC if not self.bestanden.get(name)]

    def run_config(self) -> dict:
        """Config of the job's ops: exactly these files, never the rest of the inbox."""
        ops = {
            f"raw_{name}": {"config": {"paths": [str(p) for p in files], "inbox": False}}
            for name, files in self.bestanden.items()
            if name not in self.stil
        }
        ops[ONBEKEND_ASSET] = {"config": {"paths": [str(p) for p in self.onbekend], "inbox": False}}
        return {"ops": ops}

    def tags(self) -> dict[str, str]:
        return partities.tags(self.maanden) if self.maanden else {}

    def selectie(self, alle: Iterable[dg.AssetKey], settings: Settings | None = None) -> list[dg.AssetKey] | None:
        """The assets to run: what the deliveries change, or all (None).

        With deliveries into a warehouse that is as the last dbt build left it, apart from raw tables earlier
        runs announced (pipelines/bouwstand.py: a killed or held-back load): the raw tables of the delivered
        sources, the dbt models downstream of them and of the announced tables, and the publish step, which
        copies every serving table, rebuilt or not. Otherwise (nothing delivered, as after `stuurwiel accept`; a first
        load; changed dbt code or reference data) everything but the raw tables of the periodic sources with
        nothing delivered: a run over March must not mark March of the messages as loaded when only the
        ledger came in.
        """
        alle = list(alle)
        tabellen = {table for name in self.geleverd for table in ingest.SOURCE_TABLES[name]}
        verouderd = bouwstand.verouderd(settings or Settings.from_env()) if tabellen else None
        if verouderd is not None:
            modellen = bouwstand.stroomafwaarts(tabellen | verouderd)
            return [
                key
                for key in alle
                if (key.path[0] == "raw" and key.path[-1] in tabellen)
                or (key.path[0] != "raw" and key.path[-1] in modellen)
                or key in ALTIJD
            ]
        stil = {dg.AssetKey(["raw", table]) for name in self.stil for table in ingest.SOURCE_TABLES[name]}
        return [key for key in alle if key not in stil] if stil else None

    def samenvatting(self) -> str:
        return (
            "Herkend: "
            + ", ".join(f"{name} {len(files)}" for name, files in self.bestanden.items())
            + f", onbekend {len(self.onbekend)}"
        )


def inbox_klaar(inbox_dir: Path) -> list[Path]:
    """The files in the inbox whose transfer is over: the inbox sensor and a run from the UI load only these."""
    if not inbox_dir.exists():
        return []
    rust = float(os.environ.get("STUURWIEL_INBOX_RUST", INBOX_RUST_S))
    grens = time.time() - rust
    klaar = []
    for path in ingest.expand([inbox_dir]):
        if path.name.startswith("~") or path.name.lower().endswith(IN_OVERDRACHT):
            continue
        try:
            st = path.stat()
        except FileNotFoundError:  # renamed or removed by the sender since the listing
            continue
        if max(st.st_mtime, st.st_ctime) <= grens:
            klaar.append(path)
    return klaar


def maak(paths: Iterable[str | Path], forced_source: str | None = None) -> LoadPlan:
    """The plan for files and folders (every file below a folder, hidden ones skipped)."""
    bestanden: dict[str, list[Path]] = {name: [] for name in ingest.SOURCES}
    onbekend: list[Path] = []
    for path in ingest.expand(list(paths)):
        source = forced_source or ingest.detect_source(path)
        (bestanden[source] if source in bestanden else onbekend).append(path)
    maanden = partities.bereik((name, path) for name, files in bestanden.items() for path in files)
    return LoadPlan(bestanden, onbekend, maanden)
