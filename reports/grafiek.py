"""Small trend charts for the council report, as inline SVG text.

Drawn with matplotlib's SVG backend on a fresh Figure per call (no pyplot, so no global figure state).
The few rcParams the SVG writer reads at draw time (text as text, stable ids) are set inside a lock,
so two Dagster threads never draw with each other's settings. The chart must read in black-and-white
print: the value is a solid line with round markers, the norm a dashed grey line, and a hidden or
missing period is a gap in the line, never a zero.
"""

from __future__ import annotations

import io
import math
import re
import threading

import matplotlib
from markupsafe import escape
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from dashboards.format import nl_getal
from reports.model import IndicatorRegel

LIJN = "#1F4E79"
NORM = "#6B6B6B"
AS = "#8C8C8C"
LETTERS = ["Liberation Sans", "DejaVu Sans"]
BREEDTE, HOOGTE = 3.3, 1.55  # inches: about 84 x 39 mm, beside the indicator's figures
_TEKEN = threading.Lock()
# What the SVG writer reads from rcParams while drawing: text stays text (no embedded glyphs, small file,
# the page's fonts); trend_svg adds an id salt per chart, so inline SVGs in one HTML never share an id.
_SVG = {"svg.fonttype": "none"}
_KWARTAAL = re.compile(r"^([KH]\d) (\d{4})$")


def kort_label(label: str) -> str:
    """'K3 2025' -> "K3 '25" (an axis tick); a year or month label stays as it is."""
    gevonden = _KWARTAAL.match(label)
    return f"{gevonden[1]} '{gevonden[2][2:]}" if gevonden else label


def _as_tekst(eenheid: str, ticks: list[float]) -> FuncFormatter:
    """Dutch tick labels: decimal comma, dot between thousands, as few decimals as the ticks need (2,5 stays 2,5)."""
    decimalen = next((d for d in range(4) if all(abs(round(t, d) - t) < 1e-9 for t in ticks)), 3)
    achter = "%" if eenheid == "%" else ""
    voor = "€ " if eenheid in ("€", "euro") else ""
    return FuncFormatter(lambda y, _pos: f"{voor}{nl_getal(y, decimalen)}{achter}")


def beschrijving(regel: IndicatorRegel) -> str:
    """The chart in words, for screen readers and the SVG <title>: built from texts, never a hidden number."""
    labels = [p.label for p in regel.trend]
    if not labels:
        return f"{regel.naam}: geen verloop beschikbaar."
    delen = [
        f"Verloop van {regel.naam} van {labels[0]} tot en met {labels[-1]}.",
        f"Nu: {regel.waarde_tekst}{' (voorlopig)' if regel.vintage == 'voorlopig' else ''}.",
    ]
    if regel.norm_tekst:
        delen.append(f"Gestippelde lijn: {regel.norm_tekst}.")
    gaten = [p.label for p in regel.trend if p.waarde is None]
    if gaten:
        delen.append(f"Geen waarde (geheim of niet bekend): {', '.join(gaten)}.")
    return " ".join(delen)


def trend_svg(regel: IndicatorRegel) -> str:
    """The indicator's last periods as a small line chart: inline SVG with a <title>, or '' without data."""
    if not any(p.waarde is not None for p in regel.trend):
        return ""
    with _TEKEN, matplotlib.rc_context({**_SVG, "svg.hashsalt": regel.indicator_id}):
        figuur = _teken(regel)
        buffer = io.StringIO()
        FigureCanvasSVG(figuur).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue(), beschrijving(regel))


def _teken(regel: IndicatorRegel) -> Figure:
    figuur = Figure(figsize=(BREEDTE, HOOGTE))
    figuur.patch.set_alpha(0)
    ax = figuur.add_axes((0.2, 0.2, 0.77, 0.74))
    x = list(range(len(regel.trend)))
    y = [math.nan if p.waarde is None else p.waarde for p in regel.trend]
    ax.plot(x, y, color=LIJN, linewidth=1.6, marker="o", markersize=3.6, markerfacecolor=LIJN, zorder=3)
    if not math.isnan(y[-1]):  # this period: a ring around the point; hollow while voorlopig
        vulling = "white" if regel.vintage == "voorlopig" else "none"
        ax.plot([x[-1]], [y[-1]], marker="o", markersize=7, markerfacecolor=vulling, color=LIJN, zorder=4)
    if regel.norm is not None:
        ax.axhline(regel.norm, color=NORM, linewidth=1.1, linestyle=(0, (4, 2.5)), zorder=2)
    _assen(ax, regel, [w for w in y if not math.isnan(w)])
    return figuur


def _assen(ax, regel: IndicatorRegel, waarden: list[float]) -> None:
    bereik = [*waarden, *([regel.norm] if regel.norm is not None else [])]
    onder, boven = min(bereik), max(bereik)
    marge = (boven - onder) * 0.15 or max(abs(boven) * 0.1, 1)
    ondergrens = 0 if onder >= 0 and onder - marge < 0 else onder - marge
    ax.set_ylim(ondergrens, boven + marge)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, min_n_ticks=2))
    zichtbaar = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    ax.yaxis.set_major_formatter(_as_tekst(regel.eenheid, zichtbaar))
    ax.set_xticks(range(len(regel.trend)), [kort_label(p.label) for p in regel.trend])
    ax.set_xlim(-0.4, len(regel.trend) - 0.6)
    ax.tick_params(labelsize=6.5, length=2, color=AS, labelcolor="#333333", pad=2)
    ax.tick_params(axis="y", length=0)
    for tekst in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        tekst.set_fontfamily(LETTERS)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    for kant in ("top", "right", "left"):
        ax.spines[kant].set_visible(False)
    ax.spines["bottom"].set_color(AS)


def _inline(svg: str, titel: str) -> str:
    """matplotlib's file made fit for inline HTML: no XML prolog, doctype or metadata; a <title> and role.

    matplotlib names its groups figure_1, axes_1, ... in every chart; those ids would repeat in one HTML
    page, so only ids something refers to stay (markers and clip paths, salted per indicator).
    """
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    gebruikt = set(re.findall(r"#([\w.-]+)", svg))
    svg = re.sub(r'\s+id="([^"]+)"', lambda m: m[0] if m[1] in gebruikt else "", svg)
    kop, rest = svg.split(">", 1)
    kop = kop.replace("<svg", f'<svg role="img" aria-label="{escape(titel)}"', 1)
    return f"{kop}>\n <title>{escape(titel)}</title>{rest}".strip()
