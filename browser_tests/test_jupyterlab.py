"""A student's view: every lesson opened in JupyterLab in a real (headless) chromium.

For each notebook: clear the stored outputs, run all cells, check that no cell raised and no
widget failed to display, then move a control of an interactive panel and check that its figure
was redrawn (the image changed) with no error in the panel's status line. Screenshots go to
build/browser/screenshots/: ``NN_name.png`` (the moved panel at the top of the window) and
``NN_name-full.jpg`` (the whole notebook).

The course's panels (``resnet_lessons.widgets.panel.Panel``) carry CSS classes: ``resnet-panel``
with ``resnet-panel-auto`` (redraws on every change) or ``resnet-panel-run`` (redraws after its Run
button), ``resnet-panel-controls``, ``resnet-panel-status`` and ``resnet-panel-output``. The test
moves the controls of the first auto panel in turn (slider, dropdown, toggle buttons, checkbox,
multiple choice) until the figure changes; a notebook with only Run panels gets its Run button
pressed; one with no panel (the quiz) gets an answer clicked and its feedback checked.

``BROWSER_TEST_ALL_CONTROLS=1`` moves every control of every auto panel instead, and fails on any
that does not redraw the figure: a slower, thorough check of the widgets. ``BROWSER_TEST_FULL_SHOTS=0``
skips the whole-notebook screenshots.
"""
import io
import json
import os
import re
import time
from pathlib import Path

import pytest

from conftest import BUILD, ROOT, TIMES, TOKEN, shutdown_kernels

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SHOTS = BUILD / "screenshots"
THOROUGH = os.environ.get("BROWSER_TEST_ALL_CONTROLS") == "1"
FULL_SHOTS = os.environ.get("BROWSER_TEST_FULL_SHOTS", "1") != "0"  # ~2-5 s a notebook
VIEWPORT = {"width": 1400, "height": 1000}
# Generous limits: the machine may be a loaded 2-core CPU. Waits end as soon as their condition holds.
OPEN_TIMEOUT_S = 180      # page, JupyterLab and a kernel
RUN_TIMEOUT_S = 900       # run all cells of one notebook (each takes <= 90 s on a quiet 2-core CPU)
REDRAW_TIMEOUT_S = 300    # one control moved -> the figure redrawn (a "slow" control may time models)
RUN_BUTTON_TIMEOUT_S = 400  # a Run button trains something small
QUIET_S = 10.0            # the kernel answered a change and stayed idle this long: nothing more is coming
NO_MESSAGE_S = 45         # no kernel activity this long after a change: the change never reached the kernel
MAX_SHOT_HEIGHT = 16000   # pixels: chromium's limit for one screenshot

# Runs in the page once the notebook's kernel is ready: counts the kernel's busy/idle transitions, so
# that after a change we know whether the kernel received it and has finished with it.
WATCH_KERNEL = """() => {
  const ctx = window.jupyterapp.shell.currentWidget.sessionContext;
  window.__rl = {busy: 0, idleAt: Date.now(), status: 'idle', runAll: null};
  ctx.statusChanged.connect((_, status) => {
    window.__rl.status = status;
    if (status === 'busy') window.__rl.busy += 1;
    if (status === 'idle') window.__rl.idleAt = Date.now();
  });
}"""
KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && k.connectionStatus === 'connected';
}"""
# Clear the stored outputs (so that nothing old is mistaken for a result), then run all cells; the
# command's promise ends when the last cell has run (false if a cell raised and the rest was skipped).
RUN_ALL = """async () => {
  const app = window.jupyterapp;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  window.__rl.runAll = 'running';
  app.commands.execute('notebook:run-all-cells').then(
    ok => { window.__rl.runAll = ok === false ? 'stopped' : 'done'; },
    err => { window.__rl.runAll = 'error: ' + err; });
}"""
# The outputs of the notebook model: errors, stderr text, and how many widgets should be on the page.
OUTPUTS = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  const out = {errors: [], stderr: [], widgets: 0, unrun: 0, code: 0};
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    out.code += 1;
    if (cell.executionCount === null) out.unrun += 1;
    for (let j = 0; j < cell.outputs.length; j++) {
      const o = cell.outputs.get(j).toJSON();
      if (o.output_type === 'error') out.errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      if (o.output_type === 'stream' && o.name === 'stderr') out.stderr.push(`cell ${i}: ${[].concat(o.text).join('')}`);
      if (o.data && o.data['application/vnd.jupyter.widget-view+json']) out.widgets += 1;
    }
  }
  return out;
}"""
RENDERED_WIDGETS = """() => document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length"""
# A short fingerprint of the figure a panel shows (its PNG data URL can be 200 kB).
FINGERPRINT = """(panel) => {
  const img = panel.querySelector('.resnet-panel-output img');
  if (!img) return null;
  const s = img.getAttribute('src') || '';
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return s.length + ':' + h;
}"""
# What kind of control each child of a panel's row of controls is.
CONTROL_KINDS = """(panel) => [...panel.querySelectorAll('.resnet-panel-controls > .jupyter-widgets')].map(c => {
  const k = c.classList;
  if (k.contains('widget-button')) return 'button';
  if (k.contains('widget-slider') || k.contains('widget-hslider')) return 'slider';
  if (k.contains('widget-dropdown')) return 'dropdown';
  if (k.contains('widget-toggle-buttons')) return 'toggle-buttons';
  if (k.contains('widget-toggle-button')) return 'toggle';
  if (k.contains('widget-checkbox')) return 'checkbox';
  if (k.contains('widget-select-multiple')) return 'select-multiple';
  return 'other:' + c.className;
})"""
# The order in which a panel's controls are tried: the cheap and common ones first.
PREFERENCE = ("slider", "dropdown", "toggle-buttons", "toggle", "checkbox", "select-multiple")
ERROR_WORDS = ("Something went wrong", "出错了", "Error", "Traceback")


def uses_widgets(name):
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return any("resnet_lessons.widgets" in "".join(c["source"]) for c in nb["cells"])


def open_notebook(browser, url, name):
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(60_000)
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{url}/lab/tree/{name}?token={TOKEN}&reset", wait_until="domcontentloaded",
              timeout=OPEN_TIMEOUT_S * 1000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=OPEN_TIMEOUT_S * 1000)
    page.wait_for_function(KERNEL_IDLE, timeout=OPEN_TIMEOUT_S * 1000, polling=250)
    page.evaluate("() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }")
    page.evaluate(WATCH_KERNEL)
    return page, errors


def run_all(page):
    page.evaluate(RUN_ALL)
    page.wait_for_function("() => window.__rl.runAll !== 'running'", timeout=RUN_TIMEOUT_S * 1000, polling=500)
    outcome = page.evaluate("() => window.__rl.runAll")
    page.wait_for_function(KERNEL_IDLE, timeout=RUN_TIMEOUT_S * 1000, polling=250)
    return outcome


def wait_for_widgets(page, expected, timeout_s=120):
    """Wait until every widget output of the model is drawn on the page (or shows its error)."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if page.evaluate(RENDERED_WIDGETS) >= expected or page.locator("text=Error displaying widget").count():
            break
        page.wait_for_timeout(250)
    page.wait_for_timeout(500)  # let the last view lay out its figure
    return page.evaluate(RENDERED_WIDGETS)


def kernel_state(page):
    return page.evaluate("() => ({busy: window.__rl.busy, status: window.__rl.status, "
                         "quiet: (Date.now() - window.__rl.idleAt) / 1000})")


def busy_count(page):
    return page.evaluate("() => window.__rl.busy")


def wait_for_change(page, read, before, busy_before, timeout_s, status=None, quiet_rule=True):
    """Poll ``read()`` until it differs from ``before``. Returns (outcome, seconds, detail).

    outcome: "changed"; "error" (the status line shows one); "unchanged" (the kernel received the
    change, finished, and stayed idle QUIET_S without a new figure); "no-message" (the kernel never
    got busy); "timeout". ``busy_before``: the kernel's busy count read before the change was made.
    """
    start = time.time()
    while True:
        now = read()
        if now != before:
            return "changed", time.time() - start, now
        if status is not None:
            text = status.inner_text().strip()
            if any(word in text for word in ERROR_WORDS):
                return "error", time.time() - start, text
        state = kernel_state(page)
        elapsed = time.time() - start
        if quiet_rule and state["busy"] > busy_before and state["status"] == "idle" and state["quiet"] > QUIET_S:
            return "unchanged", elapsed, now
        if quiet_rule and state["busy"] == busy_before and elapsed > NO_MESSAGE_S:
            return "no-message", elapsed, now
        if elapsed > timeout_s:
            return "timeout", elapsed, now
        page.wait_for_timeout(250)


def operate(page, control, kind):
    """Move one control the way a student does; returns a description of what was done."""
    control.scroll_into_view_if_needed()
    if kind == "slider":
        handle = control.locator(".noUi-handle").first
        now, high = (float(handle.get_attribute(a) or 0) for a in ("aria-valuenow", "aria-valuemax"))
        key = "ArrowLeft" if now >= high else "ArrowRight"
        handle.focus()
        page.keyboard.press(key)
        return f"slider {control.inner_text().strip()!r} {key}"
    if kind == "dropdown":
        select = control.locator("select")
        index, count = select.evaluate("s => [s.selectedIndex, s.options.length]")
        select.select_option(index=(index - 1) % count)  # the one before: the last options are often the slow ones
        return f"dropdown -> {select.evaluate('s => s.options[s.selectedIndex].text')!r}"
    if kind == "toggle-buttons":
        button = control.locator("button:not(.mod-active)").first
        label = button.inner_text().strip()
        button.click()
        return f"toggle button {label!r}"
    if kind == "toggle":
        control.click()
        return "toggle"
    if kind == "checkbox":
        box = control.locator("input[type=checkbox]")
        box.click()
        return f"checkbox {control.inner_text().strip()!r} -> {box.is_checked()}"
    if kind == "select-multiple":
        select = control.locator("select")
        chosen = select.evaluate("s => [...s.options].map(o => o.selected)")
        indices = [i for i, on in enumerate(chosen) if on]
        free = [i for i, on in enumerate(chosen) if not on]
        indices = indices + free[:1] if free else indices[:-1]
        select.select_option(index=indices)
        return f"multiple choice -> {select.evaluate('s => [...s.selectedOptions].map(o => o.text)')}"
    raise ValueError(kind)


def move_controls(page, panel, thorough):
    """Move the controls of one auto panel in turn; returns [(what, outcome, seconds)]."""
    kinds = panel.evaluate(CONTROL_KINDS)
    order = sorted((i for i, k in enumerate(kinds) if k in PREFERENCE), key=lambda i: PREFERENCE.index(kinds[i]))
    controls = panel.locator(".resnet-panel-controls > .jupyter-widgets")
    status = panel.locator(".resnet-panel-status")
    tried = []
    for i in order:
        before, busy = panel.evaluate(FINGERPRINT), busy_count(page)
        what = operate(page, controls.nth(i), kinds[i])
        outcome, seconds, detail = wait_for_change(page, lambda: panel.evaluate(FINGERPRINT), before, busy,
                                                   REDRAW_TIMEOUT_S, status)
        if outcome == "changed":  # the figure is new: let the kernel finish, then check the status line
            page.wait_for_function(KERNEL_IDLE, timeout=REDRAW_TIMEOUT_S * 1000, polling=250)
            text = status.inner_text().strip()
            if any(word in text for word in ERROR_WORDS):
                outcome, detail = "error", text
        tried.append((what, outcome, seconds, detail if outcome == "error" else ""))
        # The kernel got the change and drew nothing new, or showed an error: a bug in the widget, stop here.
        # The change never reached the kernel ("no-message", "timeout"): try the next control.
        if outcome in ("changed", "unchanged", "error") and not thorough:
            break
    return tried


def press_run(page, panel):
    """A panel that redraws only after its Run button: press it and wait for the new figure."""
    before, busy = panel.evaluate(FINGERPRINT), busy_count(page)
    panel.locator(".resnet-panel-controls .widget-button.mod-primary").first.click()
    outcome, seconds, detail = wait_for_change(page, lambda: panel.evaluate(FINGERPRINT), before, busy,
                                               RUN_BUTTON_TIMEOUT_S, panel.locator(".resnet-panel-status"),
                                               quiet_rule=False)
    return [("Run button", outcome, seconds, detail if outcome == "error" else "")]


def answer_a_question(page):
    """A widget that is not a Panel (the quiz): click an answer, wait for its feedback text."""
    area = page.locator(".jp-OutputArea-output:has(.widget-toggle-buttons)").first
    before, busy = area.inner_text(), busy_count(page)
    what = operate(page, area.locator(".widget-toggle-buttons").first, "toggle-buttons")
    outcome, seconds, _ = wait_for_change(page, area.inner_text, before, busy, REDRAW_TIMEOUT_S)
    return area, [(what, outcome, seconds, "")]


def scroll_to_top_of(element):
    element.evaluate("e => e.scrollIntoView({block: 'start', inline: 'nearest'})")


def full_screenshot(page, path):
    """The whole notebook in one JPEG: the window grown to the notebook's height (at most MAX_SHOT_HEIGHT,
    chromium's limit); a longer notebook is shot in slices, scrolled one window at a time, and pasted together."""
    from PIL import Image  # matplotlib's dependency: in the course's environment

    scroller = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer").first
    total, visible = scroller.evaluate("e => { e.scrollTop = 0; return [e.scrollHeight, e.clientHeight]; }")
    chrome = VIEWPORT["height"] - visible  # menus, toolbar and status bar around the notebook
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(total + chrome, MAX_SHOT_HEIGHT)})
    try:
        page.wait_for_timeout(500)
        box = scroller.bounding_box()
        top, visible = int(box["y"]), int(box["height"])
        image, offset = None, 0
        while True:
            shot = Image.open(io.BytesIO(page.screenshot(type="jpeg", quality=90))).convert("RGB")
            if image is None:  # the first window, chrome included, on a canvas as tall as the notebook
                image = Image.new("RGB", (shot.width, shot.height + max(0, total - visible)), "white")
                image.paste(shot, (0, 0))
            else:  # a later window: its notebook part only, where it belongs
                image.paste(shot.crop((0, top, shot.width, top + visible)), (0, top + offset))
            if offset + visible >= total:
                break
            offset = scroller.evaluate(f"e => {{ e.scrollTop = {offset + visible}; return e.scrollTop; }}")
            page.wait_for_timeout(300)
        if offset:  # the status bar of the last window at the bottom
            image.paste(shot.crop((0, top + visible, shot.width, shot.height)), (0, top + total))
        image.save(path, quality=80)
    finally:
        scroller.evaluate("e => { e.scrollTop = 0; }")
        page.set_viewport_size(VIEWPORT)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_lesson_runs_and_widgets_respond(browser, lab, name):
    stem = Path(name).stem
    times = TIMES.setdefault(name, {})
    start = time.time()
    page, page_errors = open_notebook(browser, lab, name)
    shown = None
    try:
        times["open"] = time.time() - start
        t0 = time.time()
        outcome = run_all(page)
        times["run"] = time.time() - t0
        outputs = page.evaluate(OUTPUTS)
        assert not outputs["errors"], f"{name}: a cell raised: {outputs['errors']}"
        assert outcome == "done" and outputs["unrun"] == 0, (
            f"{name}: run all cells ended {outcome!r} with {outputs['unrun']} of {outputs['code']} cells not run")
        rendered = wait_for_widgets(page, outputs["widgets"])
        assert page.locator("text=Error displaying widget").count() == 0, f"{name}: a widget failed to display"
        assert rendered >= outputs["widgets"], f"{name}: {rendered} of {outputs['widgets']} widgets drawn"
        tracebacks = page.locator(".jp-OutputArea-output:has-text('Traceback (most recent call last)')")
        assert tracebacks.count() == 0, f"{name}: a traceback is shown: {tracebacks.first.inner_text()[:2000]}"
        for text in outputs["stderr"]:
            print(f"  note: {name} wrote to stderr: {text.strip()[:300]}")

        tried = []
        t0 = time.time()
        if uses_widgets(name):
            assert outputs["widgets"], f"{name} uses the course's widgets but displayed none"
            auto = page.locator(".resnet-panel.resnet-panel-auto")
            runs = page.locator(".resnet-panel.resnet-panel-run")
            if auto.count():
                for i in range(auto.count()):
                    shown = auto.nth(i)
                    tried += move_controls(page, shown, THOROUGH)
                    if not THOROUGH and tried and tried[-1][1] in ("changed", "unchanged", "error"):
                        break
            elif runs.count():
                shown = runs.first
                tried = press_run(page, shown)
            else:
                shown, tried = answer_a_question(page)
            times["control"] = time.time() - t0
            for what, result, seconds, detail in tried:
                print(f"  {name}: {what}: {result} in {seconds:.1f} s {detail}")
            assert tried, f"{name}: no control to move was found in its widgets"
            errors = [t for t in tried if t[1] == "error"]
            assert not errors, f"{name}: a panel showed an error: {errors}"
            bugs = [t for t in tried if t[1] == "unchanged"]
            assert not bugs, f"{name}: the kernel got the change but the figure was not redrawn: {bugs}"
            failed = [t for t in tried if t[1] != "changed"]
            if THOROUGH:
                assert not failed, f"{name}: controls that did not redraw the figure: {failed}"
            assert tried[-1][1] == "changed", f"{name}: no control redrew the figure: {tried}"
        assert not page_errors, f"{name}: errors in the page: {page_errors}"
    finally:
        try:  # also after a failure: the screenshot shows what went wrong
            if shown is not None:
                scroll_to_top_of(shown)
                page.wait_for_timeout(300)
            page.screenshot(path=str(SHOTS / f"{stem}.png"))
            if FULL_SHOTS:
                full_screenshot(page, SHOTS / f"{stem}-full.jpg")
        except Exception as err:  # never hide the test's own failure behind a screenshot's
            print(f"  {name}: no screenshot: {err}")
        times["total"] = time.time() - start
        print(f"{name}: open {times.get('open', 0):.0f} s, run all {times.get('run', 0):.0f} s, "
              f"control {times.get('control', 0):.0f} s, total {times['total']:.0f} s")
        page.close()
        shutdown_kernels(lab)


def test_chinese_jupyterlab_ui(browser, lab_zh):
    if not NOTEBOOKS:
        pytest.skip("no notebooks yet")
    page, page_errors = open_notebook(browser, lab_zh, NOTEBOOKS[0])
    try:
        page.wait_for_selector(".lm-MenuBar-itemLabel:text-is('文件')", timeout=60_000)
        labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "文件" in labels and "File" not in labels, labels
        page.screenshot(path=str(SHOTS / "zh-CN-ui.png"))
        assert not page_errors, page_errors
    finally:
        page.close()
        shutdown_kernels(lab_zh)


# --- lesson 01's depth slider, as a student uses it: type into it, move it, press Run, watch the progress ----

SLIDER_NOTEBOOK = "depth_slider_typing.ipynb"
# The status line while a Run trains: its text and its <progress> bar (resnet_lessons.widgets.panel.progress_html).
STATUS = """(panel) => {
  const status = panel.querySelector('.resnet-panel-status');
  const bar = status && status.querySelector('progress');
  return {text: status ? status.innerText.trim() : '', value: bar ? Number(bar.value) : null,
          max: bar ? Number(bar.max) : null};
}"""


# Run code in the notebook's kernel (not in a cell) and return what it printed.
KERNEL_PRINT = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  let out = '';
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  future.onIOPub = msg => { if (msg.header.msg_type === 'stream') out += msg.content.text; };
  await future.done;
  return out;
}"""


def slider_notebook(workdir):
    """Lesson 01's depth-slider cell in a notebook of its own, with an empty cache (so that Run trains)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    lesson = nbformat.read(ROOT / "notebooks" / "01_degradation_problem.ipynb", as_version=4)
    cell = next(c.source for c in lesson.cells if c.cell_type == "code" and "depth_slider_explorer(" in c.source
                and "import" not in c.source)
    setup = ("import os, tempfile\n"
             "os.environ['RESNET_LESSONS_CACHE'] = tempfile.mkdtemp(prefix='resnet-browser-')  # nothing cached\n"
             "from resnet_lessons import set_threads\n"
             "from resnet_lessons.widgets.degradation import depth_slider_explorer\n"
             "set_threads(1)")
    nb = new_notebook(cells=[new_code_cell(setup), new_code_cell(cell)], metadata=lesson.metadata)  # its kernel
    nbformat.write(nb, workdir / SLIDER_NOTEBOOK)
    return cell


def readout(control):
    return control.locator(".resnet-readout").inner_text().strip()


def test_depth_slider_cannot_be_typed_into_and_run_shows_progress(browser, lab, workdir):
    """Lesson 01's depth slider (issue 17): its readout is a label — typing into it or into the slider changes
    nothing, visibly; the arrow keys move it; Run trains a depth-8 pair (2 epochs) showing "net i of 2 … epoch j"
    and a progress bar that advances, then the new figure with the depth-8 nets (~30 s)."""
    source = slider_notebook(workdir)
    start = time.time()
    page, page_errors = open_notebook(browser, lab, SLIDER_NOTEBOOK)
    try:
        outcome = run_all(page)
        assert outcome == "done", f"run all cells ended {outcome!r}: {page.evaluate(OUTPUTS)}"
        assert wait_for_widgets(page, 1) >= 1, f"the slider of {source!r} was not drawn"
        panel = page.locator(".resnet-panel.resnet-panel-run").first
        controls = panel.locator(".resnet-panel-controls > .jupyter-widgets")
        depth, epochs = controls.nth(0), controls.nth(1)
        assert "depth" in depth.inner_text() and "epochs" in epochs.inner_text()
        assert readout(depth) == "20" and readout(epochs) == "6"

        # Typing: nothing in the row can be typed into, and typed keys change neither value.
        editable = panel.locator(".resnet-panel-controls [contenteditable='true'], .resnet-panel-controls input")
        shown = [e.evaluate("e => e.outerHTML.slice(0, 200)") for e in editable.all() if e.is_visible()]
        assert not shown, f"a slider's readout can be typed into: {shown}"
        depth.locator(".resnet-readout").click()
        page.keyboard.type("9")
        page.keyboard.press("Enter")
        handle = depth.locator(".noUi-handle").first
        handle.focus()
        page.keyboard.type("56")
        page.wait_for_timeout(1000)
        assert readout(depth) == "20" and readout(epochs) == "6"

        # The arrow keys move the sliders: depth 20 -> 14 -> 8, epochs 6 -> 2.
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        epochs.locator(".noUi-handle").first.focus()
        for _ in range(4):
            page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            "([d, e]) => d.querySelector('.resnet-readout').innerText.trim() === '8' && "
            "e.querySelector('.resnet-readout').innerText.trim() === '2'",
            arg=[depth.element_handle(), epochs.element_handle()], timeout=30_000, polling=200)

        # Run: watch the status line until the new figure is there and the Run button is back.
        before = panel.evaluate(FINGERPRINT)
        panel.locator(".resnet-panel-controls .widget-button.mod-primary").first.click()
        seen, t0 = [], time.time()
        while time.time() - t0 < RUN_BUTTON_TIMEOUT_S:
            status = panel.evaluate(STATUS)
            if not seen or status != seen[-1]:
                seen.append(status)
            done = (panel.evaluate(FINGERPRINT) != before and status["value"] is None
                    and not panel.locator(".widget-button.mod-primary:disabled").count())
            if done or any(word in status["text"] for word in ERROR_WORDS):
                break
            page.wait_for_timeout(100)
        trained = time.time() - t0
        texts = [s["text"] for s in seen]
        bars = [s["value"] for s in seen if s["value"] is not None]
        print(f"  depth slider: Run trained 2 nets in {trained:.1f} s; status: {texts}")
        assert not any(word in text for text in texts for word in ERROR_WORDS), texts
        live = [t for t in texts if re.search(r"net [12] of 2, .*epoch [12] of 2", t)]
        assert len(live) >= 2, f"no progress text 'net i of 2 … epoch j of 2' that updates: {texts}"
        assert len(set(bars)) >= 2 and bars == sorted(bars), f"the progress bar did not advance: {seen}"
        assert {s["max"] for s in seen if s["value"] is not None} == {4}, seen  # 2 nets x 2 epochs
        assert panel.evaluate(FINGERPRINT) != before, "Run did not redraw the figure"
        name = re.match(r"\s*(\w+)\s*=\s*depth_slider_explorer", source).group(1)
        runs = page.evaluate(KERNEL_PRINT, f"print(sorted((r.depth, r.residual, len(r.curves['epoch'])) "
                                           f"for r in {name}.result.runs))")
        assert "(8, False, 2), (8, True, 2)" in runs, runs  # the figure now holds the depth-8 pair, 2 epochs each
        page.screenshot(path=str(SHOTS / "01-depth-slider-run.png"))
        assert not page_errors, page_errors
    finally:
        print(f"  depth slider test: {time.time() - start:.0f} s")
        page.close()
        shutdown_kernels(lab)
