"""What the Aanbieders charts share: period labels, the category axis, norm lines and hidden-period marks."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.components import GEHEIM
from dashboards.format import nl_maand_kort, nl_periode
from dashboards.views.aanbieders.opmaak import GRIJS, reden_tekst


def periode_labels(perioden, periode_type: str) -> list[str]:
    return [nl_maand_kort(p) if periode_type == "maand" else nl_periode(p, periode_type) for p in perioden]


def layout(fig: go.Figure, labels: list[str], hoogte: int = 300, **y) -> go.Figure:
    """Category x axis with at most about eight labels, level, the newest period always labelled."""
    stap = max(1, -(-len(labels) // 8))
    ticks = labels[::-1][::stap][::-1]
    fig.update_layout(
        height=hoogte,
        margin={"l": 0, "r": 8, "t": 8, "b": 0},
        separators=",.",
        hovermode="closest",
        legend={"orientation": "h", "y": -0.15, "x": 0},
        bargap=0.35,
    )
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        tickvals=ticks,
        ticktext=ticks,
        tickangle=0,
        showgrid=False,
    )
    fig.update_yaxes(rangemode="tozero", **y)
    return fig


def normlijn(fig: go.Figure, waarde: float, tekst: str, kleur: str = GRIJS, stijl: str = "dash") -> None:
    fig.add_hline(
        y=waarde,
        line={"color": kleur, "dash": stijl, "width": 1.5},
        annotation={"text": tekst, "font": {"color": kleur, "size": 12}, "bgcolor": "rgba(255,255,255,0.8)"},
        annotation_position="top left",
    )


def geheim_markering(fig: go.Figure, reeks: pd.DataFrame, labels: list[str]) -> None:
    """Hidden periods: a grey cross on the axis with the reason on hover, never a value."""
    geheim = [
        (lab, reden_tekst(r))
        for lab, o, r in zip(labels, reeks["onderdrukt"], reeks["reden_onderdrukt"], strict=False)
        if o
    ]
    if geheim:
        fig.add_scatter(
            x=[g[0] for g in geheim],
            y=[0] * len(geheim),
            mode="markers",
            name=GEHEIM,
            marker={"symbol": "x-thin", "size": 9, "line": {"width": 2, "color": GRIJS}},
            customdata=[f"{lab}: {GEHEIM}. {reden}" for lab, reden in geheim],
            hovertemplate="%{customdata}<extra></extra>",
            cliponaxis=False,
        )
