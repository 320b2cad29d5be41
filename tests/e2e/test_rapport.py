"""Council reports of the loaded region (two small gemeenten and the region) through the whole pipeline.

The warehouse keeps the exact value of every cell the publication hides (serving.fct_indicator_values).
Those are the numbers that must never reach a report: not in a table, a sentence or a chart.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from dashboards.format import nl_waarde
from reports import inhoud, maak
from reports.periode import Periode

from .conftest import GEMEENTEN

GEBIEDEN = [*GEMEENTEN, "REGIO"]


@pytest.fixture(scope="module")
def kwartaal(loaded_region) -> Periode:
    """The latest quarter in which one of the gemeenten has a hidden total: the hard case for a report."""
    with loaded_region.serving() as con:
        begin = con.execute(
            """
            select max(periode) from fct_indicator_publicatie
            where periode_type = 'kwartaal' and dimensie = 'totaal' and wijkcode is null and onderdrukt
              and gemeentecode in (select unnest(?::varchar[]))
            """,
            [GEMEENTEN],
        ).fetchone()[0]
    assert begin is not None, "the small region should have hidden quarter cells"
    return Periode(begin, "kwartaal")


@pytest.fixture(scope="module")
def rapporten(loaded_region, kwartaal, tmp_path_factory) -> dict[str, tuple[object, str, str, Path]]:
    """gebied -> (Rapport, HTML text, PDF text, stored folder), made and stored as the schedule does."""
    uit = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_HOME", str(loaded_region.home))
        mp.delenv("STUURWIEL_SERVING", raising=False)
        mp.setenv("STUURWIEL_REPORTS", str(tmp_path_factory.mktemp("reports")))
        for gebied in GEBIEDEN:
            rapport = inhoud.bouw(gebied, kwartaal)
            map_ = maak.maak_en_bewaar(gebied, kwartaal, aanleiding="schema")
            pdf = (map_ / "rapport.pdf").read_bytes()
            assert pdf.startswith(b"%PDF")
            tekst = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
            uit[gebied] = (rapport, (map_ / "rapport.html").read_text(encoding="utf-8"), tekst, map_)
    return uit


def _verborgen(loaded_region, gebied: str, kwartaal: Periode) -> list[dict]:
    """Hidden totals of the gebied (and, in the region's report, its members) in the report's chart window,
    each with its exact value from the warehouse and its unit."""
    with loaded_region.serving() as con:
        return (
            con.execute(
                """
            select p.indicator_id, p.gemeentecode, p.periode, i.eenheid, v.waarde as exact
            from fct_indicator_publicatie p
            join dim_indicator i using (indicator_id)
            join fct_indicator_values v
              on v.indicator_id = p.indicator_id and v.gemeentecode = p.gemeentecode and v.wijkcode is null
             and v.periode_type = p.periode_type and v.periode = p.periode and v.dimensie = p.dimensie
             and v.dimensie_waarde = p.dimensie_waarde
            where p.onderdrukt and p.dimensie = 'totaal' and p.wijkcode is null and p.periode_type = 'kwartaal'
              and p.periode > ? - interval 24 month and p.periode <= ? and v.waarde is not null
              and (p.gemeentecode = ? or (? = 'REGIO' and p.periode = ?))
            """,
                [kwartaal.begin, kwartaal.begin, gebied, gebied, kwartaal.begin],
            )
            .df()
            .to_dict("records")
        )


def _tekst_zonder_assen(blok) -> str:
    """The block's text without its chart: the chart draws no hidden point (asserted on the content above),
    and its axis ticks are round numbers that a hidden value may equal by chance (2,4% on a 0,6 grid)."""
    blok = copy.deepcopy(blok)
    for svg in blok.xpath(".//*[local-name()='svg']"):
        svg.getparent().remove(svg)
    return blok.text_content()


def _zichtbaar(loaded_region, indicator_id: str, eenheid: str) -> set[str]:
    """Every published text of this indicator in the region's quarters: a hidden value that happens to equal
    one of them cannot be told apart in the text, so it is not evidence of a leak."""
    with loaded_region.serving() as con:
        rijen = con.execute(
            """
            select waarde from fct_indicator_publicatie where indicator_id = ? and periode_type = 'kwartaal'
              and wijkcode is null and waarde is not null
            union all select norm from fct_indicator_publicatie where indicator_id = ? and norm is not null
            union all select waarde_vergelijkingsgroep from fct_indicator_publicatie
              where indicator_id = ? and periode_type = 'kwartaal' and waarde_vergelijkingsgroep is not null
            """,
            [indicator_id, indicator_id, indicator_id],
        ).fetchall()
    return {nl_waarde(w, eenheid) for (w,) in rijen}


def test_a_report_for_every_gemeente_and_the_region(rapporten, kwartaal):
    for gebied, (rapport, html, pdf, _) in rapporten.items():
        assert rapport.gebiedsnaam in pdf and kwartaal.label in pdf
        pagina = lxml_html.fromstring(html)
        assert pagina.get("lang") == "nl"
        koppen = [h.text_content().strip() for h in pagina.iter("h2")]
        for kop in ("Samenvatting", "Begroting en prognose", "Vergelijking", "Conclusies en maatregelen"):
            assert any(k.startswith(kop) for k in koppen), (gebied, kop, koppen)
        # every published indicator of the quarter has its block, with its value text
        for regel in (r for regels in rapport.lagen.values() for r in regels):
            blok = pagina.get_element_by_id(f"indicator-{regel.indicator_id}")
            assert regel.waarde_tekst in blok.text_content(), (gebied, regel.indicator_id)


def test_the_signals_stand_in_the_summary_in_words_and_in_order(rapporten):
    for gebied, (rapport, html, _, _) in rapporten.items():
        samenvatting = lxml_html.fromstring(html).get_element_by_id("samenvatting").text_content()
        posities = [samenvatting.find(s.zin) for s in rapport.signalen]
        assert all(p >= 0 for p in posities) and posities == sorted(posities), gebied


def test_no_hidden_cell_appears_as_a_number(loaded_region, rapporten, kwartaal):
    gecontroleerd = 0
    for gebied, (rapport, html, pdf, _) in rapporten.items():
        pagina = lxml_html.fromstring(html)
        regels = {r.indicator_id: r for regels in rapport.lagen.values() for r in regels}
        for cel in _verborgen(loaded_region, gebied, kwartaal):
            periode = pd.Timestamp(cel["periode"]).date()
            regel = regels.get(cel["indicator_id"])
            if cel["gemeentecode"] == gebied and regel is not None:
                # the content: no value, no chart point, 'geheim' where the table shows it
                punt = next(p for p in regel.trend if p.periode == periode)
                assert punt.waarde is None, (gebied, cel)
                if periode == kwartaal.begin:
                    assert (regel.waarde, regel.waarde_tekst) == (None, "geheim"), (gebied, cel)
                if periode == kwartaal.vorige.begin:
                    assert regel.vorige_tekst == "geheim" and regel.verschil_vorige_tekst == "", (gebied, cel)
                if periode == kwartaal.jaar_eerder.begin:
                    assert regel.jaar_eerder_tekst == "geheim" and regel.verschil_jaar_tekst == "", (gebied, cel)
            exact = nl_waarde(cel["exact"], cel["eenheid"])
            if exact in _zichtbaar(loaded_region, cel["indicator_id"], cel["eenheid"]):
                continue  # the same text is a published value too
            gecontroleerd += 1
            if regel is not None:
                blok = _tekst_zonder_assen(pagina.get_element_by_id(f"indicator-{cel['indicator_id']}"))
                assert exact not in blok, (gebied, cel, blok)
            if exact not in pagina.text_content():
                assert exact not in pdf, (gebied, cel)
    assert gecontroleerd > 0, "no hidden cell with a distinctive value: the test would prove nothing"


def test_reports_are_stored_with_their_snapshot_version(loaded_region, rapporten, kwartaal):
    with loaded_region.serving() as con:
        versie = con.execute("select versie from snapshot_info").fetchone()[0]
    for gebied, (_, _, _, map_) in rapporten.items():
        meta = json.loads((map_ / "rapport.json").read_text(encoding="utf-8"))
        assert (meta["gebied"], meta["periode"], meta["snapshot_versie"]) == (gebied, kwartaal.code, versie)
        assert meta["aanleiding"] == "schema" and sorted(meta["bestanden"]) == ["html", "pdf"]
