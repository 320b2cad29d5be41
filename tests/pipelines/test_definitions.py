"""The one Dagster code location loads, and is wired the way the gate and the single writer need."""

import subprocess

import dagster as dg

from pipelines.definitions import defs
from pipelines.resources import POOL


def _graph():
    return defs.resolve_asset_graph()


def test_every_layer_is_an_asset():
    keys = {k.to_user_string() for k in _graph().get_all_asset_keys()}
    assert {"raw/berichten_toewijzing", "raw/grootboek", "raw/begroting", "raw/cbs_bevolking"} <= keys
    assert {"marts/ind_lasten_begroting_ytd", "serving/fct_indicator_values", "serving_snapshot"} <= keys


def test_each_source_has_a_blocking_gate():
    checks = {spec.asset_key.to_user_string(): spec for a in defs.assets for spec in a.check_specs}
    for table in ("raw/berichten_toewijzing", "raw/grootboek", "raw/begroting", "raw/cbs_bevolking"):
        assert table in checks and checks[table].blocking, table


def test_every_writer_is_in_the_warehouse_pool():
    for assets_def in defs.assets:
        assert assets_def.op.pool == POOL, assets_def.node_def.name


def test_serving_runs_after_every_indicator():
    graph = _graph()
    fct = graph.get(dg.AssetKey(["serving", "fct_indicator_values"]))
    indicators = {k for k in graph.get_all_asset_keys() if k.path[-1].startswith("ind_")}
    assert indicators and indicators <= set(fct.parent_keys)


def test_inbox_sensor_requests_one_run_per_set_of_waiting_files(tmp_path, monkeypatch):
    from pipelines.sensors import inbox

    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.setenv("STUURWIEL_INBOX_RUST", "0")  # a file written just now counts as completely transferred
    assert isinstance(inbox(dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral())), dg.SkipReason)
    (tmp_path / "data" / "inbox").mkdir(parents=True)
    (tmp_path / "data" / "inbox" / "grootboek_2025.csv").write_text("Boekjaar;Bedrag\n", encoding="utf-8")
    first = inbox(dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral(), definitions=defs))
    again = inbox(dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral(), definitions=defs))
    assert isinstance(first, dg.RunRequest) and first.run_key == again.run_key
    assert "laden" in {job.name for job in defs.resolve_all_job_defs()}
    assert inbox.job_name == "laden"


def test_inbox_sensor_runs_the_months_the_waiting_ledger_is_about(tmp_path, monkeypatch):
    from pipelines.sensors import inbox

    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.setenv("STUURWIEL_INBOX_RUST", "0")  # a file written just now counts as completely transferred
    (tmp_path / "data" / "inbox").mkdir(parents=True)
    (tmp_path / "data" / "inbox" / "grootboek_2025.csv").write_text(
        "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;Crediteurnummer;Crediteurnaam;"
        "Omschrijving;Bedrag\n2025;28-02-2025;0153;6.71b;3.4.1;K;C1;Zorg BV;x;1,00\n"
        "2025;03-05-2025;0153;6.71b;3.4.1;K;C1;Zorg BV;x;1,00\n",
        encoding="utf-8",
    )
    (tmp_path / "data" / "inbox" / "leesmij.txt").write_text("geen levering", encoding="utf-8")
    request = inbox(dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral(), definitions=defs))
    assert request.tags["dagster/asset_partition_range_start"] == "2025-02-01"
    assert request.tags["dagster/asset_partition_range_end"] == "2025-05-01"
    selected = set(request.asset_selection)
    assert dg.AssetKey(["raw", "grootboek"]) in selected
    assert dg.AssetKey(["raw", "berichten_declaratie"]) not in selected, "no messages wait: no message months"
    ops = request.run_config["ops"]
    assert ops["raw_grootboek"]["config"]["paths"] == [str(tmp_path / "data" / "inbox" / "grootboek_2025.csv")]
    assert ops["onbekende_bestanden"]["config"]["paths"] == [str(tmp_path / "data" / "inbox" / "leesmij.txt")]
    dg.validate_run_config(defs.resolve_job_def("laden"), request.run_config)  # the same job takes it


def test_the_sensor_does_not_import_the_definitions():
    import ast
    from pathlib import Path

    import pipelines.sensors

    tree = ast.parse(Path(pipelines.sensors.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert "pipelines.definitions" not in imported


def test_unknown_files_have_their_own_step_in_the_warehouse_pool():
    node = _graph().get(dg.AssetKey(["onbekende_bestanden"]))
    assert node is not None


def test_inbox_sensor_asks_again_for_files_whose_run_died_and_only_then(tmp_path, monkeypatch):
    """A run killed mid-load (its process gone) is marked failed by the next evaluation, and its files get a new run
    key; a run that failed on its own keeps the key, so the sensor does not retry it every 30 seconds."""
    from dagster._core.storage.dagster_run import DagsterRun, DagsterRunStatus

    from pipelines import afgebroken
    from pipelines.sensors import VINGERAFDRUK, inbox

    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.setenv("STUURWIEL_INBOX_RUST", "0")
    (tmp_path / "data" / "inbox").mkdir(parents=True)
    (tmp_path / "data" / "inbox" / "grootboek_2025.csv").write_text("Boekjaar;Bedrag\n", encoding="utf-8")
    instance = dg.DagsterInstance.ephemeral()
    eerste = inbox(dg.build_sensor_context(instance=instance, definitions=defs))
    vingerafdruk = eerste.tags[VINGERAFDRUK]

    mislukt = DagsterRun(job_name="laden", run_id="mislukt", status=DagsterRunStatus.FAILURE, tags=eerste.tags)
    instance.add_run(mislukt)
    assert inbox(dg.build_sensor_context(instance=instance, definitions=defs)).run_key == eerste.run_key

    slaper = subprocess.Popen(["sleep", "60"])
    dood_proces = afgebroken.process_id(slaper.pid)
    slaper.kill()
    slaper.wait()
    tags = {**eerste.tags, afgebroken.PROCES_TAG: dood_proces}
    instance.add_run(DagsterRun(job_name="laden", run_id="gedood", status=DagsterRunStatus.STARTED, tags=tags))
    opnieuw = inbox(dg.build_sensor_context(instance=instance, definitions=defs))
    assert opnieuw.run_key == f"{vingerafdruk}:1" != eerste.run_key
    gedood = instance.get_run_by_id("gedood")
    assert gedood.status == DagsterRunStatus.FAILURE and gedood.tags[afgebroken.AFGEBROKEN_TAG] == "ja"
    assert inbox(dg.build_sensor_context(instance=instance, definitions=defs)).run_key == opnieuw.run_key
