"""Benchmark 5, scaling: the full pipeline at land scale against regio scale, per row loaded, and its peak memory.

    ratio = (land pipeline time / regio pipeline time) / (land rows loaded / regio rows loaded)

Both loads run in the same `make bench SCALE=land` (the runner loads regio first, benchmarks/bench.py); below 1.0
the pipeline gets cheaper per row as the data grows. At regio and gemeente scale the figures are printed without a
ratio: they are the reference for land. Peak memory is the summed RSS of the load's whole process tree
(benchmarks/rss.py), goal at most 8 GB at every scale.
"""

from __future__ import annotations

from benchmarks.meting import BenchContext, Meting

DOEL_RSS_GB = 8.0


def meet(ctx: BenchContext) -> list[Meting]:
    g = ctx.gemeten
    seconden, rijen = g["pijplijn_s"], g["rijen_geladen"]
    if ctx.scale == "land":
        ratio = (seconden / g["regio_pijplijn_s"]) / (rijen / g["regio_rijen_geladen"])
        tijd = Meting(
            5,
            "Scaling: pipeline time per row, land / regio",
            seconden,
            "s",
            g["regio_pijplijn_s"],
            "regio full load",
            ratio,
            "<= 1.0",
            ratio <= 1.0,
            f"{rijen:,.0f} rows against {g['regio_rijen_geladen']:,.0f} ({rijen / g['regio_rijen_geladen']:.0f}x)",
        )
    else:
        tijd = Meting(
            5,
            "Scaling: full pipeline time",
            seconden,
            "s",
            rijen,
            "rows loaded",
            float("nan"),
            "<= 1.0 (at land)",
            True,
            f"referentie voor land: {rijen / seconden:,.0f} rows/s",
        )
    # At land the regio load's peak shows how memory grows with the data; below land there is nothing to set beside.
    referentie = (g["regio_piek_rss_gb"], "regio full load") if ctx.scale == "land" else (DOEL_RSS_GB, "the goal")
    geheugen = Meting(
        5,
        "Scaling: peak RSS of the load (all processes)",
        g["piek_rss_gb"],
        "GB",
        *referentie,
        g["piek_rss_gb"],
        f"<= {DOEL_RSS_GB:.0f} GB",
        g["piek_rss_gb"] <= DOEL_RSS_GB,
        "summed RSS of the process and its children, sampled every 0.2 s (shared pages count per process)",
    )
    return [tijd, geheugen]
