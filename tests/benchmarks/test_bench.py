"""The benchmark runner's bookkeeping, the /proc RSS sampler and the pandas alternative's indicator logic.

Fast: no pipeline load. The speed figures themselves live in `make bench`, never in a test.
"""

import datetime as dt
import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from benchmarks import alternatief, bench, incrementeel, nieuwe_maand, onderdrukking
from benchmarks.laden import Lading, thuis
from benchmarks.meting import Meting, NietGedraaid
from benchmarks.rss import PiekRss, boom, boom_rss, rss
from benchmarks.voortgang import Voortgang

MB = 1_000_000


def _meting(nummer: int, ratio: float, gehaald: bool) -> Meting:
    return Meting(nummer, f"bench {nummer}", 12.345, "s", 1234.5, "ref | pipe", ratio, "<= 1.0", gehaald, "noot")


def test_table_shows_figures_goals_and_what_was_not_run():
    rijen = [
        _meting(5, 0.8, True),
        _meting(6, 2.5, False),
        _meting(8, float("nan"), True),
        NietGedraaid(1, "XML ingest", "not run: benchmarks/xml_ingest.py does not exist yet"),
    ]
    regels = bench.maak_tabel(rijen).splitlines()
    assert regels[0] == "| nr | name | figure | reference | ratio | goal | met? | note |"
    assert regels[2] == "| 5 | bench 5 | 12.3 s | 1,234 (ref / pipe) | 0.8 | <= 1.0 | yes | noot |"
    assert "| 2.5 | <= 1.0 | **no** |" in regels[3]
    assert "| – | <= 1.0 | n/a |" in regels[4]  # no ratio at this scale: not judged
    assert (
        regels[5]
        == "| 1 | XML ingest | – | – | – | – | not run | not run: benchmarks/xml_ingest.py does not exist yet |"
    )
    assert all(r.count("|") == 9 for r in regels)


def _sectie(scale: str, minuut: int, figuur: float) -> str:
    lading = Lading(Path("/x"), 61.25, 1_234_567, 1.5, {})
    tabel = bench.maak_tabel([Meting(5, "schaal", figuur, "s", 1.0, "ref", figuur, "<= 1.0", True)])
    return bench.maak_sectie(scale, tabel, lading, 0.5, dt.datetime(2026, 12, 6, 16, minuut, tzinfo=dt.UTC))


def test_results_are_appended_and_the_overview_holds_the_latest_table_per_scale(tmp_path: Path):
    resultaten = tmp_path / "results.md"
    bench.voeg_toe(resultaten, _sectie("gemeente", 1, 11.0))
    bench.voeg_toe(resultaten, _sectie("regio", 2, 22.0))
    bench.voeg_toe(resultaten, _sectie("gemeente", 3, 33.0))
    tekst = resultaten.read_text(encoding="utf-8")
    assert tekst.startswith("# Benchmark results\n")
    assert tekst.count("## gemeente, ") == 2 and tekst.count("## regio, ") == 1  # nothing lost
    assert "Full load: 61.2 s, 1,234,567 rows loaded, peak RSS 1.50 GB." in tekst
    assert "Versions: python " in tekst and "duckdb " in tekst and "Machine: " in tekst

    overzicht = bench.overzicht(tekst)
    gemeente = overzicht.split("## gemeente, ")[1].split("\n## ")[0]
    assert "2026-12-06 16:03 UTC" in gemeente and "| 33 s |" in gemeente and "| 11 s |" not in overzicht
    assert "Command: `make bench SCALE=gemeente`" in gemeente
    assert "## regio, 2026-12-06 16:02 UTC" in overzicht and "| 22 s |" in overzicht
    assert "## land\n\nNot run yet: `make bench SCALE=land`." in overzicht
    # Scales in a fixed order, whatever order the runs came in.
    assert overzicht.index("## gemeente") < overzicht.index("## regio") < overzicht.index("## land")


def test_getal_rounds_to_three_significant_digits():
    assert [bench.getal(x) for x in (0.012345, 1.5, 12.345, 1234.5, float("nan"))] == [
        "0.0123",
        "1.5",
        "12.3",
        "1,234",
        "–",
    ]


def test_suppression_share_from_run_results():
    run_results = {
        "elapsed_time": 50.0,
        "results": [
            {"unique_id": "model.stuurwiel.fct_indicator_publicatie", "execution_time": 7.5},
            {"unique_id": "model.stuurwiel.fct_indicator_values", "execution_time": 4.0},
            {"unique_id": "test.stuurwiel.not_null_fct_indicator_publicatie_waarde.abc", "execution_time": 1.0},
        ],
    }
    assert onderdrukking.aandeel(run_results) == (7.5, 50.0)
    with pytest.raises(RuntimeError, match="fct_indicator_publicatie"):
        onderdrukking.aandeel({"elapsed_time": 1.0, "results": run_results["results"][1:]})


# A child that allocates 120 MB and starts a grandchild that allocates 80 MB; both touch every page.
KIND = """
import subprocess, sys
code = "import sys; b = b'x' * 80_000_000; print('ok', flush=True); sys.stdin.read()"
kleinkind = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
kleinkind.stdout.readline()
a = b'y' * 120_000_000
print('ok', flush=True)
sys.stdin.read()
kleinkind.stdin.close()
kleinkind.wait()
"""


def test_rss_of_a_process_tree_sums_children_and_grandchildren():
    kind = subprocess.Popen([sys.executable, "-c", KIND], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert kind.stdout.readline().strip() == "ok"
        assert len(boom(kind.pid)) == 2
        # 200 MB allocated plus two interpreters (about 10 MB each).
        assert 200 * MB <= boom_rss(kind.pid) <= 260 * MB
        with PiekRss(interval=0.05) as piek:  # this process's tree includes the child and grandchild
            pass
        assert piek.piek >= rss(os.getpid()) + 200 * MB
    finally:
        kind.stdin.close()
        kind.wait()
    assert boom_rss(kind.pid) == 0  # gone


def test_rss_peak_is_kept_after_the_memory_is_freed():
    with PiekRss(interval=0.02) as piek:
        kind = subprocess.run(
            [sys.executable, "-c", "import time; b = b'x' * 150_000_000; time.sleep(0.5)"], check=True
        )
    assert kind.returncode == 0
    assert piek.piek >= 150 * MB


# The tiny input: GM0001 jeugd (clients c1, c2, c3) and GM0002 wmo (c4, c5), toewijzingen T1-T8, see each test.
def _bericht(code: str, wet: str, gemeente: str, aanbieder: str, dag: str, clients: dict[str, list[dict]]) -> str:
    prefix = f"{'jw' if wet == 'jeugd' else 'wmo'}{code}"
    ns = f"http://www.istandaarden.nl/{'ijw' if wet == 'jeugd' else 'iwmo'}/3_2/{prefix}/schema"
    basis = f"http://www.istandaarden.nl/{'ijw' if wet == 'jeugd' else 'iwmo'}/3_2/basisschema/schema"
    van, naar = (gemeente, aanbieder) if code == "301" else (aanbieder, gemeente)
    groep, product = {
        "301": ("ToegewezenProducten", "ToegewezenProduct"),
        "305": ("StartProducten", "StartProduct"),
        "307": ("StopProducten", "StopProduct"),
    }[code]
    xml = [
        f'<p:Bericht xmlns:p="{ns}" xmlns:b="{basis}"><p:Header><p:Afzender>{van}</p:Afzender>'
        f"<p:Ontvanger>{naar}</p:Ontvanger><p:BerichtIdentificatie><b:Identificatie>1</b:Identificatie>"
        f"<b:Dagtekening>{dag}</b:Dagtekening></p:BerichtIdentificatie></p:Header>"
    ]
    for bsn, producten in clients.items():
        xml.append(f"<p:Client><p:Bsn>{bsn}</p:Bsn><p:{groep}>")
        for p in producten:
            velden = "".join(
                f"<p:Product><b:Categorie>{v[:2]}</b:Categorie><b:Code>{v}</b:Code></p:Product>"
                if k == "Product"
                else f"<p:{k}>{v}</p:{k}>"
                for k, v in p.items()
            )
            xml.append(f"<p:{product}>{velden}</p:{product}>")
        xml.append(f"</p:{groep}></p:Client>")
    xml.append("</p:Bericht>")
    return "".join(xml)


def _toewijzing(nummer: str, product: str, ingang: str, einde: str, datum: str, **extra) -> dict:
    return {
        "ToewijzingNummer": nummer,
        "Product": product,
        "Toewijzingsdatum": datum,
        "Toewijzingstijd": "10:00:00",
        "Ingangsdatum": ingang,
        "Einddatum": einde,
        **extra,
    }


def _start(nummer: str, product: str, begin: str, status: str = "1") -> dict:
    return {"ToewijzingNummer": nummer, "Product": product, "Begindatum": begin, "StatusAanlevering": status}


def _stop(nummer: str, product: str, begin: str, einde: str, reden: str) -> dict:
    return {
        "ToewijzingNummer": nummer,
        "Product": product,
        "Begindatum": begin,
        "RedenBeeindiging": reden,
        "Einddatum": einde,
        "StatusAanlevering": "1",
    }


@pytest.fixture(scope="module")
def bronnen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("alternatief")
    jeugd, wmo = "0001", "0002"
    berichten = {
        # T1's first version started a month earlier: the later Toewijzingsdatum wins. T6 was withdrawn (13).
        "jw301_1.xml": _bericht(
            "301",
            "jeugd",
            jeugd,
            "A1",
            "2023-11-20",
            {"c1": [_toewijzing("T1", "45A01", "2023-12-01", "2024-12-31", "2023-11-20")]},
        ),
        "jw301_2.xml": _bericht(
            "301",
            "jeugd",
            jeugd,
            "A1",
            "2024-02-01",
            {
                "c1": [_toewijzing("T1", "45A01", "2024-01-01", "2024-12-31", "2023-12-20")],
                "c2": [
                    _toewijzing("T2", "45A01", "2024-02-01", "2024-12-31", "2024-01-25"),
                    _toewijzing("T6", "45A01", "2024-02-01", "2024-12-31", "2024-01-26", RedenWijziging="13"),
                ],
            },
        ),
        "jw301_3.xml": _bericht(
            "301",
            "jeugd",
            jeugd,
            "A1",
            "2024-06-20",
            {
                "c2": [_toewijzing("T3", "45A01", "2024-07-01", "2025-06-30", "2024-06-20")],
                "c3": [_toewijzing("T4", "45A01", "2023-06-01", "2023-12-31", "2023-05-20")],
            },
        ),
        "jw305_1.xml": _bericht(
            "305",
            "jeugd",
            jeugd,
            "A1",
            "2024-08-02",
            {
                "c1": [_start("T1", "45A01", "2024-01-11")],  # waited 10 days
                "c2": [
                    _start("T2", "45A01", "2024-02-21"),
                    _start("T3", "45A01", "2024-08-01"),  # 20 and 31 days
                    _start("T6", "45A01", "2024-02-05"),
                    _start("T2", "45A01", "2024-02-25", status="3"),
                ],
                "c3": [_start("T4", "45A01", "2023-06-01")],
            },
        ),  # 0 days, ended (its toewijzing) in 2023
        "jw307_1.xml": _bericht(
            "307",
            "jeugd",
            jeugd,
            "A1",
            "2024-06-01",
            {
                "c1": [_stop("T1", "45A01", "2024-01-11", "2024-03-31", "31")],  # volgens plan, no new start
                "c2": [_stop("T2", "45A01", "2024-02-21", "2024-05-31", "32")],
            },
        ),  # uitval, new start 2 months later
        "wmo301_1.xml": _bericht(
            "301",
            "wmo",
            wmo,
            "A2",
            "2024-02-15",
            {"c4": [_toewijzing("T5", "02A01", "2024-03-01", "2025-02-28", "2024-02-15")]},
        ),
        "wmo305_1.xml": _bericht(
            "305",
            "wmo",
            wmo,
            "A2",
            "2025-09-05",
            {
                "c4": [_start("T5", "02A01", "2024-02-20")],  # before the Ingangsdatum: 0 days
                "c5": [_start("T7", "02A01", "2025-09-01")],
            },
        ),  # the latest start message: data end 2025-09-05
        "wmo307_1.xml": _bericht(
            "307", "wmo", wmo, "A2", "2024-11-01", {"c4": [_stop("T5", "02A01", "2024-02-20", "2024-10-31", "19")]}
        ),  # volgens plan
    }
    with zipfile.ZipFile(root / "berichten.zip", "w") as z:
        for naam, xml in berichten.items():
            z.writestr(naam, xml)
    (root / "jw323_1.xml").write_text("<niet-gelezen/>")  # declarations are not read
    grootboek = root / "grootboek"
    grootboek.mkdir()
    (grootboek / "grootboek_2024.csv").write_bytes(
        "Boekjaar;Boekdatum;Gemeentecode;Taakveld;Categorie;Kostenplaats;Crediteurnummer;Crediteurnaam;Omschrijving;Bedrag\r\n"
        "2024;01-03-2024;0001;6.72;4.3.8;J;1;A1;Zorg €;600,50\r\n"
        "2024;01-04-2024;0001;6.72a;4.3.8;J;1;A1;Zorg;399,50\r\n"
        "2024;01-04-2024;0001;6.1;4.3.8;J;1;A1;Geen wet;5000,00\r\n"
        "2024;01-05-2024;0002;6.71;4.3.8;W;2;A2;Zorg;300,00\r\n".encode("cp1252")
    )
    return root


@pytest.fixture(scope="module")
def uitkomst(bronnen: Path):
    tabel = alternatief.bereken(bronnen)
    return {(r.indicator, r.gemeentecode, r.jaar): r.waarde for r in tabel.itertuples()}


def test_messages_are_read_per_product_with_their_header(bronnen: Path):
    berichten = alternatief.lees_berichten(bronnen)
    assert {k: len(v) for k, v in berichten.items()} == {"301": 7, "305": 8, "307": 3}
    c2 = berichten["301"][berichten["301"]["bsn"] == "c2"]
    assert set(c2["toewijzingnummer"]) == {"T2", "T3", "T6"}
    assert set(c2["gemeentecode"]) == {"GM0001"} and set(c2["aanbieder"]) == {"A1"} and set(c2["wet"]) == {"jeugd"}
    stop = berichten["307"].set_index("toewijzingnummer").loc["T5"]
    assert (stop["gemeentecode"], stop["aanbieder"], stop["wet"], stop["reden"]) == ("GM0002", "A2", "wmo", "19")


def test_clients_are_unique_per_year_with_care(uitkomst):
    # 2024: c1 and c2 (c3's care ended with its toewijzing in 2023), and c4; in 2023 only c3 had care.
    assert uitkomst["clienten", "GM0001", 2024] == 2
    assert uitkomst["clienten", "GM0002", 2024] == 1
    assert uitkomst["clienten", "REGIO", 2024] == 3
    assert uitkomst["clienten", "GM0001", 2023] == 1  # c3 only


def test_wait_median_uses_the_latest_toewijzing_version_and_clips_negative_waits(uitkomst):
    assert uitkomst["wachttijd_mediaan", "GM0001", 2024] == 20  # 10, 20, 31 (T6 withdrawn, T2's deletion dropped)
    assert uitkomst["wachttijd_mediaan", "GM0002", 2024] == 0
    assert uitkomst["wachttijd_mediaan", "REGIO", 2024] == 15  # 0, 10, 20, 31


def test_volgens_plan_and_no_new_start(uitkomst):
    assert uitkomst["beeindigd_volgens_plan", "GM0001", 2024] == 50
    assert uitkomst["beeindigd_volgens_plan", "GM0002", 2024] == 100
    assert math.isclose(uitkomst["beeindigd_volgens_plan", "REGIO", 2024], 200 / 3)
    # c1 did not start again, c2 did within 6 months; wmo care is not jeugdhulp.
    assert uitkomst["geen_nieuwe_start_6m", "GM0001", 2024] == 50
    assert uitkomst["geen_nieuwe_start_6m", "REGIO", 2024] == 50
    assert ("geen_nieuwe_start_6m", "GM0002", 2024) not in uitkomst


def test_no_new_start_waits_for_six_months_of_data(bronnen: Path):
    berichten = alternatief.lees_berichten(bronnen)
    z = alternatief.zorg(berichten["301"], berichten["305"], berichten["307"])
    assert alternatief.geen_nieuwe_start(z, pd.Timestamp("2025-06-29")).empty
    assert len(alternatief.geen_nieuwe_start(z, pd.Timestamp("2025-06-30"))) == 2  # GM0001 and REGIO, 2024


def test_cost_per_client_from_the_ledger_taakvelden_of_a_wet(uitkomst):
    assert uitkomst["kosten_per_client", "GM0001", 2024] == pytest.approx(1000.0 / 2)  # 6.1 is no wet's taakveld
    assert uitkomst["kosten_per_client", "GM0002", 2024] == pytest.approx(300.0)
    assert uitkomst["kosten_per_client", "REGIO", 2024] == pytest.approx(1300.0 / 3)


def test_new_month_holds_back_the_last_month_and_its_years_ledger(tmp_path: Path):
    for maand in ("2025-11", "2025-12"):
        (tmp_path / "berichten" / maand).mkdir(parents=True)
    (tmp_path / "grootboek").mkdir()
    for jaar in (2024, 2025):
        (tmp_path / "grootboek" / f"grootboek_{jaar}.csv").write_text("x")
    (tmp_path / "zaaksysteem").mkdir()
    (tmp_path / ".compleet").write_text("x")

    eerst, maand = nieuwe_maand.splits(tmp_path, "2025-12")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in eerst) == [
        "berichten/2025-11",
        "grootboek/grootboek_2024.csv",
        "zaaksysteem",
    ]
    assert [p.relative_to(tmp_path).as_posix() for p in maand] == ["berichten/2025-12", "grootboek/grootboek_2025.csv"]


def test_an_interrupted_run_resumes_with_what_it_recorded_and_measures_only_the_rest(tmp_path: Path):
    werkmap = tmp_path / "werk-land"
    eerste = Voortgang.begin(werkmap, "land", "abc123")
    home = werkmap / "ref-regio" / "home"
    lading = eerste.lading("regio", home, lambda: Lading(home, 12.5, 1000, 0.5, {"dbt_modellen": 3.0}))
    assert eerste.metingen("xml_ingest", lambda: [_meting(1, 1.2, False)]) == [_meting(1, 1.2, False)]
    niet = NietGedraaid(2, "CSV ingest", "not run: boom")
    assert eerste.metingen("csv_ingest", lambda: [niet]) == [niet]
    # Killed in the middle of the next load: its home is half written.
    (werkmap / "home" / "data").mkdir(parents=True)
    (werkmap / "home" / "data" / "warehouse.duckdb").write_bytes(b"half")

    tweede = Voortgang.begin(werkmap, "land", "abc123")
    assert tweede.delen == 2 and tweede.belasting == eerste.belasting
    assert tweede.lading("regio", home, lambda: pytest.fail("a recorded load ran again")) == lading
    assert tweede.metingen("xml_ingest", lambda: pytest.fail("a recorded benchmark ran again")) == [
        _meting(1, 1.2, False)
    ]
    assert tweede.metingen("csv_ingest", lambda: [_meting(2, 0.4, True)]) == [_meting(2, 0.4, True)]  # tried again

    def laad_hoofd() -> Lading:
        assert not (werkmap / "home").exists(), "loaded on top of an interrupted load"
        return Lading(werkmap / "home", 99.0, 5000, 2.0, {})

    assert tweede.lading("land", werkmap / "home", laad_hoofd).seconden == 99.0
    assert Voortgang.begin(werkmap, "land", "abc123").delen == 3


@pytest.mark.parametrize(
    "scale, code, opnieuw",
    [("regio", "abc123", False), ("land", "def456", False), ("land", "abc123-dirty", False), ("land", "abc123", True)],
)
def test_another_scale_commit_dirty_checkout_or_opnieuw_starts_over(tmp_path: Path, scale, code, opnieuw):
    werkmap = tmp_path / "werk"
    Voortgang.begin(werkmap, "land", "abc123").lading("regio", werkmap / "h", lambda: Lading(werkmap, 1, 1, 1, {}))
    (werkmap / "oud").mkdir()
    nieuw = Voortgang.begin(werkmap, scale, code, opnieuw=opnieuw)
    assert nieuw.delen == 1 and not (werkmap / "oud").exists()
    assert nieuw.lading("regio", werkmap / "h", lambda: Lading(werkmap, 7, 1, 1, {})).seconden == 7


def test_a_benchmark_that_loads_into_the_home_is_not_measured_again_after_an_interruption(tmp_path: Path):
    werkmap = tmp_path / "werk"
    onderbroken = NietGedraaid(6, "Incremental: corrected file", "not run: interrupted")
    eerste = Voortgang.begin(werkmap, "regio", "abc123")
    with pytest.raises(KeyboardInterrupt):  # killed while it loads its corrections into the home
        eerste.metingen("incrementeel", lambda: (_ for _ in ()).throw(KeyboardInterrupt()), onderbroken)
    tweede = Voortgang.begin(werkmap, "regio", "abc123")
    assert tweede.metingen("incrementeel", lambda: pytest.fail("measured on a changed home"), onderbroken) == [
        onderbroken
    ]
    # One that does not change the home is simply measured again.
    with pytest.raises(KeyboardInterrupt):
        tweede.metingen("xml_ingest", lambda: (_ for _ in ()).throw(KeyboardInterrupt()))
    derde = Voortgang.begin(werkmap, "regio", "abc123")
    assert derde.metingen("xml_ingest", lambda: [_meting(1, 2.0, True)]) == [_meting(1, 2.0, True)]


def test_land_runs_the_cheap_benchmarks_first_and_the_table_keeps_the_issues_order():
    volgorde = [module for _, module, _ in bench.uitvoervolgorde("land")]
    assert sorted(volgorde) == sorted(module for _, module, _ in bench.BENCHMARKS)
    assert volgorde[:2] == ["schaal", "onderdrukking"] and volgorde[-1] == "nieuwe_maand"
    assert bench.uitvoervolgorde("regio") == list(bench.BENCHMARKS)


def test_a_stopped_run_writes_what_it_measured_and_a_line_for_each_of_the_rest(tmp_path: Path, monkeypatch):
    gedraaid = []

    def meet(nummer, module, naam, ctx):
        gedraaid.append(module)
        if module == "xml_ingest":  # SIGTERM at the end of a working session, in the fourth benchmark at land
            raise bench.Gestopt
        return [_meting(nummer, 1.0, True)]

    monkeypatch.setattr(bench, "_meet", meet)
    ctx = bench.BenchContext("land", tmp_path, tmp_path)
    rijen = bench.meet_alles(ctx, Voortgang.begin(tmp_path / "werk", "land", "abc123"))
    assert gedraaid == ["schaal", "onderdrukking", "dashboard", "xml_ingest"]
    assert [r.nummer for r in rijen] == [1, 2, 3, 4, 5, 6, 6, 7, 8]  # the issue's order
    niet = {r.naam: r.reden for r in rijen if isinstance(r, NietGedraaid)}
    assert niet["XML ingest"].startswith("not run: the run was stopped while it was being measured")
    assert niet["Transform"].startswith("not run: the run was stopped before it started")
    assert len(niet) == 6 and sum(isinstance(r, Meting) for r in rijen) == 3


def test_at_land_the_corrected_files_go_into_the_regio_reference_home(tmp_path: Path):
    regio = tmp_path / "regio-seed42"
    gemeten = {"pijplijn_s": 3600.0, "regio_pijplijn_s": 240.0}
    land = bench.BenchContext("land", tmp_path / "land-seed42", tmp_path / "werk", 42, gemeten, {"regio": regio})
    doel = incrementeel._doel(land)
    assert (doel.home, doel.bronnen, doel.volledig_s) == (tmp_path / "werk" / "ref-regio" / "home", regio, 240.0)
    eigen = incrementeel._doel(bench.BenchContext("regio", regio, tmp_path / "werk", 42, {"pijplijn_s": 240.0}))
    assert (eigen.home, eigen.bronnen, eigen.volledig_s) == (tmp_path / "werk" / "home", regio, 240.0)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


def test_a_committed_or_written_results_table_keeps_the_code_version_so_a_stopped_run_resumes(tmp_path: Path):
    repo = tmp_path / "repo"
    (repo / "benchmarks").mkdir(parents=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    (repo / "pipeline.py").write_text("x = 1\n")
    (repo / "benchmarks" / "results.md").write_text("# Benchmark results\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "code")
    code = _git(repo, "rev-parse", "--short", "HEAD")
    assert bench.code_versie(repo) == code

    (repo / "benchmarks" / "results.md").write_text("# Benchmark results\n\n## land (stopped)\n")
    (repo / "BENCHMARKS.md").write_text("# Benchmarks\n")
    assert bench.code_versie(repo) == code, "the runner's own table, not yet committed"
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "partial land table")
    assert bench.code_versie(repo) == code, "the table committed"

    (repo / "pipeline.py").write_text("x = 2\n")
    assert bench.code_versie(repo) == code + "-dirty"
    _git(repo, "commit", "-qam", "faster")
    assert bench.code_versie(repo) not in (code, code + "-dirty")


def test_the_direct_transform_runs_in_dependency_order_and_names_a_failing_node(tmp_path):
    """Benchmark 3's reference: each node's compiled SQL in dependency order; a failure says which node."""
    from benchmarks import transform

    def node(uid, materialized, *deps):
        soort = "test" if uid.startswith("test.") else "model"
        return {"resource_type": soort, "config": {"materialized": materialized}, "depends_on": {"nodes": list(deps)}}

    manifest = {
        "nodes": {
            "model.p.b": node("model.p.b", "table", "model.p.a"),
            "model.p.a": node("model.p.a", "view"),
            "test.p.t": node("test.p.t", "test", "model.p.b"),
        }
    }
    results = [
        {"unique_id": "test.p.t", "compiled_code": "select * from b where n > 1", "relation_name": None},
        {"unique_id": "model.p.b", "compiled_code": "select n + 1 as n from a", "relation_name": "b"},
        {"unique_id": "model.p.a", "compiled_code": "select 1 as n", "relation_name": "a"},
    ]
    pad = tmp_path / "warehouse.duckdb"
    _, knopen = transform._direct(pad, results, manifest)
    assert knopen == 3
    with duckdb.connect(str(pad), read_only=True) as con:
        assert con.execute("select n from b").fetchall() == [(2,)]
    results[1]["compiled_code"] = "select n + 1 as n from niet_bestaand"
    with pytest.raises(RuntimeError, match="direct run of model.p.b failed"):
        transform._direct(pad, results, manifest)


def test_a_relative_home_is_made_absolute_for_dbt_which_runs_in_its_project_folder(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with thuis(Path("werk") / "home") as home:
        assert os.environ["STUURWIEL_HOME"] == str(tmp_path / "werk" / "home")
        assert home.is_absolute()
