"""The static site (`make html`) opened from disk in chromium with every internet request refused.

Each page must load nothing from the network, typeset its formulas with the local MathJax,
show every figure, and draw Chinese text with the bundled font; no request for a local file may fail
(issue 17: MathJax asked for fonts/HTML-CSS/TeX/otf/MathJax_Script-Regular.otf, which the local copy
lacks) and the console shows no error. The English / 中文 / both button hides the other language and is
remembered across a reload and from page to page. Screenshots of the index and of each page go to
build/browser/site-screenshots/.
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
    """A page that may read files but whose every http(s) request is refused and recorded; every other
    request that fails (a missing local file, about:blank) and every console error are recorded in
    page.problems."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    refused = []
    page.problems = []
    page.on("requestfailed", lambda request: None if request.url.startswith(("http://", "https://")) else
            page.problems.append(f"{request.failure}: {request.url[:160]}"))
    page.on("console", lambda message: page.problems.append(f"console: {message.text[:160]} "
                                                            f"({message.location.get('url', '')[-60:]})")
            if message.type == "error" else None)

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
            assert page.problems == [], f"{path.name}: {page.problems[:3]}"
            page.screenshot(path=str(SHOTS / f"{path.stem}.png"))
            print(f"{path.name}: offline ok, {page.locator('img').count()} images")
        finally:
            page.close()


def test_language_button_hides_the_other_language_and_is_remembered(browser, site):
    pages = {path.stem: path for path in site}
    lesson, other = pages["02_skip_connections"], pages["03_architecture"]
    page, refused = offline_page(browser)
    english = page.locator('.jp-RenderedMarkdown [lang="en"]')
    chinese = page.locator('.jp-RenderedMarkdown [lang="zh-Hans"]')

    def shown(locator):
        return locator.evaluate_all("els => els.filter(el => el.offsetParent !== null).length")

    def choose(lang):
        page.click(f'.lang-toggle button[data-show-lang="{lang}"]')
        assert page.get_attribute(f'.lang-toggle button[data-show-lang="{lang}"]', "aria-pressed") == "true"

    try:
        page.goto(lesson.as_uri(), wait_until="load")
        page.wait_for_function(MATH_DONE, timeout=60_000)
        n_en, n_zh = english.count(), chinese.count()
        assert n_en > 20 and n_zh > 20
        assert shown(english) == n_en and shown(chinese) == n_zh  # both, the first time

        choose("zh")
        assert shown(english) == 0 and shown(chinese) == n_zh
        assert page.locator('[lang="zh-Hans"] .MathJax').first.is_visible()
        page.screenshot(path=str(SHOTS / "language-zh.png"))
        page.reload(wait_until="load")
        page.wait_for_function(MATH_DONE, timeout=60_000)
        assert shown(english) == 0 and shown(chinese) == n_zh, "the choice did not survive a reload"

        choose("en")  # since the reload, English formulas were typeset hidden: shown now, they have their size
        assert shown(english) == n_en and shown(chinese) == 0
        assert page.locator('[lang="en"] .MathJax').first.bounding_box()["width"] > 5
        choose("both")
        assert shown(english) == n_en and shown(chinese) == n_zh

        choose("zh")
        page.click("nav.site-nav a[href='index.html']")  # to the index, then to another lesson
        page.wait_for_load_state("load")
        assert page.locator('body [lang="en"]').first.is_hidden() and page.locator('[lang="zh-Hans"]').first.is_visible()
        page.click(f"a[href='{other.name}'] >> nth=-1")
        page.wait_for_load_state("load")
        page.wait_for_function(MATH_DONE, timeout=60_000)
        assert page.url.endswith(other.name)
        assert shown(english) == 0 and shown(chinese) == chinese.count() > 10, "not remembered on another page"
        assert refused == [] and page.problems == [], page.problems[:3]
        print(f"language button: {n_en} English and {n_zh} Chinese blocks on {lesson.name}, choice kept across pages")
    finally:
        page.evaluate("() => localStorage.clear()")
        page.close()
