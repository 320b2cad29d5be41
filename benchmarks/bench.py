"""`make bench SCALE=gemeente|regio|land`: the benchmarks of issue 14 in one run, each against a reference
measured in the same run.

    .venv/bin/python -m benchmarks.bench --scale regio [--data data/bench] [--werkmap DIR]

1. Sources: ``stuurwiel generate --scale S --seed 42`` into ``<data>/<scale>-seed42/``, reused while its marker
   holds the fingerprint of the generator that wrote it (land is tens of GB; a changed generator regenerates).
2. The full load: the real pipeline (``pipelines.run.load``) into ``<werkmap>/home`` with DAGSTER_HOME inside it,
   timed, with the peak RSS of this process and all its children (benchmarks/rss.py). At land scale the regio and
   gemeente sources are loaded first into ``<werkmap>/ref-<scale>/home``: the references of benchmarks 5 and 8.
   The Dagster definitions are imported before any load is timed, so every load is timed alike.
3. Each benchmark module's ``meet(ctx)`` (benchmarks/meting.py) in the order of the issue, at land cheapest first.
   A module that does not exist yet, or fails, is a line of the table saying so: never a figure that was not
   measured. SIGTERM or Ctrl-C during the benchmarks still writes the table, the rest as lines saying so.
4. The table is printed and appended, with machine, versions and date, to benchmarks/results.md; BENCHMARKS.md
   at the project root is rewritten from it with the latest table per scale.

What ``ctx.gemeten`` holds for the benchmarks: ``pijplijn_s``, ``rijen_geladen``, ``piek_rss_gb`` of this scale's
full load, ``dbt_s`` (its dbt step) when the load reports it, and at land the same keys prefixed ``regio_`` and
``gemeente_`` for the reference loads. ``<werkmap>/run_results-volledig.json`` is dbt's run_results.json of the
full load, copied before any benchmark loads again (benchmark 7 reads it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import importlib
import math
import os
import platform
import shutil
import signal
import subprocess
import sys
import traceback
from importlib import metadata
from pathlib import Path

from benchmarks.laden import Lading, laad, thuis
from benchmarks.meting import BenchContext, Meting, NietGedraaid, referentie_home
from benchmarks.voortgang import Voortgang

PROJECT_ROOT = Path(__file__).resolve().parents[1]

SEED = 42
SCHALEN = ("gemeente", "regio", "land")
RESULTATEN = PROJECT_ROOT / "benchmarks" / "results.md"
OVERZICHT = PROJECT_ROOT / "BENCHMARKS.md"
RUN_RESULTS = "run_results-volledig.json"
# (number in issue 14, module under benchmarks/, name in the table when the module is missing or fails)
BENCHMARKS = (
    (1, "xml_ingest", "XML ingest"),
    (2, "csv_ingest", "CSV ingest"),
    (3, "transform", "Transform"),
    (4, "alternatief", "The alternative (pandas)"),
    (5, "schaal", "Scaling"),
    (6, "nieuwe_maand", "Incremental: new month"),
    (6, "incrementeel", "Incremental: corrected file"),
    (7, "onderdrukking", "Suppression"),
    (8, "dashboard", "Dashboard"),
)
# Benchmarks that load into the run's home: an interrupted one cannot be measured again in the same run.
LAADT_IN_HOME = {"incrementeel"}
# At land the benchmarks run cheapest first, so that a run stopped at the end of a working session (SIGTERM or
# Ctrl-C: the table is still written, see meet_alles) has as many figures as it could; the table keeps the issue's
# order.
# Transform builds the national warehouse twice more, the new month loads the whole country a second time.
VOLGORDE_LAND = (
    "schaal",
    "onderdrukking",
    "dashboard",
    "xml_ingest",
    "csv_ingest",
    "incrementeel",
    "alternatief",
    "transform",
    "nieuwe_maand",
)
VERSIES = ("duckdb", "dbt-core", "dagster", "lxml", "pandas")
KOLOMMEN = ("nr", "name", "figure", "reference", "ratio", "goal", "met?", "note")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCHALEN, default="regio")
    parser.add_argument("--data", type=Path, default=PROJECT_ROOT / "data" / "bench", help="generated sources cache")
    parser.add_argument("--werkmap", type=Path, help="scratch folder, kept to resume (default <data>/werk-<scale>)")
    parser.add_argument("--opnieuw", action="store_true", help="start over instead of resuming an interrupted run")
    args = parser.parse_args(argv)
    werkmap = (args.werkmap or args.data / f"werk-{args.scale}").resolve()
    voortgang = Voortgang.begin(werkmap, args.scale, code_versie(), opnieuw=args.opnieuw)

    gemeten: dict[str, float] = {}
    # At land the references of benchmarks 5, 6 (the corrected files) and 8, loaded in this run.
    referenties = {ref: bronnen(ref, args.data) for ref in ("regio", "gemeente")} if args.scale == "land" else {}
    for ref, ref_bron in referenties.items():
        home = referentie_home(werkmap, ref)
        lading = voortgang.lading(ref, home, lambda ref_bron=ref_bron, home=home: laad([ref_bron], home, _zeg))
        gemeten.update({f"{ref}_{k}": v for k, v in _kerncijfers(lading).items()})
    hoofd, bron = werkmap / "home", bronnen(args.scale, args.data)
    lading = voortgang.lading(args.scale, hoofd, lambda: _volledige_lading(bron, hoofd, werkmap))
    gemeten.update(_kerncijfers(lading))

    ctx = BenchContext(args.scale, bron, werkmap, SEED, gemeten, referenties)
    signal.signal(signal.SIGTERM, _gestopt)
    with thuis(hoofd):
        rijen = meet_alles(ctx, voortgang)
    tabel = maak_tabel(rijen)
    print(tabel)
    sectie = maak_sectie(args.scale, tabel, lading, voortgang.belasting, dt.datetime.now(dt.UTC), voortgang.delen)
    voeg_toe(RESULTATEN, sectie)
    OVERZICHT.write_text(overzicht(RESULTATEN.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"\nAppended to {RESULTATEN}; {OVERZICHT} rewritten.", file=sys.stderr)
    return 0


class Gestopt(BaseException):
    """SIGTERM during the benchmarks: not an Exception, so no benchmark's own error handling catches it."""


def _gestopt(signum: int, frame: object) -> None:
    raise Gestopt


def meet_alles(ctx: BenchContext, voortgang: Voortgang) -> list[Meting | NietGedraaid]:
    """Every benchmark's rows, in the issue's order. Stopped (SIGTERM, Ctrl-C): what was measured so far, and for
    each of the rest a line saying it was not."""
    gemeten: dict[str, list[Meting | NietGedraaid]] = {}
    bezig = None
    try:
        for nummer, module, naam in uitvoervolgorde(ctx.scale):
            bezig = module
            meet = functools.partial(_meet, nummer, module, naam, ctx)
            reden = "not run: interrupted after it had loaded into the run's home (make bench OPNIEUW=1)"
            onderbroken = NietGedraaid(nummer, naam, reden) if module in LAADT_IN_HOME else None
            gemeten[module] = voortgang.metingen(module, meet, onderbroken)
    except (KeyboardInterrupt, Gestopt):
        _zeg(f"stopped during benchmarks/{bezig}.py: writing the table of what was measured")
    return [r for b in BENCHMARKS for r in gemeten.get(b[1], [_niet_gemeten(b, bezig)])]


def uitvoervolgorde(scale: str) -> list[tuple[int, str, str]]:
    """The benchmarks in the order they run: the issue's, or at land cheapest first (VOLGORDE_LAND)."""
    if scale != "land":
        return list(BENCHMARKS)
    return sorted(BENCHMARKS, key=lambda b: VOLGORDE_LAND.index(b[1]))


def _niet_gemeten(benchmark: tuple[int, str, str], bezig: str | None) -> NietGedraaid:
    """The line of a benchmark the stopped run did not finish (every benchmark finishes in a run that is not
    stopped)."""
    nummer, module, naam = benchmark
    wanneer = "while it was being measured" if module == bezig else "before it started"
    reden = f"not run: the run was stopped {wanneer} (the same command on this machine resumes it)"
    return NietGedraaid(nummer, naam, reden)


def _volledige_lading(bron: Path, home: Path, werkmap: Path) -> Lading:
    """The scale's full load; dbt's run_results.json kept before any benchmark loads into the same home again.

    At land the home's archive (an encrypted copy of every delivery, as large as the sources) is removed after the
    load: no benchmark reads it, and the disk must hold the sources, this home and benchmark 6's second full load.
    """
    lading = laad([bron], home, _zeg)
    _bewaar_run_results(home, werkmap / RUN_RESULTS)
    if bron.name.startswith("land-"):
        shutil.rmtree(home / "data" / "archive", ignore_errors=True)
    return lading


def bronnen(scale: str, data: Path) -> Path:
    """The generated sources of ``scale`` (seed 42), generated once per generator version."""
    out = data / f"{scale}-seed{SEED}"
    marker = out / ".compleet"
    versie = generator_versie()
    if marker.exists() and marker.read_text(encoding="utf-8") == versie:
        return out
    if out.exists():
        _zeg(f"{out}: incomplete or from another generator version, generating again")
        shutil.rmtree(out)
    stuurwiel = Path(sys.executable).parent / "stuurwiel"
    cmd = [str(stuurwiel), "generate", "--scale", scale, "--seed", str(SEED), "--out", str(out)]
    subprocess.run(cmd, check=True)
    marker.write_text(versie, encoding="utf-8")  # only after success: a broken run never looks complete
    return out


def generator_versie() -> str:
    """A fingerprint of the generator's code (demo/*.py)."""
    digest = hashlib.sha256()
    for module in sorted((PROJECT_ROOT / "demo").glob("*.py")):
        digest.update(module.name.encode() + module.read_bytes())
    return digest.hexdigest()


def _kerncijfers(lading: Lading) -> dict[str, float]:
    cijfers = {"pijplijn_s": lading.seconden, "rijen_geladen": float(lading.rijen), "piek_rss_gb": lading.piek_gb}
    if "dbt_modellen" in lading.stappen:
        cijfers["dbt_s"] = lading.stappen["dbt_modellen"]
    _zeg(f"full load {lading.home}: {lading.seconden:.1f} s, {lading.rijen:,} rows, peak RSS {lading.piek_gb:.2f} GB")
    return cijfers


def _bewaar_run_results(home: Path, doel: Path) -> None:
    """Keep dbt's run_results.json of the full load before a benchmark loads into the same home again."""
    from pipelines.bouwstand import target_dir
    from pipelines.config import Settings

    with thuis(home):
        bron = Path(target_dir(Settings.from_env())) / "run_results.json"
    if bron.exists():
        shutil.copy(bron, doel)


def _meet(nummer: int, module: str, naam: str, ctx: BenchContext) -> list[Meting | NietGedraaid]:
    """One benchmark module's figures, or one line saying why there are none."""
    if not (PROJECT_ROOT / "benchmarks" / f"{module}.py").exists():
        return [NietGedraaid(nummer, naam, f"not run: benchmarks/{module}.py does not exist yet")]
    _zeg(f"benchmark {nummer}: benchmarks/{module}.py ...")
    try:
        return list(importlib.import_module(f"benchmarks.{module}").meet(ctx))
    except Exception as exc:  # one failing benchmark must not cost the figures of the others
        traceback.print_exc()
        reden = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [NietGedraaid(nummer, naam, f"not run: {reden}")]


def maak_tabel(rijen: list[Meting | NietGedraaid]) -> str:
    """The Markdown table. A NaN ratio means no goal applies at this scale: ratio '–', met? 'n/a'."""
    regels = ["| " + " | ".join(KOLOMMEN) + " |", "|---:|---|---:|---|---:|---|---|---|"]
    for r in rijen:
        if isinstance(r, NietGedraaid):
            cellen = [str(r.nummer), r.naam, "–", "–", "–", "–", "not run", r.reden]
        else:
            geen_ratio = math.isnan(r.ratio)
            cellen = [
                str(r.nummer),
                r.naam,
                f"{getal(r.waarde)} {r.eenheid}",
                f"{getal(r.referentie)} ({r.referentie_naam})",
                "–" if geen_ratio else getal(r.ratio),
                r.doel,
                "n/a" if geen_ratio else ("yes" if r.gehaald else "**no**"),
                r.toelichting,
            ]
        regels.append("| " + " | ".join(c.replace("|", "/") for c in cellen) + " |")
    return "\n".join(regels)


def getal(x: float) -> str:
    """Three significant digits, thousands separated; NaN as '–'."""
    if math.isnan(x):
        return "–"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def maak_sectie(scale: str, tabel: str, lading: Lading, belasting: float, moment: dt.datetime, delen: int = 1) -> str:
    """One run's section of results.md: heading, reproducing command, machine, versions, full load, table."""
    hervat = f" (resumed: measured in {delen} parts, each figure whole)" if delen > 1 else ""
    return "\n".join(
        [
            f"## {scale}, {moment:%Y-%m-%d %H:%M} UTC",
            "",
            f"Command: `make bench SCALE={scale}`{hervat}",
            "",
            f"Machine: {machine()}; load average {belasting:.1f} at the start (other work on the machine "
            "makes figures vary).",
            f"Versions: {versies()}; code {code_versie()}.",
            f"Full load: {lading.seconden:.1f} s, {lading.rijen:,} rows loaded, peak RSS {lading.piek_gb:.2f} GB.",
            "",
            tabel,
            "",
        ]
    )


def machine() -> str:
    kernen = os.cpu_count()
    geheugen = _proc_waarde("/proc/meminfo", "MemTotal")
    gb = int(geheugen.split()[0]) / 1024**2 if geheugen else float("nan")
    cpu = _proc_waarde("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    return f"{kernen} cores, {gb:.1f} GB RAM, {cpu}"


def versies() -> str:
    namen = [f"python {platform.python_version()}"]
    for pakket in VERSIES:
        try:
            namen.append(f"{pakket} {metadata.version(pakket)}")
        except metadata.PackageNotFoundError:
            namen.append(f"{pakket} not installed")
    return ", ".join(namen)


def code_versie(root: Path = PROJECT_ROOT) -> str:
    """The code a run measures, which a resumed run must share: the last commit that changed anything but the
    runner's own result files, '-dirty' with uncommitted changes outside them. So the table a stopped run writes,
    committed or not, does not keep the run from resuming."""
    buiten = ["--", ".", *(f":(exclude){pad.relative_to(PROJECT_ROOT)}" for pad in (RESULTATEN, OVERZICHT))]
    log = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h", *buiten], capture_output=True, text=True)
    if log.returncode != 0 or not log.stdout.strip():
        return "unknown (not a git checkout)"
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", *buiten], capture_output=True, text=True)
    return log.stdout.strip() + ("-dirty" if status.stdout.strip() else "")


def _proc_waarde(pad: str, sleutel: str) -> str | None:
    try:
        for regel in Path(pad).read_text().splitlines():
            naam, _, waarde = regel.partition(":")
            if naam.strip() == sleutel:
                return waarde.strip()
    except OSError:
        pass
    return None


KOP = """# Benchmark results

Every `make bench` run appends its table here (newest last); `BENCHMARKS.md` holds the latest per scale.
"""


def voeg_toe(pad: Path, sectie: str) -> None:
    """Append a run's section, starting the file with its heading when it is new."""
    bestaand = pad.read_text(encoding="utf-8") if pad.exists() else KOP
    pad.write_text(bestaand.rstrip("\n") + "\n\n" + sectie, encoding="utf-8")


def secties(tekst: str) -> dict[str, str]:
    """The latest section per scale in a results file (sections start with '## <scale>, ')."""
    laatste: dict[str, str] = {}
    for deel in ("\n" + tekst).split("\n## ")[1:]:
        scale = deel.split(",", 1)[0].strip()
        if scale in SCHALEN:
            laatste[scale] = "## " + deel.strip() + "\n"
    return laatste


def overzicht(resultaten: str) -> str:
    """BENCHMARKS.md: the latest table of each scale, with the command that reproduces it."""
    laatste = secties(resultaten)
    delen = [
        "# Benchmarks\n",
        "The latest `make bench` table per scale (issue 14; every run is kept in `benchmarks/results.md`; what each "
        "benchmark measures, and what limits each goal at land, is in `benchmarks/README.md`). Each figure is "
        "measured against a reference taken in the same run; reproduce a table with the command under its heading.\n",
    ]
    for scale in SCHALEN:
        delen.append(laatste.get(scale, f"## {scale}\n\nNot run yet: `make bench SCALE={scale}`.\n"))
    return "\n".join(delen)


def _zeg(bericht: str) -> None:
    print(bericht, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
