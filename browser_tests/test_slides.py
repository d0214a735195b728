"""Lecture mode: a lesson presented as live slides with the RISE extension in JupyterLab, at 1280×720.

Every slide of the lesson is stepped through and screenshot (build/browser/screenshots/slides/), and
checked: the slide's content fits its box (scrollHeight ≤ clientHeight), nothing reaches past the window
or scrolls sideways, the text is projector-sized (notebooks/rise.css), and the slides are the ones
tools/slides.py stamped (same number; the title slide bilingual). The lessons are shown with their stored
outputs, as a lecturer sees them on opening (a widget shows its stored figure until the kernel runs).
"""
import sys
import time

import nbformat
import pytest

from conftest import BUILD, ROOT, TOKEN

sys.path.insert(0, str(ROOT / "tools"))
import slides  # noqa: E402

from resnet_lessons import course  # noqa: E402

SHOTS = BUILD / "screenshots" / "slides"
VIEWPORT = {"width": 1280, "height": 720}
TOLERANCE = 2  # pixels
# 01: figures, widgets, code and printed measurements; 09: the summary, its quiz and the longest prose.
LESSONS = ["01_degradation_problem.ipynb", "09_summary.ipynb"]

PRESENT = "document.querySelector('.reveal .slides > section.present > section.present')"
# What overflows on the present slide: its own box, anything past the window, anything that scrolls sideways.
MEASURE = """() => {
  const slide = PRESENT;
  if (!slide) return null;
  const out = {id: slide.id, scroll: slide.scrollHeight, client: slide.clientHeight, outside: [], sideways: [],
               scrolled: [], images: [], body: [], code: [], text: slide.innerText};
  const cells = [...document.querySelectorAll('.reveal .jp-Cell')];  // in the notebook's order, skipped ones too
  const scrolls = (e, style) => ['auto', 'scroll'].includes(style.overflowY) && e.scrollHeight > e.clientHeight + TOL;
  const clipped = e => {
    for (let a = e.parentElement; a && a !== slide; a = a.parentElement) if (scrolls(a, getComputedStyle(a))) return true;
    return false;
  };
  out.cells = [...slide.querySelectorAll('.jp-Cell')].filter(c => !c.closest('aside.notes') && c.getBoundingClientRect().height > 0)
    .map(c => cells.indexOf(c));
  const name = e => (e.className && e.className.baseVal === undefined ? e.className : e.tagName).toString().slice(0, 60);
  for (const e of slide.querySelectorAll('*')) {
    if (e.closest('aside.notes, .reveal-skip, .cm-announced')) continue;
    if (clipped(e)) continue;  // inside a box that scrolls: reported below
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const r = e.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    if (r.right > innerWidth + TOL || r.bottom > innerHeight + TOL || r.left < -TOL || r.top < -TOL)
      out.outside.push(name(e) + ' ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
    if (['PRE', 'TABLE'].includes(e.tagName) || e.classList.contains('cm-scroller') || e.classList.contains('jp-OutputArea-output'))
      if (e.scrollWidth > e.clientWidth + TOL) out.sideways.push(name(e) + ' ' + e.scrollWidth + '>' + e.clientWidth);
    if (e.closest('.jp-Cell-outputWrapper') && scrolls(e, style))
      out.scrolled.push(cells.indexOf(e.closest('.jp-Cell')));
    if (e.tagName === 'IMG') out.images.push(Math.round(r.height));
    if (e.tagName === 'P' && e.closest('.jp-RenderedMarkdown')) out.body.push(parseFloat(style.fontSize));
    if (e.classList.contains('cm-line') || (e.tagName === 'PRE' && e.closest('.jp-OutputArea-output')))
      out.code.push(parseFloat(style.fontSize));
  }
  return out;
}""".replace("PRESENT", PRESENT).replace("TOL", str(TOLERANCE))


def widget(cell):
    return any(slides.WIDGET in out.get("data", {}) for out in cell.get("outputs", []))


@pytest.mark.parametrize("name", LESSONS)
def test_every_slide_of_a_lesson_fits_the_screen(browser, lab, name):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    expected = slides.slides(nb)
    title_en, title_zh = next((en, zh) for lesson, en, zh, *_ in course.LESSONS if lesson == name)
    stem = name.split(".")[0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=VIEWPORT)
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    start = time.time()
    try:
        page.goto(f"{lab}/rise/{name}?token={TOKEN}", wait_until="domcontentloaded")
        page.wait_for_selector(".reveal .slides > section.present > section.present", timeout=120_000)
        page.wait_for_function("() => document.querySelectorAll('.reveal .jp-Cell').length > 0", timeout=60_000)
        page.wait_for_timeout(2000)  # let the stored figures and MathJax lay out
        count = page.evaluate("() => document.querySelectorAll('.reveal .slides > section > section').length")
        assert count == len(expected), f"{count} slides in RISE, {len(expected)} stamped by tools/slides.py"
        problems, seen, shown = [], [], None
        for number in range(1, count + 1):
            if number > 1:
                page.keyboard.press("Space")  # the next slide (down a column of sub-slides, then across)
                page.wait_for_function(f"() => {PRESENT} && {PRESENT}.id !== {seen[-1]!r}", timeout=10_000)
                page.wait_for_timeout(150)
            shown = page.evaluate(MEASURE)
            seen.append(shown["id"])
            page.screenshot(path=str(SHOTS / f"{stem}-{number:02d}.png"))
            where = f"slide {number} ({shown['id']}, cells {expected[number - 1].cells})"
            if shown["cells"] != expected[number - 1].cells:
                problems.append(f"{where}: shows cells {shown['cells']}")
            if number == 1:
                assert title_en in shown["text"] and title_zh in shown["text"], shown["text"]
                assert "Colab" not in shown["text"]  # the link line is not on the title slide
            if shown["scroll"] > shown["client"] + TOLERANCE:
                problems.append(f"{where}: content {shown['scroll']} px in a {shown['client']} px slide")
            if shown["outside"]:
                problems.append(f"{where}: past the window: {shown['outside'][:3]}")
            hidden = [i for i in shown["scrolled"] if not widget(nb.cells[i])]  # a widget (the quiz) may scroll
            if hidden:
                problems.append(f"{where}: the output of cells {hidden} scrolls: too long for a slide")
            if shown["sideways"]:
                problems.append(f"{where}: scrolls sideways: {shown['sideways'][:3]}")
            if any(h < 200 for h in shown["images"]):
                problems.append(f"{where}: a figure squeezed to {min(shown['images'])} px")
            if shown["body"] and min(shown["body"]) < 28 or shown["code"] and min(shown["code"]) < 20:
                problems.append(f"{where}: text {shown['body'][:1]} px, code {shown['code'][:1]} px")
        assert len(set(seen)) == count, f"stepping through showed {len(set(seen))} of {count} slides"
        assert not problems, "\n".join(problems)
        assert not errors, errors
    finally:
        print(f"{name}: {len(expected)} slides in {time.time() - start:.0f} s")
        page.close()
