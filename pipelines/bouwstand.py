"""A home's dbt build state: where dbt keeps its artifacts, and whether a load may rebuild only what it changes.

A load may rebuild only the models downstream of its deliveries (pipelines/laadplan.py) when the warehouse is
exactly as the last successful dbt build left it, made from the same dbt project and reference data. After
every successful build the dbt step records that state here (`vastleggen`); anything else that changed the
warehouse since (a delivery the gate held back, `stuurwiel accept`, a failed build, a new warehouse file), or
changed code or reference data, makes the next load rebuild everything.

No warehouse access here: the inbox sensor plans loads while a run may hold the warehouse's lock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from pipelines.config import DBT_PROJECT_DIR, PROJECT_ROOT, REFERENCE_DIR, Settings

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"  # the project's, kept current by assets/dbt.py
_STAND = "bouwstand.json"
# What the models are made from besides the deliveries: the dbt project and the CBS reference data.
_BRONNEN = (DBT_PROJECT_DIR / "models", DBT_PROJECT_DIR / "macros", DBT_PROJECT_DIR / "seeds", REFERENCE_DIR)
_BESTANDEN = (DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml")


def target_dir(settings: Settings) -> Path:
    """dbt's target folder of this home: its artifacts (run_results.json of the last build) and its parse cache.

    One stable folder per home rather than dagster-dbt's fresh one per run: dbt then finds the previous
    run's partial_parse.msgpack and re-parses only changed files (seconds, not a full parse). Per home,
    because dbt discards that cache when the profile changes, and the warehouse path in the profile is the
    home's; a home's loads never run at the same time (one writer), two homes' loads may.
    A new home's first build starts from the project's cache (dagster-dbt copies target/partial_parse.msgpack
    in), which dbt uses only when it was parsed with the same profile, else it parses fully once.
    """
    return settings.data_dir / "dbt"


def vastleggen(settings: Settings) -> None:
    """Record that the warehouse is as a successful dbt build just left it."""
    pad = target_dir(settings) / _STAND
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(json.dumps(_stand(settings)), encoding="utf-8")


def bijgewerkt(settings: Settings) -> bool:
    """True when the warehouse is untouched since the last successful build, made from today's project."""
    pad = target_dir(settings) / _STAND
    try:
        return json.loads(pad.read_text(encoding="utf-8")) == _stand(settings)
    except (OSError, ValueError):
        return False


def stroomafwaarts(tabellen: Iterable[str], manifest: Path = MANIFEST) -> set[str]:
    """Names of the dbt models and seeds that read, directly or through others, any of these raw tables."""
    m = json.loads(manifest.read_text(encoding="utf-8"))
    wachtrij = [uid for uid, bron in m["sources"].items() if bron["identifier"] in set(tabellen)]
    gezien: set[str] = set()
    while wachtrij:
        for kind in m["child_map"].get(wachtrij.pop(), []):
            if kind not in gezien and kind.split(".")[0] in ("model", "seed", "snapshot"):
                gezien.add(kind)
                wachtrij.append(kind)
    return {m["nodes"][uid]["name"] for uid in gezien}


def _stand(settings: Settings) -> dict:
    """The project's fingerprint and the warehouse file's size and modification time."""
    try:
        st = settings.warehouse_path.stat()
        warehouse = [st.st_size, st.st_mtime_ns]
    except FileNotFoundError:
        warehouse = None
    return {"project": _vingerafdruk(), "warehouse": warehouse}


def _vingerafdruk() -> str:
    digest = hashlib.sha256(metadata.version("dbt-core").encode())
    bestanden = [p for d in _BRONNEN for p in d.rglob("*") if p.is_file()] + list(_BESTANDEN)
    for pad in sorted(bestanden):
        digest.update(str(pad.relative_to(PROJECT_ROOT)).encode() + b"\0" + pad.read_bytes())
    return digest.hexdigest()
