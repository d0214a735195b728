"""Lecture mode: a lesson presented as live slides with the RISE extension in JupyterLab."""
from conftest import BUILD, TOKEN


def test_a_lesson_opens_as_slides(browser, lab):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(f"{lab}/rise/09_summary.ipynb?token={TOKEN}", wait_until="domcontentloaded")
        page.wait_for_selector(".reveal .slides section", timeout=120_000)
        page.wait_for_timeout(2000)
        sections = page.locator(".reveal .slides > section")
        assert sections.count() >= 5  # one per "##" heading of the lesson, at least
        title = page.locator(".reveal .slides section.present").first.inner_text()
        assert "Summary" in title and "总结" in title  # the bilingual title slide
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(1000)
        assert page.locator(".reveal .slides section.present").first.inner_text() != title
        page.screenshot(path=str(BUILD / "screenshots" / "slides-09.png"))
        assert not errors, errors
    finally:
        page.close()
