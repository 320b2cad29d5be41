"""The Overzicht page in a real (Debian) Chromium, driven by Playwright."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed at /usr/bin/chromium"),
]


def test_overzicht_shows_dutch_numbers(dashboard_url):
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(f"{dashboard_url}/?gemeente=GM0153")
            tiles = page.get_by_test_id("stMetric")
            expect(tiles).to_have_count(6, timeout=30_000)
            expect(tiles.first).to_contain_text("97,5%")
            expect(page.get_by_text("112,4 per 1.000")).to_be_visible()
            expect(page.get_by_text("Bron bevolking: CBS.")).to_be_visible(timeout=30_000)
            expect(page.get_by_text("voorlopig (85% compleet)").first).to_be_visible()
            expect(page.get_by_text("Vergelijkbare gemeenten: 98,6 per 1.000", exact=False)).to_be_visible()
            expect(page.locator(".js-plotly-plot")).to_have_count(7, timeout=30_000)
            assert "gemeente=GM0153" in page.url and "periode=2025-05" in page.url
            _screenshot_whole_app(page, ARTIFACTS / "overzicht.png")

            # Hengelo's hidden cell reads "geheim"; the quarter view labels periods K1..K4
            page.set_viewport_size({"width": 1600, "height": 1000})
            page.goto(f"{dashboard_url}/?gemeente=GM0164&indeling=kwartaal")
            expect(page.get_by_test_id("stMetric")).to_have_count(6, timeout=30_000)
            expect(page.get_by_text("Stand K2 2025", exact=False)).to_be_visible()
            page.goto(f"{dashboard_url}/?gemeente=GM0164")
            geheim = page.get_by_test_id("stMetric").filter(has_text="geheim")
            expect(geheim).to_have_count(1, timeout=30_000)
            _screenshot_whole_app(page, ARTIFACTS / "overzicht-hengelo.png")
        finally:
            browser.close()


def _screenshot_whole_app(page: Page, path: Path) -> None:
    """Streamlit scrolls inside its main container, so grow the viewport to fit it first."""
    height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
    page.set_viewport_size({"width": 1600, "height": height})
    expect(page.get_by_test_id("stMain")).to_be_visible()
    page.wait_for_timeout(1000)  # let the Plotly charts redraw at the new size
    page.screenshot(path=path, full_page=True)
