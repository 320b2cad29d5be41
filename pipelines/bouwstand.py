"""A home's dbt build state: where dbt keeps its artifacts, and whether a load may rebuild only what it changes.

A load may rebuild only the models downstream of its deliveries (pipelines/laadplan.py) when the warehouse is
as the last successful dbt build left it, made from the same dbt project and reference data, apart from raw
tables that loads since then announced before writing them (`voornemen`, at the start of every run, under the
load slot). After every successful build that covered what was announced, the dbt step records a clean state
(`vastleggen`). A load that was killed, failed, or whose deliveries the gate held back thereby leaves a state
from which the next load still rebuilds only what those loads and its own deliveries feed. Anything else that
writes the warehouse without announcing tables (`stuurwiel accept`, the migration, a run of every asset, a new
warehouse file), and changed code or reference data, makes the next load rebuild everything (`vergeten`).

No warehouse access here: the inbox sensor plans loads while a run may hold the warehouse's lock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from pipelines.config import DBT_PROJECT_DIR, PROJECT_ROOT, REFERENCE_DIR, Settings
from pipelines.warehouse import fsync_map, vervang_atomair

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
    """Record that the warehouse is as a successful dbt build of everything announced just left it."""
    _schrijf(settings, _stand(settings))


def verouderd(settings: Settings) -> frozenset[str] | None:
    """The raw tables whose downstream models may be stale: none when the warehouse is untouched since the last
    successful build; those announced since; None when it may have changed otherwise (rebuild everything)."""
    stand = _lees(settings)
    if stand is None or stand.get("project") != _vingerafdruk():
        return None
    nu, toen = _warehouse(settings), stand.get("warehouse")
    if not nu or not toen or len(toen) != 3:
        return None
    if "onderweg" in stand:  # written since, by announced runs only; but the same file, not a new one
        return frozenset(stand["onderweg"]) if nu[2] == toen[2] else None
    return frozenset() if nu[:2] == toen[:2] else None  # a copy with its times kept (a backup) is as good


def voornemen(settings: Settings, tabellen: Iterable[str]) -> None:
    """Announce, before a run writes anything, the raw tables it may change. On disk before the first write, so
    a run killed at any later moment leaves a state the next load can rebuild from partially."""
    tabellen = set(tabellen)
    stand = _lees(settings)
    if not tabellen or stand is None or verouderd(settings) is None:
        return  # nothing recorded to keep: the next load rebuilds everything anyway
    if "onderweg" not in stand:  # as built, maybe a copy (a backup): from now on this file is the one written
        stand["warehouse"] = _warehouse(settings)
    stand["onderweg"] = sorted(tabellen | set(stand.get("onderweg", ())))
    _schrijf(settings, stand)


def vergeten(settings: Settings) -> None:
    """Before the warehouse changes in a way no announcement covers: the next load rebuilds everything."""
    pad = target_dir(settings) / _STAND
    if pad.exists():
        pad.unlink()
        fsync_map(pad.parent)


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


def per_indicator(gekozen: Iterable[str], manifest: Path = MANIFEST) -> list[str] | None:
    """The indicator models among ``gekozen`` when the per-indicator serving models (materialized 'incremental',
    macros/indicatoren/per_indicator.sql) may replace only those indicators' rows: every selected model they read
    is an indicator model or one of them. None when something else they read is rebuilt too (the CBS figures,
    dim_gemeente, the vintage of the messages), or when no indicator model is selected: then they replace every row.
    """
    gekozen = set(gekozen)
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"]
    modellen = {uid: n for uid, n in nodes.items() if n["resource_type"] == "model" and n["name"] in gekozen}
    indicatoren = {uid for uid, n in modellen.items() if n["config"].get("meta", {}).get("indicator")}
    per_indicator = {uid for uid, n in modellen.items() if n["config"]["materialized"] == "incremental"}
    ouders = {ouder for uid in per_indicator for ouder in nodes[uid]["depends_on"]["nodes"]}
    if not indicatoren or (ouders & modellen.keys()) - indicatoren - per_indicator:
        return None
    return sorted(modellen[uid]["name"] for uid in indicatoren)


def _stand(settings: Settings) -> dict:
    """The project's fingerprint and the warehouse file's identity (`_warehouse`)."""
    return {"project": _vingerafdruk(), "warehouse": _warehouse(settings)}


def _warehouse(settings: Settings) -> list[int] | None:
    """Size, modification time and inode: a write changes the first two, a new or swapped-in file the third."""
    try:
        st = settings.warehouse_path.stat()
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _lees(settings: Settings) -> dict | None:
    try:
        stand = json.loads((target_dir(settings) / _STAND).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stand if isinstance(stand, dict) else None


def _schrijf(settings: Settings, stand: dict) -> None:
    """Written whole or not at all, and on disk when this returns: a load may be killed right after."""
    pad = target_dir(settings) / _STAND
    vervang_atomair(pad, lambda tijdelijk: tijdelijk.write_text(json.dumps(stand), encoding="utf-8"))


def _vingerafdruk() -> str:
    digest = hashlib.sha256(metadata.version("dbt-core").encode())
    bestanden = [p for d in _BRONNEN for p in d.rglob("*") if p.is_file()] + list(_BESTANDEN)
    for pad in sorted(bestanden):
        digest.update(str(pad.relative_to(PROJECT_ROOT)).encode() + b"\0" + pad.read_bytes())
    return digest.hexdigest()
