"""The council report rendered: one self-contained HTML file, and a PDF printed from that same HTML.

The template prints only the report's ready texts (the ``*_tekst`` fields), so a hidden cell reads
"geheim" and its number cannot reach the page, not even when a value field was filled by mistake.
Everything is inline (CSS, SVG charts), and WeasyPrint gets a URL fetcher that refuses every URL but the
data: URLs of the charts: a report never depends on, or leaks a request to, anything outside the file.
"""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from dashboards.format import nl_datum, nl_datumtijd
from dashboards.noemer import TEKEN
from reports import grafiek
from reports.model import IndicatorRegel, Rapport

TEMPLATES = Path(__file__).with_name("templates")

# laag -> (heading, the question the layer answers, in plain Dutch)
LAGEN = {
    "input": ("Input — geld", "Wat kost de hulp, en past dat binnen de begroting?"),
    "throughput": ("Throughput — doorlooptijd", "Hoe snel krijgen inwoners hulp?"),
    "output": ("Output — bereik", "Hoeveel inwoners krijgen hulp?"),
    "outcome": ("Outcome — resultaat", "Werkt de hulp?"),
}
# status -> (shape, word): the shape carries the meaning in black-and-white print, the word for everyone
STOPLICHT = {
    "uit_koers": ("●", "uit koers"),
    "aandacht": ("▲", "aandacht"),
    "op_koers": ("✓", "op koers"),
    "voorlopig": ("○", "voorlopig"),
    "geen_norm": ("–", "geen norm"),
}
SOORT = {"kwartaal": "Kwartaalrapportage", "halfjaar": "Halfjaarrapportage", "jaar": "Jaarrapportage"}
PERIODEN = {"kwartaal": "kwartalen", "halfjaar": "halve jaren", "jaar": "jaren"}
RICHTING = {"hoger_is_beter": "hoger is beter", "lager_is_beter": "lager is beter", "neutraal": "geen richting"}
GEHEIM_UITLEG = (
    "gebaseerd op 0 tot en met 7 personen, of uit zo'n cijfer terug te rekenen: niet getoond, zodat niemand "
    "herkenbaar is (CBS-regel)."
)


def alineas(tekst: str) -> Markup:
    """A civil servant's text as HTML paragraphs: a blank line starts a new paragraph, escaped throughout."""
    delen = [" ".join(deel.split()) for deel in tekst.split("\n\n")]
    return Markup("\n").join(Markup("<p>{}</p>").format(deel) for deel in delen if deel)


def vast(tekst: str) -> str:
    """Keep the euro sign with its amount when a table cell wraps ('€ 8.105.000 – € 8.590.000')."""
    return tekst.replace("€ ", "€\u00a0")


def _omgeving() -> Environment:
    omgeving = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    omgeving.filters["alineas"] = alineas
    omgeving.filters["vast"] = vast
    return omgeving


_OMGEVING = _omgeving()


def status_code(regel: IndicatorRegel) -> str:
    """The stoplight of an indicator: its status, else voorlopig or geen norm (as status_tekst says)."""
    if regel.status in STOPLICHT:
        return regel.status
    return "voorlopig" if regel.vintage == "voorlopig" else "geen_norm"


def titel_gebied(rapport: Rapport) -> str:
    """'Gemeente Losser' for a gemeente, the region's own name for the region."""
    return f"Gemeente {rapport.gebiedsnaam}" if rapport.gebied.startswith("GM") else rapport.gebiedsnaam


def _grafieken(rapport: Rapport, afbeelding: bool) -> dict[str, Markup]:
    """Every indicator's chart, drawn once (grafiek.py escapes its own title and labels).

    In the HTML file the SVG stands inline. For the PDF it becomes an <img> of that same SVG (a data: URL,
    with the description as alt text): the renderer then styles one element per chart instead of every
    path and label as if it were HTML, which makes a report about a fifth faster to print.
    """
    uit = {}
    for regel in (regel for regels in rapport.lagen.values() for regel in regels):
        svg = grafiek.trend_svg(regel)
        if svg and afbeelding:
            data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            alt = grafiek.beschrijving(grafiek.Reeks.van(regel))
            uit[regel.indicator_id] = Markup('<img alt="{}" src="data:image/svg+xml;base64,{}">').format(alt, data)
        else:
            uit[regel.indicator_id] = Markup(svg)
    return uit


def _telling(rapport: Rapport) -> dict[str, dict[str, int]]:
    """How many indicators of each layer have each stoplight: the summary's overview."""
    telling = {laag: dict.fromkeys(STOPLICHT, 0) for laag in LAGEN}
    for laag in LAGEN:
        for regel in rapport.lagen.get(laag, []):
            telling[laag][status_code(regel)] += 1
    return telling


def _context(rapport: Rapport, afbeelding: bool = False) -> dict:
    periode = rapport.periode
    regels = [regel for laag in LAGEN for regel in rapport.lagen.get(laag, [])]
    return {
        "r": rapport,
        "titel": SOORT[periode.periode_type],
        "gebied": titel_gebied(rapport),
        "van_tot": f"{nl_datum(periode.begin)} t/m {nl_datum(periode.eind)}",
        "eind": nl_datum(periode.eind),
        "jaar": periode.begin.year,
        "vorige": periode.vorige.label,
        "jaar_eerder": periode.jaar_eerder.label,
        "gemaakt_op": nl_datumtijd(rapport.gemaakt_op),
        "lagen": LAGEN,
        "stoplicht": STOPLICHT,
        "telling": _telling(rapport),
        "perioden": PERIODEN[periode.periode_type],
        "richting": RICHTING,
        "status_code": status_code,
        "grafieken": _grafieken(rapport, afbeelding),
        "regels": regels,
        "bronnen": dict(rapport.bronnen),
        "teken_geschat": TEKEN,
        "geheim_uitleg": GEHEIM_UITLEG,
        "css": Markup((TEMPLATES / "rapport.css").read_text(encoding="utf-8")),
    }


def html(rapport: Rapport, afbeelding: bool = False) -> str:
    """The report as one HTML file: inline CSS and SVG, no script, no link to anything outside it."""
    return _OMGEVING.get_template("rapport.html.j2").render(_context(rapport, afbeelding))


def pdf(rapport: Rapport) -> bytes:
    """The same HTML printed to A4 by WeasyPrint (print CSS: running header, page numbers, page breaks).

    The URL fetcher allows only data: URLs (the charts, inside the file itself): nothing is fetched.
    """
    alleen_inline = URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    document = HTML(string=html(rapport, afbeelding=True), url_fetcher=alleen_inline)
    return document.write_pdf(pdf_tags=True, custom_metadata=False)
