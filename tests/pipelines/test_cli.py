"""The `stuurwiel` command line as a user calls it (in process; the pipeline itself is tested in e2e)."""

import pytest

from pipelines.cli import main


def test_generate_writes_the_source_files(tmp_path, capsys):
    assert main(["generate", "--scale", "gemeente", "--seed", "3", "--sample", "0.02", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "aanbieders",
        "begroting",
        "berichten",
        "brp",
        "cbs",
        "enquete",
        "grootboek",
        "zaaksysteem",
    ]
    assert any((tmp_path / "berichten").rglob("jw301.zip"))
    assert "Geschreven naar" in capsys.readouterr().err


def test_load_of_a_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["load", str(tmp_path / "bestaat-niet.csv")]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_load_with_an_unknown_source_is_a_usage_error(tmp_path, capsys):
    assert main(["load", "--source", "onzin", str(tmp_path)]) == 2
    assert "onbekende bron" in capsys.readouterr().err


def test_unknown_command_exits_2():
    with pytest.raises(SystemExit) as exc:
        main(["vlieg"])
    assert exc.value.code == 2


def test_gebruikers_demo_writes_hashed_accounts_once(tmp_path, monkeypatch, capsys):
    import yaml

    from pipelines import cli

    pad = tmp_path / "gebruikers.yaml"
    monkeypatch.setenv("STUURWIEL_USERS", str(pad))
    assert cli.main(["gebruikers", "demo"]) == 0
    config = yaml.safe_load(pad.read_text())
    accounts = config["credentials"]["usernames"]
    assert {(n, a["rol"], a["gemeente"]) for n, a in accounts.items()} == {
        ("raad", "raad", "REGIO"),
        ("beleid", "beleid", "REGIO"),
        ("controller", "controller", "REGIO"),
        ("beheer", "beheer", "REGIO"),
        ("enschede", "beleid", "GM0153"),
    }
    assert all(a["password"].startswith("$2b$") for a in accounts.values())
    assert "raad-demo" not in pad.read_text()
    assert oct(pad.stat().st_mode & 0o777) == "0o600"
    voor = pad.read_bytes()
    assert cli.main(["gebruikers", "demo"]) == 0  # never overwrites accounts that exist
    assert pad.read_bytes() == voor


def test_gebruikers_ontgrendel_unknown_user(tmp_path, monkeypatch):
    from pipelines import cli

    monkeypatch.setenv("STUURWIEL_USERS", str(tmp_path / "gebruikers.yaml"))
    assert cli.main(["gebruikers", "ontgrendel", "niemand"]) == 2


def test_demo_refuses_a_region_an_older_generator_wrote(tmp_path, monkeypatch, capsys):
    """Its files may lack what the readers now require, and loading on top of it would count twice."""
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    oud = tmp_path / "data" / "demo" / "gemeente-seed3"
    oud.mkdir(parents=True)
    (oud / ".compleet").write_text("vingerafdruk van een oudere generator", encoding="utf-8")
    assert main(["demo", "--scale", "gemeente", "--seed", "3", "--no-serve"]) == 2
    assert "make clean && make demo" in capsys.readouterr().err
    assert not (tmp_path / "data" / "warehouse.duckdb").exists()  # nothing was loaded
