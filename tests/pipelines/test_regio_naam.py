"""What the region as a whole is called (pipelines/regio.py): the home's stuurwiel.toml, the environment, or
"alle gemeenten" for a warehouse without a region."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import cli, regio


@pytest.fixture
def toml(tmp_path, monkeypatch) -> Path:
    pad = tmp_path / "stuurwiel.toml"
    monkeypatch.setenv("STUURWIEL_CONFIG", str(pad))
    monkeypatch.delenv(regio.ENV, raising=False)
    monkeypatch.delenv(regio.ENV_NAAM, raising=False)
    return pad


def test_a_warehouse_without_a_region_calls_the_whole_all_gemeenten(toml):
    assert regio.naam() == "alle gemeenten"


def test_the_name_is_written_and_read_back_as_given(toml):
    regio.schrijf(toml, ["GM0796", "0797"], "test", 'Regio \'s-Hertogenbosch "Meierij"')
    assert regio.naam() == 'Regio \'s-Hertogenbosch "Meierij"'
    assert regio.gemeenten() == {"GM0796", "GM0797"}


def test_a_region_without_a_name_has_none(toml):
    regio.schrijf(toml, ["GM0153"], "test")
    assert "naam" not in toml.read_text(encoding="utf-8")
    assert regio.naam() is None


def test_the_environment_names_the_region_over_the_file(toml, monkeypatch):
    regio.schrijf(toml, ["GM0153"], "test", "Twente")
    monkeypatch.setenv(regio.ENV_NAAM, " Twentse gemeenten ")
    assert regio.naam() == "Twentse gemeenten"


@pytest.mark.parametrize("waarde", ['""', '"  "', "12", '["Twente"]'])
def test_a_name_that_is_no_name_is_an_error_naming_the_file(toml, waarde):
    toml.write_text(f'[regio]\nnaam = {waarde}\ngemeenten = ["GM0153"]\n', encoding="utf-8")
    with pytest.raises(regio.RegioOngeldig) as fout:
        regio.naam()
    assert str(toml) in str(fout.value)


def test_a_load_with_a_broken_name_stops_before_reading(toml, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    toml.write_text('[regio]\nnaam = ""\ngemeenten = ["GM0153"]\n', encoding="utf-8")
    levering = tmp_path / "grootboek_2024.csv"
    levering.write_text("Boekjaar;Gemeentecode\n2024;0153\n", encoding="utf-8")
    assert cli.main(["load", str(levering)]) == 2
    assert f"stuurwiel load: {toml}: [regio] naam" in capsys.readouterr().err
    assert not (tmp_path / "data" / "warehouse.duckdb").exists()
