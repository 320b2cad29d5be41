"""The `stuurwiel` command line as a user calls it (in process; the pipeline itself is tested in e2e)."""

import pytest

from pipelines.cli import main


def test_generate_writes_the_source_files(tmp_path, capsys):
    assert main(["generate", "--scale", "gemeente", "--seed", "3", "--sample", "0.02", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aanbieders", "begroting", "berichten", "enquete", "grootboek", "zaaksysteem"]
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
