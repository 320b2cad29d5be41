"""Small trend charts for the council report, as inline SVG text.

Drawn with matplotlib's SVG backend on a fresh Figure per call (no pyplot, so no global figure state).
The few rcParams the SVG writer reads at draw time (text as text, stable ids) are set inside a lock,
so two Dagster threads never draw with each other's settings. A chart is drawn once per content, then
served from a small cache: html() and pdf() of one report ask for the same charts. The chart must read in
black-and-white print: the value is a solid line with round markers, the norm a dashed grey line, and a hidden or
missing period is a gap in the line, never a zero.
"""

from __future__ import annotations

import functools
import io
import math
import re
import threading
from dataclasses import dataclass
from xml.etree import ElementTree

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from dashboards.format import nl_getal
from reports.model import IndicatorRegel, Punt

LIJN = "#1F4E79"
NORM = "#6B6B6B"
AS = "#8C8C8C"
LETTERS = ["Liberation Sans", "DejaVu Sans"]
BREEDTE, HOOGTE = 3.3, 1.55  # inches: about 84 x 39 mm, beside the indicator's figures
_TEKEN = threading.Lock()
# What the SVG writer reads from rcParams while drawing: text stays text (no embedded glyphs, small file,
# the page's fonts); trend_svg adds an id salt per chart, so inline SVGs in one HTML never share an id.
_SVG = {"svg.fonttype": "none"}
_NS = "http://www.w3.org/2000/svg"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
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


@dataclass(frozen=True)
class Reeks:
    """What a chart shows of an indicator, hashable: the same chart is drawn once (html() and pdf() both ask)."""

    indicator_id: str
    naam: str
    eenheid: str
    vintage: str | None
    waarde_tekst: str
    norm_tekst: str
    norm: float | None
    punten: tuple[Punt, ...]

    @classmethod
    def van(cls, regel: IndicatorRegel) -> Reeks:
        return cls(
            regel.indicator_id,
            regel.naam,
            regel.eenheid,
            regel.vintage,
            regel.waarde_tekst,
            regel.norm_tekst,
            regel.norm,
            tuple(regel.trend),
        )


def beschrijving(reeks: Reeks) -> str:
    """The chart in words, for screen readers and the SVG <title>: built from texts, never a hidden number."""
    labels = [p.label for p in reeks.punten]
    if not labels:
        return f"{reeks.naam}: geen verloop beschikbaar."
    delen = [
        f"Verloop van {reeks.naam} van {labels[0]} tot en met {labels[-1]}.",
        f"Nu: {reeks.waarde_tekst}{' (voorlopig)' if reeks.vintage == 'voorlopig' else ''}.",
    ]
    if len(set(_normen(reeks)) - {None}) > 1:
        delen.append(f"Gestippelde lijn: de norm van elke periode, nu {reeks.norm_tekst.removeprefix('norm ')}.")
    elif reeks.norm_tekst:
        delen.append(f"Gestippelde lijn: {reeks.norm_tekst}.")
    gaten = [p.label for p in reeks.punten if p.waarde is None]
    if gaten:
        delen.append(f"Geen waarde (geheim of niet bekend): {', '.join(gaten)}.")
    return " ".join(delen)


def trend_svg(regel: IndicatorRegel) -> str:
    """The indicator's last periods as a small line chart: inline SVG with a <title>, or '' without data."""
    if not any(p.waarde is not None for p in regel.trend):
        return ""
    return _svg(Reeks.van(regel))


@functools.lru_cache(maxsize=512)
def _svg(reeks: Reeks) -> str:
    with _TEKEN, matplotlib.rc_context({**_SVG, "svg.hashsalt": reeks.indicator_id}):
        figuur = _teken(reeks)
        buffer = io.StringIO()
        FigureCanvasSVG(figuur).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue(), beschrijving(reeks))


def _teken(reeks: Reeks) -> Figure:
    figuur = Figure(figsize=(BREEDTE, HOOGTE))
    figuur.patch.set_visible(False)  # transparent: the page shows through
    ax = figuur.add_axes((0.2, 0.2, 0.77, 0.74))
    ax.patch.set_visible(False)
    x = list(range(len(reeks.punten)))
    y = [math.nan if p.waarde is None else p.waarde for p in reeks.punten]
    ax.plot(x, y, color=LIJN, linewidth=1.6, marker="o", markersize=3.6, markerfacecolor=LIJN, zorder=3)
    if not math.isnan(y[-1]):  # this period: a ring around the point; hollow while voorlopig
        vulling = "white" if reeks.vintage == "voorlopig" else "none"
        ax.plot([x[-1]], [y[-1]], marker="o", markersize=7, markerfacecolor=vulling, color=LIJN, zorder=4)
    normen = _normen(reeks)
    if len(set(normen) - {None}) > 1:  # a norm per period (year to date: 25%, 50%, 75%, 100%) follows them
        n = [math.nan if w is None else w for w in normen]
        ax.plot(x, n, color=NORM, linewidth=1.1, linestyle=(0, (4, 2.5)), zorder=2)
    elif reeks.norm is not None:
        ax.axhline(reeks.norm, color=NORM, linewidth=1.1, linestyle=(0, (4, 2.5)), zorder=2)
    _assen(ax, reeks, [w for w in y if not math.isnan(w)] + [w for w in normen if w is not None])
    return figuur


def _normen(reeks: Reeks) -> list[float | None]:
    """Each period's norm; the indicator's one norm where a period carries none."""
    return [reeks.norm if p.norm is None else p.norm for p in reeks.punten]


def _assen(ax, reeks: Reeks, waarden: list[float]) -> None:
    bereik = [*waarden, *([reeks.norm] if reeks.norm is not None else [])]
    onder, boven = min(bereik), max(bereik)
    marge = (boven - onder) * 0.15 or max(abs(boven) * 0.1, 1)
    ondergrens = 0 if onder >= 0 and onder - marge < 0 else onder - marge
    ax.set_ylim(ondergrens, boven + marge)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, min_n_ticks=2))
    zichtbaar = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    ax.yaxis.set_major_formatter(_as_tekst(reeks.eenheid, zichtbaar))
    ax.set_xticks(range(len(reeks.punten)), [kort_label(p.label) for p in reeks.punten])
    ax.set_xlim(-0.4, len(reeks.punten) - 0.6)
    ax.tick_params(labelsize=6.5, length=0, labelcolor="#333333", pad=3)
    for tekst in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        tekst.set_fontfamily(LETTERS)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    for kant in ("top", "right", "left"):
        ax.spines[kant].set_visible(False)
    ax.spines["bottom"].set_color(AS)


def _inline(svg: str, titel: str) -> str:
    """matplotlib's file made fit for inline HTML: a <title> and role, and no more elements than it needs.

    Dropped: the XML prolog, doctype, metadata and matplotlib's style rule (a `*` selector that would
    reach the whole HTML page); group wrappers without attributes, which only cost the PDF renderer time
    (it styles every inline SVG element like an HTML one); and the ids nothing refers to: matplotlib
    names its groups figure_1, axes_1, ... in every chart, and ids must not repeat in one page.
    """
    wortel = ElementTree.fromstring(svg)
    for weg in [*wortel.iter(f"{{{_NS}}}metadata"), *wortel.iter(f"{{{_NS}}}style")]:
        for ouder in wortel.iter():
            if weg in list(ouder):
                ouder.remove(weg)
    gebruikt = set(re.findall(r"#([\w.-]+)", svg))
    for element in wortel.iter():
        if element.get("id") not in gebruikt:
            element.attrib.pop("id", None)
    _plat(wortel)
    for element in wortel.iter():  # plain names (SVG 2's href): no prefixes, whatever else uses ElementTree
        element.tag = element.tag.removeprefix(f"{{{_NS}}}")
        if _XLINK_HREF in element.attrib:
            element.set("href", element.attrib.pop(_XLINK_HREF))
    wortel.set("xmlns", _NS)
    wortel.set("role", "img")
    wortel.set("aria-label", titel)
    kop = ElementTree.Element("title")
    kop.text = titel
    wortel.insert(0, kop)
    return ElementTree.tostring(wortel, encoding="unicode")


def _plat(element: ElementTree.Element) -> None:
    """Replace every <g> without attributes by its children, all the way down; drop emptied <defs>."""
    kinderen = []
    for kind in list(element):
        _plat(kind)
        if kind.tag in (f"{{{_NS}}}g", f"{{{_NS}}}defs") and not kind.attrib and not len(kind):
            continue
        if kind.tag == f"{{{_NS}}}g" and not kind.attrib:
            kinderen.extend(kind)
        else:
            kinderen.append(kind)
    element[:] = kinderen
