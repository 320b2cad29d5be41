"""Benchmark 7, suppression: the protected publication's share of the dbt build of the full load.

The protected publication is fct_indicator_publicatie: every indicator, period and breakdown with small-cell
protection (rounding to 5, hiding 0-7, secondary suppression and the hypercube rounds of
dbt_project/macros/kleine_aantallen, which only this model uses). Its ``execution_time`` in dbt's run_results.json
of the full load (kept by the runner as ``<werkmap>/run_results-volledig.json``) is set against the build's
``elapsed_time``, the wall time of the whole ``dbt build`` (models, seeds and data tests; nodes run in parallel, so
the share is of the wall time, not of summed node times). fct_geld_detail's own hiding of small amounts is one
column of an aggregation model and is not counted.
"""

from __future__ import annotations

import json

from benchmarks.meting import BenchContext, Meting

MODELLEN = ("fct_indicator_publicatie",)
DOEL = 0.20


def meet(ctx: BenchContext) -> list[Meting]:
    pad = ctx.werkmap / "run_results-volledig.json"
    if not pad.exists():
        raise RuntimeError(f"{pad}: no run_results.json of the full load (bench.py keeps it after the load)")
    seconden, totaal = aandeel(json.loads(pad.read_text(encoding="utf-8")))
    ratio = seconden / totaal
    return [
        Meting(
            7,
            "Suppression: fct_indicator_publicatie",
            seconden,
            "s",
            totaal,
            "whole dbt build (wall)",
            ratio,
            f"<= {DOEL:.2f}",
            ratio <= DOEL,
            "execution_time of the model in dbt's run_results.json of the full load",
        )
    ]


def aandeel(run_results: dict) -> tuple[float, float]:
    """Seconds spent in the protected-publication models, and the build's wall time."""
    seconden = sum(
        r["execution_time"]
        for r in run_results["results"]
        if r["unique_id"].startswith("model.") and r["unique_id"].rsplit(".", 1)[1] in MODELLEN
    )
    if not seconden:
        raise RuntimeError(f"{', '.join(MODELLEN)} is not in the full load's run_results.json")
    return seconden, run_results["elapsed_time"]
