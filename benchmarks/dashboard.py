"""Server-side time of every dashboard page per role on a published snapshot (default: the demo region).

Runs the app in-process with Streamlit's AppTest, logged in the way the login form leaves the session
(authentication_status, username, name) with a temporary users file, and times ``AppTest.run()``:

- cold: the first run of the page for that role after clearing Streamlit's caches (every query hits DuckDB);
- warm: the median of ``--herhaal`` reruns of the same session right after it (the cached queries, as a user
  clicking around sees it).

As benchmark 8 of `make bench` (``meet``), every role's pages on the run's snapshot, against gemeente scale at land.

This is the Python side only (the script run: queries, figures, serialising elements); the browser's
rendering of Plotly charts and data grids comes on top. The goal is under one second per page.

    .venv/bin/python benchmarks/dashboard.py [--serving data/serving.duckdb] [--gemeente GM0153]
        [--rollen raad beleid controller beheer] [--herhaal 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.meting import BenchContext, Meting  # noqa: E402

APP = PROJECT_ROOT / "dashboards" / "app.py"
DOEL_S = 1.0


ROLLEN = ("raad", "beleid", "controller", "beheer")


@dataclass(frozen=True)
class Paginatijd:
    rol: str
    pagina: str
    koud: float
    warm: float
    fout: str  # what went wrong, '' when the page drew its title
    titel: str


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--serving",
        type=Path,
        default=PROJECT_ROOT / "data" / "serving.duckdb",
        help="published snapshot (kwaliteit.duckdb beside it is read too)",
    )
    parser.add_argument("--rollen", nargs="+", default=list(ROLLEN), choices=ROLLEN)
    parser.add_argument(
        "--gemeente",
        default=None,
        help="gemeentecode in the URL (?gemeente=); default: the app's own (the whole region)",
    )
    parser.add_argument("--herhaal", type=int, default=3, help="warm reruns per page (median is shown)")
    args = parser.parse_args()
    if not args.serving.exists():
        sys.exit(f"no snapshot at {args.serving}: run `stuurwiel load` or `make demo` first")
    _tabel(paginatijden(args.serving, args.rollen, args.gemeente, args.herhaal), args)


def meet(ctx: BenchContext) -> list[Meting]:
    """Benchmark 8: the slowest and the median page (cold) on the run's snapshot; at land against gemeente scale.

    The runner's full load leaves the snapshot in ``<werkmap>/home``; at land it loads the gemeente sources into
    ``<werkmap>/ref-gemeente/home`` first (benchmarks/bench.py), the reference of the ratio.
    """
    tijden = paginatijden(ctx.werkmap / "home" / "data" / "serving.duckdb", ROLLEN)
    traagst, mediaan = _koud(tijden)
    fouten = [f"{t.rol}/{t.pagina}: {t.fout}" for t in tijden if t.fout]
    noot = f"{len(tijden)} page runs (every role, cold after clearing the caches)"
    if fouten:
        noot += f"; {len(fouten)} failed: " + "; ".join(fouten[:3])
    metingen = [
        Meting(
            8,
            "Dashboard: slowest page, server side (cold)",
            traagst,
            "s",
            mediaan,
            "median page",
            traagst,
            f"< {DOEL_S:.0f} s",
            traagst < DOEL_S and not fouten,
            noot,
        )
    ]
    referentie = ctx.referentie_home("gemeente") / "data" / "serving.duckdb"
    if ctx.scale == "land":
        gemeente, _ = _koud(paginatijden(referentie, ROLLEN))
        ratio = traagst / gemeente
        metingen.append(
            Meting(
                8,
                "Dashboard: slowest page, land / gemeente",
                traagst,
                "s",
                gemeente,
                "gemeente scale, same run",
                ratio,
                "<= 1.5",
                ratio <= 1.5,
                "slowest cold page at each scale",
            )
        )
    else:
        metingen.append(
            Meting(
                8,
                "Dashboard: slowest page against gemeente",
                traagst,
                "s",
                mediaan,
                "median page",
                float("nan"),
                "<= 1.5 (at land)",
                True,
                "referentie voor land",
            )
        )
    return metingen


def _koud(tijden: list[Paginatijd]) -> tuple[float, float]:
    """Slowest and median cold page time."""
    koud = [t.koud for t in tijden]
    return max(koud), statistics.median(koud)


def paginatijden(
    serving: Path, rollen: Iterable[str], gemeente: str | None = None, herhaal: int = 3
) -> list[Paginatijd]:
    """Cold and warm time of every page each role may open, on the snapshot ``serving``."""
    tmp = Path(tempfile.mkdtemp(prefix="stuurwiel-bench-"))
    os.environ["STUURWIEL_SERVING"] = str(serving.resolve())
    os.environ["STUURWIEL_USERS"] = str(tmp / "gebruikers.yaml")
    os.environ["STUURWIEL_AUDIT"] = str(tmp / "toegang.jsonl")  # never into the demo's own audit log

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboards import gebruikers
    from dashboards.toegang import PAGINA_ROL, REGIO, Rol

    rollen = list(rollen)
    for rol in rollen:
        gebruikers.voeg_toe(tmp / "gebruikers.yaml", rol, rol, REGIO, f"{rol}-bench")

    # A server scans the installed packages for Streamlit components once, when it starts (Runtime); AppTest
    # scans them in every instance's first run, about half a second here. One scan for all, as in a server.
    componenten = None

    def app(rol: str, pagina: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        if componenten is not None:
            at._bidi_component_manager = componenten
        at.session_state["authentication_status"] = True
        at.session_state["username"] = rol
        at.session_state["name"] = rol
        if gemeente:
            at.query_params["gemeente"] = gemeente
        at.switch_page(f"views/{pagina}.py")
        return at

    def timed(at: AppTest) -> float:
        start = time.perf_counter()
        at.run()
        return time.perf_counter() - start

    # Imports (pandas, plotly, duckdb, the authenticator) happen once per process: not part of any page.
    eerste = app(rollen[0], "stuurwiel")
    timed(eerste)
    componenten = getattr(eerste, "_bidi_component_manager", None)

    tijden = []
    for rol in rollen:
        for pagina, minimum in PAGINA_ROL.items():
            if Rol[rol] < minimum:
                continue
            st.cache_data.clear()
            st.cache_resource.clear()
            at = app(rol, pagina)
            koud = timed(at)
            fout = _fout(at)
            warm = statistics.median(timed(at) for _ in range(herhaal))
            fout = fout or _fout(at)
            titel = at.title[0].value if at.title else ""
            tijden.append(Paginatijd(rol, pagina, koud, warm, fout, titel))
            print(f"  {rol:<10} {pagina:<14} koud {koud:6.2f} s  warm {warm:6.2f} s  {fout or titel}", file=sys.stderr)
    return tijden


def _fout(at) -> str:
    """What went wrong in the run, if anything: an exception, or a page that did not draw its title."""
    if at.exception:
        return "EXCEPTION: " + at.exception[0].message.splitlines()[0][:80]
    if not at.title:
        return "geen titel (niet ingelogd of geen gegevens?)"
    return ""


def _tabel(rijen: list[Paginatijd], args) -> None:
    print(
        f"\nServer-side time per page (AppTest.run), snapshot {args.serving}"
        f"{', gemeente ' + args.gemeente if args.gemeente else ''}; warm = median of {args.herhaal} reruns\n"
    )
    print("| rol | pagina | koud (s) | warm (s) | titel van de pagina, of wat misging |")
    print("|---|---|---:|---:|---|")
    for r in rijen:
        traag = " **boven 1 s**" if max(r.koud, r.warm) > DOEL_S else ""
        print(f"| {r.rol} | {r.pagina} | {r.koud:.2f} | {r.warm:.2f} | {r.fout or r.titel}{traag} |")
    traag = [r for r in rijen if r.koud > DOEL_S or r.warm > DOEL_S]
    print(f"\n{len(rijen) - len(traag)} of {len(rijen)} page runs under {DOEL_S:.0f} s cold and warm.")


if __name__ == "__main__":
    main()
