"""The static site (`make html`) opened from disk in chromium with every internet request refused.

Each page must load nothing from the network, typeset its formulas with the local MathJax,
show every figure, and draw Chinese text with the bundled font. Screenshots of the index and of
each page go to build/browser/site-screenshots/.
"""
import sys

import nbformat
import pytest

from conftest import BUILD, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402

SHOTS = BUILD / "site-screenshots"
MATH_DONE = "() => window.MathJax && window.MathJax.Hub && window.MathJax.Hub.queue.pending === 0 && !window.MathJax.Hub.queue.running"
IMAGES_OK = "() => [...document.images].filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.alt || img.src.slice(0, 60))"
CJK_FONT = "() => document.fonts.load('16px \"Noto Sans CJK SC Subset\"', '残差').then(fonts => fonts.length)"


@pytest.fixture(scope="module")
def site():
    out = BUILD / "site"
    pages = build_site.build(out)
    SHOTS.mkdir(parents=True, exist_ok=True)
    return pages


def has_math(stem):
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    return any("$" in cell.source for cell in nb.cells if cell.cell_type == "markdown")


def offline_page(browser):
    """A page that may read files but whose every http(s) request is refused and recorded."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    refused = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("http://", "https://")):
            refused.append(url)
            request_route.abort()
        else:
            request_route.continue_()

    page.route("**/*", route)
    return page, refused


def test_site_pages_open_offline_with_math_figures_and_chinese(browser, site):
    for path in site:
        page, refused = offline_page(browser)
        try:
            page.goto(path.as_uri(), wait_until="load")
            if path.name != "index.html":
                page.wait_for_function(MATH_DONE, timeout=60_000)
                if has_math(path.stem):
                    assert page.locator(".MathJax, .MathJax_Display").count() > 0, f"{path.name}: no typeset math"
                assert page.locator(".jp-Cell").count() > 10, f"{path.name}: no notebook cells"
            assert page.evaluate(IMAGES_OK) == [], f"{path.name}: images that did not load"
            assert page.evaluate(CJK_FONT) >= 1, f"{path.name}: the bundled CJK font did not load"
            assert refused == [], f"{path.name} asked the internet for {refused[:3]}"
            page.screenshot(path=str(SHOTS / f"{path.stem}.png"))
            print(f"{path.name}: offline ok, {page.locator('img').count()} images")
        finally:
            page.close()
