"""A delivery about a gemeente outside the configured region (the home's stuurwiel.toml, or STUURWIEL_REGIO) is
quarantined with its reason and reported, never loaded: a gemeente with rows in raw would become one of the
region's gemeenten."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import cli, ingest, regio, run
from pipelines.archief import Archief
from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import RAW_SCHEMAS
from pipelines.warehouse import Warehouse
from tests.pipelines.sources.berichten_files import example

# The demo region the last test loads (tests/conftest.py: the ``out`` fixture).
GEMEENTEN = ["GM0153", "GM0168"]
SEED = 5
SAMPLE = 0.02

PSEUDONYMISER = Pseudonymiser(b"r" * 32)
REGIO = "GM0153, 0168"
GROOTBOEK = (
    "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;Crediteurnummer;Crediteurnaam;"
    "Omschrijving;Bedrag\n"
    "2024;15-03-2024;0153;6.71b;3.4.1;KP1;C1;Zorg BV;Enschede;100,00\n"
    "2024;15-03-2024;0154;6.71b;3.4.1;KP1;C1;Zorg BV;typefout;200,00\n"  # 0154 is no gemeente of the region
    "2024;15-03-2024;GM0168;6.71b;3.4.1;KP1;C1;Zorg BV;Losser;300,00\n"
)
# CBS benchmark figures of the whole country: no gemeentecode column, never restricted to the region.
KWB = '"WijkenEnBuurten";"AantalInwoners_5"\n"GM0153    ";160000\n"GM0363    ";930000\n'


@pytest.fixture
def store(tmp_path) -> Warehouse:
    warehouse = Warehouse(tmp_path / "warehouse.duckdb")
    warehouse.ensure_schema()
    return warehouse


def _ingest(store: Warehouse, tmp_path: Path, source: str, *paths: Path) -> list[ingest.FileOutcome]:
    with store.connect() as con:
        archief = Archief(tmp_path / "archive", b"a" * 32)
        return list(ingest.ingest_files(con, source, list(paths), PSEUDONYMISER, "run-regio", archief))


@pytest.fixture
def thuis(tmp_path, monkeypatch) -> Path:
    """A home of its own whose stuurwiel.toml is the region's only setting (tests/conftest.py points
    STUURWIEL_CONFIG away from the project's home)."""
    monkeypatch.setenv("STUURWIEL_HOME", str(tmp_path))
    monkeypatch.delenv("STUURWIEL_CONFIG", raising=False)
    monkeypatch.delenv(regio.ENV, raising=False)
    return tmp_path


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _gemeenten_in_raw(store: Warehouse) -> set[str]:
    """Every gemeentecode in every raw table that has one: what int_gemeenten could make a gemeente of."""
    found: set[str] = set()
    with store.connect(read_only=True) as con:
        for table, schema in RAW_SCHEMAS.items():
            if "gemeentecode" in schema.names:
                found |= {code for (code,) in con.execute(f"select distinct gemeentecode from raw.{table}").fetchall()}
    return found


def test_the_region_is_read_from_its_setting(monkeypatch):
    monkeypatch.delenv(regio.ENV, raising=False)
    assert regio.gemeenten() is None
    monkeypatch.setenv(regio.ENV, " GM0153,0168 gm1774;")
    assert regio.gemeenten() == {"GM0153", "GM0168", "GM1774"}
    monkeypatch.setenv(regio.ENV, "GM0153,Enschede")
    with pytest.raises(regio.RegioOngeldig, match="'Enschede' is geen CBS-gemeentecode"):
        regio.gemeenten()


def test_a_ledger_line_of_another_gemeente_is_quarantined_and_reported(store, tmp_path, monkeypatch):
    monkeypatch.setenv(regio.ENV, REGIO)
    [outcome] = _ingest(store, tmp_path, "grootboek", _write(tmp_path, "grootboek_2024.csv", GROOTBOEK.encode()))
    assert (outcome.status, outcome.rows_in, outcome.rows_loaded, outcome.rows_quarantined) == (
        "partially_loaded",
        3,
        2,
        1,
    )
    assert outcome.errors == [
        {
            "regelnummer": 3,
            "controle": "gemeente_buiten_regio",
            "melding": "Gemeente GM0154 hoort niet bij de ingestelde regio",
        }
    ]
    with store.connect(read_only=True) as con:
        quarantined = con.execute("select regelnummer, controle, waarde from meta.quarantaine").fetchall()
    assert quarantined == [(3, "gemeente_buiten_regio", "GM0154")]
    assert _gemeenten_in_raw(store) == {"GM0153", "GM0168"}


def test_a_message_meant_for_another_gemeente_is_quarantined_whole(store, tmp_path, monkeypatch):
    """The reference 301 is Amsterdam's (Afzender 0384 ... every product of it is about that gemeente)."""
    monkeypatch.setenv(regio.ENV, REGIO)
    message = _write(tmp_path, "jw301.xml", example("JW301"))
    ours = _write(tmp_path, "jw301_ons.xml", example("JW301").replace(b"Afzender>0384<", b"Afzender>0153<"))
    theirs, own = _ingest(store, tmp_path, "berichten", message, ours)
    assert theirs.rows_loaded == 0 and theirs.rows_quarantined == theirs.rows_in > 0
    assert {e["controle"] for e in theirs.errors} == {"gemeente_buiten_regio"}
    assert own.status == "loaded" and own.rows_loaded == theirs.rows_in
    assert _gemeenten_in_raw(store) == {"GM0153"}


def test_without_a_configured_region_every_gemeente_loads(store, tmp_path, monkeypatch):
    """A national warehouse (the land demo: many regions' deliveries in one load) sets no region."""
    monkeypatch.delenv(regio.ENV, raising=False)
    [outcome] = _ingest(store, tmp_path, "grootboek", _write(tmp_path, "grootboek_2024.csv", GROOTBOEK.encode()))
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 3)


def test_national_benchmarks_are_not_restricted_to_the_region(store, tmp_path, monkeypatch):
    monkeypatch.setenv(regio.ENV, REGIO)
    [outcome] = _ingest(store, tmp_path, "cbs_kwb", _write(tmp_path, "kwb_2024.csv", KWB.encode()))
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 2)


def test_a_misconfigured_region_stops_the_load_before_anything_is_read(store, tmp_path, monkeypatch):
    monkeypatch.setenv(regio.ENV, "Twente")
    with pytest.raises(regio.RegioOngeldig):
        _ingest(store, tmp_path, "grootboek", _write(tmp_path, "grootboek_2024.csv", GROOTBOEK.encode()))
    with store.connect(read_only=True) as con:
        assert con.execute("select count(*) from meta.loads").fetchone()[0] == 0


def test_the_demo_region_loads_whole_with_its_region_configured(out, monkeypatch):
    """Every row the generated demo region's readers return lies inside the region (a month of messages and
    every CSV source): configuring the region costs the demo nothing."""
    monkeypatch.setenv(regio.ENV, ",".join(GEMEENTEN))
    region = regio.gemeenten()
    files = [*out.glob("berichten/2024-06/*.zip"), *(p for p in out.rglob("*.csv"))]
    assert len(files) > 20
    for path in files:
        source = ingest.detect_source(path)
        result = ingest.SOURCES[source].read(path, PSEUDONYMISER)
        kept = regio.alleen_regio(result, region)
        assert [q for q in kept.quarantine if q.rule == regio.RULE] == [], path
        assert kept.rows_loaded == result.rows_loaded, path


def test_a_home_with_its_region_file_quarantines_another_gemeente_without_the_setting(store, thuis):
    (thuis / "stuurwiel.toml").write_text('[regio]\ngemeenten = ["GM0153", "0168"]\n', encoding="utf-8")
    [outcome] = _ingest(store, thuis, "grootboek", _write(thuis, "grootboek_2024.csv", GROOTBOEK.encode()))
    assert (outcome.rows_loaded, [e["controle"] for e in outcome.errors]) == (2, ["gemeente_buiten_regio"])
    assert _gemeenten_in_raw(store) == {"GM0153", "GM0168"}


def test_the_setting_overrides_the_homes_region_file(store, thuis, monkeypatch):
    (thuis / "stuurwiel.toml").write_text('[regio]\ngemeenten = ["GM0153", "GM0168"]\n', encoding="utf-8")
    monkeypatch.setenv(regio.ENV, "GM0153 GM0154")
    [outcome] = _ingest(store, thuis, "grootboek", _write(thuis, "grootboek_2024.csv", GROOTBOEK.encode()))
    assert [e["melding"] for e in outcome.errors] == ["Gemeente GM0168 hoort niet bij de ingestelde regio"]
    assert _gemeenten_in_raw(store) == {"GM0153", "GM0154"}


@pytest.mark.parametrize(
    "inhoud",
    [
        '[regio]\ngemeenten = ["GM0153", "GM0168"',  # not TOML: the list is never closed
        '[regio]\ngemeenten = "GM0153, GM0168"\n',  # a string, not a list
        "[regio]\ngemeenten = []\n",  # a region of nobody would quarantine every delivery
        '[regio]\ngemeenten = ["GM0153", "Losser"]\n',
        '[regio]\ngemeente = ["GM0153"]\n',  # a misspelt key would otherwise let every gemeente in
        'regio = "GM0153"\n',
        b"[regio]\ngemeenten = ['GM0153']\n# \xff\n",  # not UTF-8
    ],
)
def test_a_broken_region_file_is_a_clear_error_naming_the_file(thuis, inhoud):
    pad = thuis / "stuurwiel.toml"
    pad.write_bytes(inhoud if isinstance(inhoud, bytes) else inhoud.encode())
    with pytest.raises(regio.RegioOngeldig) as fout:
        regio.gemeenten()
    assert str(pad) in str(fout.value)


def test_a_load_with_a_broken_region_file_stops_before_reading(thuis, capsys):
    (thuis / "stuurwiel.toml").write_text("[regio]\ngemeenten = [GM0153]\n", encoding="utf-8")
    levering = _write(thuis, "grootboek_2024.csv", GROOTBOEK.encode())
    assert cli.main(["load", str(levering)]) == 2
    assert f"stuurwiel load: {thuis / 'stuurwiel.toml'}: onleesbaar" in capsys.readouterr().err
    assert not (thuis / "data" / "warehouse.duckdb").exists()


def test_a_load_without_a_region_says_so_once_and_with_one_not_at_all(thuis, monkeypatch):
    """The warning is said before the load runs; the run itself is not what this test is about."""
    monkeypatch.setattr(run, "_run", lambda *args: None)
    gezegd: list[str] = []
    run.load([_write(thuis, "grootboek_2024.csv", GROOTBOEK.encode())], progress=gezegd.append)
    assert [m for m in gezegd if "geen regio ingesteld" in m] == [
        f"Let op: geen regio ingesteld ({thuis / 'stuurwiel.toml'} of STUURWIEL_REGIO): leveringen over elke "
        "gemeente worden geladen. Zet de gemeentecodes van de regio in dat bestand (docs/deployment.md, 'The region')."
    ]
    regio.schrijf(thuis / "stuurwiel.toml", ["GM0153"], "test")
    gezegd.clear()
    run.load([thuis / "grootboek_2024.csv"], progress=gezegd.append)
    assert gezegd and not [m for m in gezegd if "regio" in m.lower()]


def test_the_demo_home_carries_the_region_it_generates(thuis, monkeypatch):
    """`stuurwiel demo` configures the generated gemeenten before it loads; the land demo configures none, and
    a region the operator set is never replaced."""
    import demo

    geladen_met: list[frozenset[str] | None] = []

    def laad(paths, progress=None):
        geladen_met.append(regio.gemeenten())
        return run.LoadReport(files=[], published=False, snapshot_version=None, seconds=0.0)

    monkeypatch.setattr(run, "load", laad)
    monkeypatch.setattr(cli, "_demo_users", lambda: None)
    for scale in ("regio", "land"):
        klaar = thuis / "data" / "demo" / f"{scale}-seed42"  # generated already: the demo reuses it
        klaar.mkdir(parents=True)
        (klaar / ".compleet").write_text(cli._demo_versie(), encoding="utf-8")
    assert cli.main(["demo", "--scale", "land", "--no-serve"]) == 0
    assert geladen_met == [None] and not (thuis / "stuurwiel.toml").exists()
    assert cli.main(["demo", "--scale", "regio", "--no-serve"]) == 0
    assert geladen_met[-1] == frozenset(demo.SCALES["regio"]) and len(demo.SCALES["regio"]) == 7
    assert regio.naam() == "Demoregio Oost-Nederland"
    (thuis / "stuurwiel.toml").write_text('[regio]\ngemeenten = ["GM0153"]\n', encoding="utf-8")
    assert cli.main(["demo", "--scale", "regio", "--no-serve"]) == 0
    assert geladen_met[-1] == {"GM0153"}
