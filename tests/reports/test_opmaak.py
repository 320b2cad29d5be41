"""The rendered council report: accessible self-contained HTML, a paged PDF, Dutch numbers, no hidden number.

Renders the hand-built example (tests/reports/voorbeeld.py) once per module; the PDF is printed from the
example with the hidden cell's true value planted in its `waarde` field (voorbeeld.met_lek), so every PDF
assertion is also an assertion that the plant changed nothing.
"""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import matplotlib
import pytest
from pypdf import PdfReader

from reports import grafiek, opmaak
from reports.model import Rapport
from tests.reports import voorbeeld

LAGEN = ["Input — geld", "Throughput — doorlooptijd", "Output — bereik", "Outcome — resultaat"]
HOOFDSTUKKEN = [
    "Inhoud",
    "Zo leest u dit rapport",
    "Samenvatting",
    *LAGEN,
    "Begroting en prognose",
    "Vergelijking",
    "Conclusies en maatregelen",
    "Bijlage 1: definities en bronnen",
    "Bijlage 2: kwaliteit van de gegevens",
]
# Every way the planted value 7.3917 could be printed, as a whole number token.
GEHEIME_VORMEN = {"7,4", "7,39", "7,392", "7,3917", "7.4", "7.39", "7.392", "7.3917"}


# Here, not in a tests/reports/conftest.py: a second folder's conftest on sys.path makes other folders'
# `from conftest import ...` find the wrong one.
@pytest.fixture
def voorbeeldrapport() -> Rapport:
    """A fresh copy of the hand-built example report (Losser, K3 2025): a test may change it."""
    return voorbeeld.rapport()


class Structuur(HTMLParser):
    """Headings, resource references, scripts and charts of an HTML page, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.koppen: list[tuple[str, str]] = []  # (tag, text)
        self.verwijzingen: list[str] = []  # every src/href/data attribute
        self.scripts = 0
        self.svgs: list[dict[str, str]] = []
        self.svg_titels = 0
        self._kop: str | None = None
        self._tekst: list[str] = []
        self._in_svg = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.verwijzingen += [v or "" for k, v in attrs.items() if k in ("src", "href", "xlink:href", "data", "srcset")]
        if tag == "script":
            self.scripts += 1
        if tag == "svg":
            self.svgs.append(attrs)
            self._in_svg = True
        if tag == "title" and self._in_svg:
            self.svg_titels += 1
        if tag in ("h1", "h2", "h3"):
            self._kop, self._tekst = tag, []

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg = False
        if tag == self._kop:
            self.koppen.append((tag, " ".join("".join(self._tekst).split())))
            self._kop = None

    def handle_data(self, data):
        if self._kop:
            self._tekst.append(data)


def structuur(html: str) -> Structuur:
    parser = Structuur()
    parser.feed(html)
    return parser


def zichtbare_tekst(html: str) -> str:
    """The HTML's text as a reader sees it: no tags, no style sheet, whitespace collapsed."""
    zonder_stijl = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", zonder_stijl).split())


def blok(html: str, indicator_id: str) -> str:
    """The visible text of one indicator's block."""
    gevonden = re.search(rf'<article[^>]*id="indicator-{indicator_id}".*?</article>', html, flags=re.S)
    return zichtbare_tekst(gevonden[0])


def getallen(tekst: str) -> set[str]:
    """Every number token: digits with their thousands dots and decimal commas (or points) kept together."""
    return set(re.findall(r"\d+(?:[.,]\d+)*", tekst))


@pytest.fixture(scope="module")
def html() -> str:
    return opmaak.html(voorbeeld.rapport())


@pytest.fixture(scope="module")
def paginas() -> list[str]:
    reader = PdfReader(io.BytesIO(opmaak.pdf(voorbeeld.met_lek())))
    return [" ".join(pagina.extract_text().split()) for pagina in reader.pages]


def test_html_is_dutch_self_contained_and_scriptless(html):
    s = structuur(html)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in html
    assert s.scripts == 0 and "javascript:" not in html.lower()
    assert all(v.startswith("#") for v in s.verwijzingen), [v for v in s.verwijzingen if not v.startswith("#")]
    assert not re.search(r"url\(\s*['\"]?(?!#)", html), "a CSS url() to a resource"
    assert "@import" not in html and "<link" not in html and "<img" not in html


def test_headings_in_the_order_of_the_report(html):
    koppen = structuur(html).koppen
    assert [tekst for tag, tekst in koppen if tag == "h1"] == ["Gemeente Losser K3 2025"]
    assert [tekst for tag, tekst in koppen if tag == "h2"] == HOOFDSTUKKEN
    # each indicator is an h3 under its own layer, in the report's order
    onder: dict[str, list[str]] = {}
    laag = None
    for tag, tekst in koppen:
        if tag == "h2":
            laag = tekst
        elif tag == "h3" and laag in LAGEN:
            onder.setdefault(laag, []).append(tekst)
    rapport = voorbeeld.rapport()
    verwacht = {kop: [r.naam for r in rapport.lagen[code]] for kop, code in zip(LAGEN, rapport.lagen, strict=True)}
    assert onder == verwacht


def test_every_chart_has_a_text_alternative(html):
    s = structuur(html)
    assert len(s.svgs) == 12  # every example indicator has at least one visible period
    assert all(svg.get("role") == "img" and len(svg.get("aria-label", "")) > 20 for svg in s.svgs)
    assert s.svg_titels == len(s.svgs)
    assert 'aria-label="Verloop van Wachttijd tot start zorg (mediaan) van K4 2023 tot en met K3 2025.' in html


def test_status_is_a_shape_and_a_word(html):
    tekst = zichtbare_tekst(html)
    samenvatting = tekst[tekst.index("Samenvatting De belangrijkste") : tekst.index("Alle indicatoren in één")]
    assert samenvatting.count("● uit koers") == 3
    assert samenvatting.count("▲ aandacht") == 2
    assert "✓ op koers" in tekst and "○ voorlopig" in tekst


def test_hidden_cell_reads_geheim_and_its_value_never_appears(html):
    lek = voorbeeld.met_lek()
    verborgen = next(r for r in lek.lagen["output"] if r.indicator_id == voorbeeld.GEHEIM_ID)
    assert verborgen.waarde == voorbeeld.GEHEIME_WAARDE  # the plant took
    assert opmaak.html(lek) == html  # a value field never reaches the page
    tekst = blok(html, voorbeeld.GEHEIM_ID)
    assert '<span class="getal geheim">geheim</span>' in html
    assert "Een jaar eerder (K3 2024) geheim" in tekst
    assert tekst.index("Gebaseerd op 0 tot en met 7 personen") < tekst.index("Toelichting")
    assert not getallen(html) & GEHEIME_VORMEN


def test_hidden_value_is_not_in_the_pdf(paginas):
    alles = " ".join(paginas)
    assert "geheim" in alles
    assert not getallen(alles) & GEHEIME_VORMEN


def test_every_pdf_page_names_gemeente_period_and_page_number(paginas):
    aantal = len(paginas)
    assert aantal >= 8
    for nummer, tekst in enumerate(paginas, start=1):
        assert "Gemeente Losser" in tekst and "K3 2025" in tekst, nummer
        assert f"pagina {nummer} van {aantal}" in tekst


def test_pdf_has_the_sections_in_order_and_each_layer_on_its_own_page(paginas):
    alles = " ".join(paginas)
    posities = [alles.index(kop, alles.index("Zo leest u dit rapport")) for kop in HOOFDSTUKKEN[2:]]
    assert posities == sorted(posities)
    # a layer's heading with its question, then its first indicator, on a page of its own
    pagina_van = {
        kop: [i for i, t in enumerate(paginas) if f"{kop} {vraag}" in t] for kop, vraag in opmaak.LAGEN.values()
    }
    assert all(len(p) == 1 for p in pagina_van.values()) and len({p[0] for p in pagina_van.values()}) == 4
    eerste = {
        "Input — geld": "Kosten per cliënt",
        "Output — bereik": "Jongeren met jeugdhulp",
        "Outcome — resultaat": "Ervaren effect",
    }
    for kop, indicator in eerste.items():
        assert indicator in paginas[pagina_van[kop][0]]
        assert indicator not in paginas[pagina_van[kop][0] - 1]


def test_dutch_number_and_money_format(html, paginas):
    for tekst in (zichtbare_tekst(html), " ".join(paginas)):
        assert "1.234.567" in tekst and "106,8%" in tekst and "15.959.567" in tekst
        assert "1,234,567" not in tekst
    assert "01-07-2025 t/m 30-09-2025" in html


def test_explanations_and_their_history(html):
    tekst = zichtbare_tekst(html)
    wachttijd = blok(html, "wachttijd_mediaan")
    assert "Twee aanbieders van ambulante jeugdhulp hebben een wachtlijst." in wachttijd
    assert wachttijd.index("K2 2025 De wachttijd loopt op bij dyslexiezorg.") < wachttijd.index("K1 2025 Een nieuwe")
    assert tekst.count("Nog geen toelichting geschreven.") == 10  # 12 indicators, 2 explained
    assert "K2 2025 De wachttijd loopt op. We bespreken dit met de aanbieders." in tekst
    assert "Het college koopt extra capaciteit in" in tekst


def test_legend_explains_geheim_estimate_and_voorlopig(html):
    tekst = zichtbare_tekst(html)
    legenda = tekst[tekst.index("Zo leest u dit rapport") : tekst.index("Samenvatting De belangrijkste")]
    assert "geheim Een cijfer gebaseerd op 0 tot en met 7 personen" in legenda and "CBS-regel" in legenda
    assert "≈ Noemer geschat" in legenda and "voorlopig Nog niet alle leveringen" in legenda
    assert "≈ 11,8%" in tekst


def test_written_text_is_escaped(voorbeeldrapport):
    voorbeeldrapport.conclusies = '<script>alert("x")</script> & <b>vet</b>\n\nTweede alinea.'
    uit = opmaak.html(voorbeeldrapport)
    assert "<script" not in uit and "<b>vet" not in uit
    assert (
        "<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;</p>\n<p>Tweede alinea.</p>"
        in uit
    )


def test_missing_texts_say_so(voorbeeldrapport):
    voorbeeldrapport.conclusies = voorbeeldrapport.maatregelen = ""
    voorbeeldrapport.eerdere_conclusies = []
    voorbeeldrapport.lagen["outcome"] = []
    tekst = zichtbare_tekst(opmaak.html(voorbeeldrapport))
    assert "Nog geen conclusies geschreven." in tekst and "Nog geen maatregelen geschreven." in tekst
    assert "Voor K3 2025 zijn in deze laag geen cijfers gepubliceerd." in tekst
    assert "Er zijn nog geen eerdere rapporten met conclusies." in tekst


# --- Charts ---------------------------------------------------------------------------------------------


def _regel(indicator_id: str):
    return next(r for rs in voorbeeld.rapport().lagen.values() for r in rs if r.indicator_id == indicator_id)


def test_chart_is_inline_svg_with_a_title_and_dutch_ticks():
    svg = grafiek.trend_svg(_regel("jeugdhulp_aandeel_0_17"))
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata" not in svg
    assert "<title>Verloop van Jongeren met jeugdhulp (% van 0-17 jaar) van K4 2023 tot en met K3 2025." in svg
    assert "Nu: ≈ 11,8%." in svg
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert labels[:8] == ["K4 '23", "K1 '24", "K2 '24", "K3 '24", "K4 '24", "K1 '25", "K2 '25", "K3 '25"]
    assert labels[8:] and all(re.fullmatch(r"\d+,\d%", t) for t in labels[8:]), labels[8:]
    assert "@font-face" not in svg and "<image" not in svg  # text as text, nothing embedded
    assert len(svg) < 15_000


def test_chart_leaves_hidden_periods_open_and_draws_the_norm_dashed():
    svg = grafiek.trend_svg(_regel(voorbeeld.GEHEIM_ID))
    lijn = next(
        d for d, stijl in re.findall(r'<path d="([^"]*)"[^>]*style="([^"]*)"', svg) if "stroke-width: 1.6" in stijl
    )
    assert lijn.count("M") == 2 and lijn.count("L") == 3  # 5 visible periods in two runs, no line through a gap
    assert "Geen waarde (geheim of niet bekend): K2 2024, K3 2024, K3 2025." in svg
    wachttijd = grafiek.trend_svg(_regel("wachttijd_mediaan"))
    assert "stroke-dasharray" in wachttijd and "Gestippelde lijn: norm 35 dagen." in wachttijd


def test_chart_without_any_value_is_left_out(voorbeeldrapport):
    regel = voorbeeldrapport.lagen["output"][2]
    regel.trend = [type(p)(p.periode, p.label, None) for p in regel.trend]
    assert grafiek.trend_svg(regel) == ""
    assert len(structuur(opmaak.html(voorbeeldrapport)).svgs) == 11


def test_charts_are_deterministic_thread_safe_and_leave_matplotlib_settings_alone():
    regels = [r for rs in voorbeeld.rapport().lagen.values() for r in rs]
    voor = dict(matplotlib.rcParams)
    grafiek._svg.cache_clear()  # draw for real, twice: once in turn, once all at the same time
    na_elkaar = [grafiek.trend_svg(r) for r in regels]
    grafiek._svg.cache_clear()
    with ThreadPoolExecutor(max_workers=6) as pool:
        tegelijk = list(pool.map(grafiek.trend_svg, regels * 2))
    assert tegelijk == na_elkaar * 2
    assert dict(matplotlib.rcParams) == voor
    ids = re.findall(r'\sid="([^"]+)"', "".join(na_elkaar))
    assert len(ids) == len(set(ids))  # inline in one page: no id twice
