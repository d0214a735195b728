"""A student's view: every lesson opened in JupyterLab in a real (headless) chromium.

For each notebook: run all cells, check that no widget failed to display and no
cell raised, move a control of the first interactive panel and check its figure
was redrawn (the image changed). Screenshots go to build/browser/screenshots/.
"""
import json
import time
from pathlib import Path

import pytest

from conftest import BUILD, ROOT, TOKEN

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return k && k.status === 'idle';
}"""
ALL_RUN = """() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p));
}"""
CONTROLS = [".widget-slider .noUi-handle", ".widget-slider input[type=range]", ".widget-toggle-button:not(.mod-active)",
            ".widget-checkbox input", ".widget-dropdown select"]


def uses_widgets(name):
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return any("resnet_lessons.widgets" in "".join(c["source"]) for c in nb["cells"])


def open_notebook(browser, url, name):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{url}/lab/tree/{name}?token={TOKEN}&reset", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook", timeout=120_000)
    page.wait_for_function(KERNEL_IDLE, timeout=120_000)
    return page, errors


def run_all(page, timeout_s=300):
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_timeout(1500)
    page.wait_for_function(ALL_RUN, timeout=timeout_s * 1000)
    page.wait_for_function(KERNEL_IDLE, timeout=timeout_s * 1000)
    page.wait_for_timeout(1500)  # let widget views render


def widget_image(panel):
    images = panel.locator(".widget-output img")
    return images.first.get_attribute("src") if images.count() else None


def move_a_control(page):
    """Change the first control of the first panel that has a figure; return (before, after) image sources."""
    # Panels that redraw on every change (no Run button): a Run-button panel would need a training run.
    panels = page.locator(".widget-vbox:has(.widget-output img):not(:has(.widget-button.mod-primary))")
    for i in range(panels.count()):
        panel = panels.nth(i)
        for selector in CONTROLS:
            control = panel.locator(selector)
            if not control.count():
                continue
            before = widget_image(panel)
            control = control.first
            control.scroll_into_view_if_needed()
            if selector.endswith("noUi-handle"):
                control.focus()
                page.keyboard.press("ArrowRight")
            elif selector.endswith("select"):
                options = control.locator("option")
                control.select_option(index=(1 if options.count() > 1 else 0))
            else:
                control.click()
            deadline = time.time() + 120
            while time.time() < deadline and widget_image(panel) == before:
                page.wait_for_timeout(500)
            return before, widget_image(panel)
    return None


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_lesson_runs_and_widgets_respond(browser, lab, name):
    page, page_errors = open_notebook(browser, lab, name)
    try:
        start = time.time()
        run_all(page)
        seconds = time.time() - start
        shot = BUILD / "screenshots" / f"{Path(name).stem}.png"
        assert page.locator("text=Error displaying widget").count() == 0
        tracebacks = page.locator(".jp-OutputArea-output:has-text('Traceback (most recent call last)')")
        assert tracebacks.count() == 0, tracebacks.first.inner_text()[:2000]
        if uses_widgets(name):
            moved = move_a_control(page)
            assert moved is not None, "no interactive panel with a figure and a control was found"
            before, after = moved
            assert after and after != before, "the figure did not change after moving a control"
        page.screenshot(path=str(shot), full_page=False)
        print(f"{name}: ran all cells in {seconds:.0f} s; screenshot {shot.relative_to(ROOT)}")
        assert not page_errors, page_errors
    finally:
        page.close()


def test_chinese_jupyterlab_ui(browser, lab_zh):
    name = NOTEBOOKS[0] if NOTEBOOKS else None
    if name is None:
        pytest.skip("no notebooks yet")
    page, _ = open_notebook(browser, lab_zh, name)
    try:
        assert page.locator("#jp-menu-panel >> text=文件").count() or page.locator("text=文件").count()
        page.screenshot(path=str(BUILD / "screenshots" / "zh-CN-ui.png"))
    finally:
        page.close()
