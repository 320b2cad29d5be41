"""A KWB table exactly as StatLine exports it loads by base column name, suppressed cells kept as geheim."""

import csv
from pathlib import Path

import pytest

from pipelines.config import REFERENCE_DIR
from pipelines.sources import cbs_statline
from pipelines.sources.base import FileRejected

HEADER = [
    '"ID"',
    '"WijkenEnBuurten"',
    '"Gemeentenaam_1"',
    '"SoortRegio_2"',
    '"AantalInwoners_5"',
    '"JongerenMetJeugdzorgInNatura_98"',
    '"WmoClienten_100"',
    '"WmoClientenRelatief_101"',
]


ENSCHEDE = ["GM0153    ", "Enschede", "Gemeente  ", "161738", "3185", "11455", "70.8"]
GEEN_GETAL = ["GM0153    ", "Enschede", "Gemeente  ", "161738", "veel", "11455", "70.8"]  # 'veel' is no number
GEEN_REGIO = ["XX0001    ", "Nergens", "Wijk      ", "1", "1", "1", "1"]


def _statline(rows: list[list[str]]) -> str:
    lines = [";".join(HEADER)]
    for number, row in enumerate(rows):
        lines.append(";".join([str(number), *(f'"{v}"' if not v.replace(".", "").isdigit() else v for v in row)]))
    return "\r\n".join(lines) + "\r\n"


def _write(tmp_path: Path, name: str, rows) -> Path:
    path = tmp_path / name
    path.write_text(_statline(rows), encoding="utf-8-sig")
    return path


def test_columns_are_mapped_by_base_name_and_dots_are_secret(tmp_path):
    path = _write(
        tmp_path,
        "kwb_2024.csv",
        [
            ENSCHEDE,
            ["WK015300  ", "Enschede", "Wijk      ", "28505", ".", "1960", "68.8"],
        ],
    )
    assert cbs_statline.detect(path, path.read_bytes()[:4096])
    result = cbs_statline.read(path, None)
    rows = {(r["regiocode"], r["variabele"]): r for r in result.tables["cbs_kwb"].to_pylist()}
    assert rows[("GM0153", "JongerenMetJeugdzorgInNatura")]["waarde"] == 3185
    assert rows[("GM0153", "WmoClientenRelatief")]["waarde"] == pytest.approx(70.8)
    geheim = rows[("WK015300", "JongerenMetJeugdzorgInNatura")]
    assert (geheim["waarde"], geheim["geheim"], geheim["soort"], geheim["jaar"]) == (None, True, "wijk", 2024)
    assert result.rows_in == result.rows_loaded + len(result.quarantine)


def test_a_later_year_with_other_suffixes_reads_the_same(tmp_path):
    rows = [ENSCHEDE]
    older = cbs_statline.read(_write(tmp_path, "kwb_2024.csv", rows), None).tables["cbs_kwb"]
    path = tmp_path / "kwb_2025.csv"
    path.write_text(_statline(rows).replace("_98", "_103").replace("_100", "_105"), encoding="utf-8-sig")
    newer = cbs_statline.read(path, None).tables["cbs_kwb"]
    assert newer.column("variabele").to_pylist() == older.column("variabele").to_pylist()
    assert set(newer.column("jaar").to_pylist()) == {2025}


def test_bad_lines_are_quarantined_with_their_line(tmp_path):
    path = _write(
        tmp_path,
        "kwb_2024.csv",
        [
            GEEN_GETAL,
            GEEN_REGIO,
        ],
    )
    result = cbs_statline.read(path, None)
    assert [(q.line, q.rule) for q in result.quarantine] == [(2, "getal_ongeldig"), (3, "regiocode_ongeldig")]
    assert result.rows_loaded == 0


def test_quarantined_lines_keep_rule_message_and_value(tmp_path):
    path = _write(
        tmp_path,
        "kwb_2024.csv",
        [
            GEEN_GETAL,
            GEEN_REGIO,
            ["GM0153    ", "Enschede", "Gemeente  ", "161738"],
        ],
    )
    result = cbs_statline.read(path, None)
    assert [(q.line, q.rule, q.message, q.value) for q in result.quarantine] == [
        (2, "getal_ongeldig", "JongerenMetJeugdzorgInNatura is geen getal", "veel"),
        (3, "regiocode_ongeldig", "geen CBS-regiocode", "XX0001"),
        (4, "aantal_kolommen", "5 kolommen, de kopregel heeft er 8", None),
    ]
    assert result.rows_in == len(result.quarantine)


def test_without_a_year_in_the_name_the_file_is_rejected(tmp_path):
    path = _write(tmp_path, "kerncijfers.csv", [["GM0153    ", "Enschede", "Gemeente  ", "1", "1", "1", "1"]])
    with pytest.raises(FileRejected, match="jaar onbekend"):
        cbs_statline.read(path, None)


def test_the_shipped_kwb_figures_in_statline_form_load(tmp_path):
    with open(REFERENCE_DIR / "cbs" / "kwb_2024_gemeenten_wijken_85984NED.csv", encoding="utf-8") as fh:
        shipped = [r for r in csv.DictReader(fh) if r["gemeentecode"] == "GM0153"]
    rows = [
        [r["regiocode"].ljust(10), "Enschede", r["soort"].ljust(10), r["AantalInwoners_5"], ".", ".", "."]
        for r in shipped
    ]
    result = cbs_statline.read(_write(tmp_path, "85984NED_2024.csv", rows), None)
    inwoners = {
        r["regiocode"]: r["waarde"] for r in result.tables["cbs_kwb"].to_pylist() if r["variabele"] == "AantalInwoners"
    }
    assert inwoners["GM0153"] == 161738
    assert len(inwoners) == len(shipped) and not result.quarantine


def test_figures_that_cannot_be_true_are_quarantined_with_their_rule(tmp_path):
    """A hand-written broken export: each line breaks one rule; the first line is sound."""
    path = tmp_path / "kwb_2024.csv"
    path.write_text(
        "\r\n".join(
            [
                '"ID";"WijkenEnBuurten";"AantalInwoners_5";"PercentageJongerenMetJeugdzorg_99";'
                '"WmoClientenRelatief_101";"PersonenPerSoortUitkeringBijstand_104"',
                '0;"GM0153    ";161738;10.4;70.8;5430',
                '1;"GM0168    ";22800;104.5;61.0;400',
                '2;"GM0173    ";26300;-1;61.0;400',
                '3;"GM1774    ";35000;9.0;1200;400',
                '4;"GM0183    ";27000;9.0;61.0;-5',
                '5;"WK015300  ";28505;9.0;61.0;30000',
                '6;"WK015301  ";.;9.0;61.0;30000',  # without AantalInwoners the count has nothing to exceed
            ]
        )
        + "\r\n",
        encoding="utf-8-sig",
    )
    result = cbs_statline.read(path, None)
    assert [(q.file, q.line, q.rule) for q in result.quarantine] == [
        (str(path), 3, "percentage_buiten_0_100"),
        (str(path), 4, "percentage_buiten_0_100"),
        (str(path), 5, "per_1000_buiten_bereik"),
        (str(path), 6, "aantal_negatief"),
        (str(path), 7, "aantal_boven_inwoners"),
    ]
    messages = [q.message for q in result.quarantine]
    assert messages[0] == "PercentageJongerenMetJeugdzorg is een percentage, maar 104,5"
    assert messages[4] == (
        "PersonenPerSoortUitkeringBijstand (30.000) is meer dan het aantal inwoners (28.505) van de regio"
    )
    assert {r["regiocode"] for r in result.tables["cbs_kwb"].to_pylist()} == {"GM0153", "WK015301"}
    assert result.rows_in == result.rows_loaded + len(result.quarantine)
