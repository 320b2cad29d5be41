"""One asset per source: read its deliveries (delivered files, one row each in meta.loads) into the raw
schema, then close or open the gate.

The reading is done by pipelines/ingest.py and the gate by pipelines/gate/; this module only wires them
into Dagster. The gate is a blocking asset check: when it fails, the step fails and neither dbt nor the
publish step runs. One more asset, `onbekende_bestanden`, rejects the files no source recognises.

Which files a run takes comes from the load plan (pipelines/laadplan.py) in its run config. A run started
without one (from the Dagster UI) plans the inbox itself and takes this source's files about its months.
Files taken from the inbox are removed once archived.
"""

import logging
from pathlib import Path

import dagster as dg

from pipelines import ingest, laadplan, partities
from pipelines.config import Settings
from pipelines.gate import kwaliteit, poort, verdict
from pipelines.gate.staten import Poort, Status
from pipelines.gate.verdict import Controle
from pipelines.resources import POOL, StuurwielResource

# Progress for people running `stuurwiel load`: the CLI prints this logger; Dagster keeps its own logs.
progress = logging.getLogger("stuurwiel")
PROGRESS_EVERY = 25  # files


# The ledger gate reconciles spend with the granted 325 amounts and the contracts: load those first.
AFHANKELIJK = {"grootboek": ("berichten_declaratie_antwoord", "aanbieder_contracten")}


class LoadConfig(dg.Config):
    paths: list[str] = []  # files of this source to load (the load plan's)
    inbox: bool = True  # without paths: take this source's files waiting in data/inbox/ (a run from the UI)


def build_source_asset(source: str) -> dg.AssetsDefinition:
    keys = [dg.AssetKey(["raw", table]) for table in ingest.SOURCE_TABLES[source]]
    check = dg.AssetCheckSpec(
        "poort",
        asset=keys[0],
        blocking=True,
        description=f"Delivery gate for {source}: quarantine share and SQL rules.",
    )
    periodic = source in ingest.PERIODIC

    @dg.multi_asset(
        name=f"raw_{source}",
        specs=[
            dg.AssetSpec(
                key,
                group_name="bronnen",
                kinds={"duckdb"},
                deps=[dg.AssetKey(["raw", t]) for t in AFHANKELIJK.get(source, ())],
            )
            for key in keys
        ],
        check_specs=[check],
        pool=POOL,
        partitions_def=partities.MAANDEN if periodic else None,
        backfill_policy=dg.BackfillPolicy.single_run() if periodic else None,
        description=f"Loads delivered files of source '{source}' into the raw schema"
        + (", one monthly partition per month the deliveries are about." if periodic else "."),
    )
    def _load(context: dg.AssetExecutionContext, config: LoadConfig, stuurwiel: StuurwielResource):
        settings = stuurwiel.settings
        window = context.partition_time_window if periodic else None
        files = _files(config, settings, source, window)
        planned = _signatures(files, settings)
        store = stuurwiel.warehouse()
        store.ensure_schema()
        pseudonymiser, archief = stuurwiel.pseudonymiser(), stuurwiel.archief()
        outcomes = []
        with store.connect() as con:
            stream = ingest.ingest_files(con, source, files, pseudonymiser, context.run.run_id, archief)
            for number, outcome in enumerate(stream, start=1):
                context.log.info(
                    f"{ingest.toonbaar(outcome.path)}: {outcome.status}, {outcome.rows_loaded} geladen, "
                    f"{outcome.rows_quarantined} in quarantaine"
                )
                if outcome.status == Status.REJECTED:  # why, naming the file (and zip entry) as toonbaar shows it
                    context.log.warning(outcome.errors[0]["melding"])
                outcomes.append(outcome)
                if number % PROGRESS_EVERY == 0 or number == len(files):
                    geladen = f"{sum(o.rows_loaded for o in outcomes):,}".replace(",", ".")
                    progress.info(f"  {source}: {number}/{len(files)} bestanden, {geladen} rijen geladen")
            metadata = ingest.summarise(outcomes)
            if window is not None:
                metadata["maanden"] = _months_loaded(context, con, source, window)
            controles = poort.evaluate(con, source, context.run.run_id, settings.quality_dir)
            poort.apply_verdict(con, source, context.run.run_id, controles)
            kwaliteit.publish(con, settings.kwaliteit_path)
        _clear_inbox(planned)
        for key in keys:
            yield dg.MaterializeResult(asset_key=key, metadata=metadata)
        yield _check_result(check, controles)

    return _load


@dg.asset(
    name=laadplan.ONBEKEND_ASSET,
    group_name="bronnen",
    pool=POOL,
    kinds={"duckdb"},
    description="Files no source recognises: recorded as rejected (onbekend_bestand), archived, "
    "and removed from the inbox.",
)
def onbekende_bestanden(
    context: dg.AssetExecutionContext, config: LoadConfig, stuurwiel: StuurwielResource
) -> dg.MaterializeResult:
    settings = stuurwiel.settings
    files = _files(config, settings, None, None)
    planned = _signatures(files, settings)
    if files:
        store = stuurwiel.warehouse()
        store.ensure_schema()
        archief = stuurwiel.archief()
        with store.connect() as con:
            for path in files:
                outcome = ingest.record_unknown(con, path, context.run.run_id, archief)
                context.log.warning(outcome.errors[0]["melding"])  # names the file as ingest.toonbaar shows it
            kwaliteit.publish(con, settings.kwaliteit_path)
        _clear_inbox(planned)
    return dg.MaterializeResult(metadata={"afgewezen": len(files)})


def _files(config: LoadConfig, settings: Settings, source: str | None, window: dg.TimeWindow | None) -> list[Path]:
    """The files of this step: the plan's, or (a run without a plan) the inbox's, planned here.

    `source` None means the files no source recognises. A planned inbox file that is gone was taken by an
    earlier run; any other planned file must exist.
    """
    if config.paths:
        return [p for p in map(Path, config.paths) if p.exists() or not _in_inbox(p, settings)]
    if not config.inbox or not settings.inbox_dir.exists():
        return []
    plan = laadplan.maak(laadplan.inbox_klaar(settings.inbox_dir))
    mine = plan.bestanden[source] if source else plan.onbekend
    if window is None:
        return mine
    return [p for p in mine if partities.in_window(ingest.periode(source, p), window)]


def _in_inbox(path: Path, settings: Settings) -> bool:
    return path.resolve().is_relative_to(settings.inbox_dir.resolve())


def _signatures(files: list[Path], settings: Settings) -> dict[Path, tuple[int, ...]]:
    """The inbox files of this step as they were before archiving: inode, size, modification and change time."""
    out = {}
    for path in files:
        if _in_inbox(path, settings):
            st = path.stat()
            out[path] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return out


def _clear_inbox(planned: dict[Path, tuple[int, ...]]) -> None:
    """Archived by ingest; the inbox only holds what still waits. A file the sender replaced or appended to after
    it was planned is not what was archived: it stays for the next load."""
    for path, signature in planned.items():
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        if (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) == signature:
            path.unlink()


def _check_result(check: dg.AssetCheckSpec, controles: list[Controle]) -> dg.AssetCheckResult:
    """The gate's verdict as Dagster's blocking asset check."""
    return dg.AssetCheckResult(
        asset_key=check.asset_key,
        check_name=check.name,
        passed=verdict.oordeel(controles) == Poort.DOORGELATEN,
        severity=dg.AssetCheckSeverity.ERROR,
        description=verdict.samenvatting(controles),
        metadata={c.naam: dg.MetadataValue.text(f"{'ok' if c.geslaagd else 'FOUT'}: {c.melding}") for c in controles},
    )


def _months_loaded(context: dg.AssetExecutionContext, con, source: str, window: dg.TimeWindow) -> str:
    """The months the loaded rows are really about; a warning when they fall outside the run's window,
    which was estimated from a quick look at the files."""
    union = " union all ".join(
        f"select min({ingest.MAAND_KOLOM[t]}) as eerste, max({ingest.MAAND_KOLOM[t]}) as laatste from raw.{t} "
        f"where _load_id in (select load_id from meta.loads where run_id = $run)"
        for t in ingest.SOURCE_TABLES[source]
    )
    eerste, laatste = con.execute(
        f"select min(eerste), max(laatste) from ({union})", {"run": context.run.run_id}
    ).fetchone()
    if eerste is None:
        return "geen rijen"
    if eerste < window.start.date() or laatste >= window.end.date():
        context.log.warning(
            f"{source}: rijen over {eerste:%m-%Y} t/m {laatste:%m-%Y}, buiten de partities "
            f"{window.start:%m-%Y} tot {window.end:%m-%Y} van deze run"
        )
    return f"{eerste:%d-%m-%Y} t/m {laatste:%d-%m-%Y}"


source_assets = [*(build_source_asset(name) for name in ingest.SOURCES), onbekende_bestanden]
