"""The course in JupyterLab's dark theme: figures stay readable, widget text keeps its contrast.

JupyterLab starts with the "JupyterLab Dark" theme (a user setting, like the other browser tests' settings).
Two executed lessons (01 and 08) are opened as stored (nothing is run): every output image must be opaque
(every pixel's alpha 255, read back through a canvas) and, on the screen, surrounded by its own white
background, not the theme's dark one (pixel statistics of the page's screenshot). A small notebook then
runs two panels live: one with a figure, one whose computation fails, so that its labels, its readouts and
its error text can be measured against what is really behind them (WCAG contrast, at least 4.5:1).
Screenshots go to build/screenshots/ (``dark-NN_name.png``, ``dark-widgets.png``).
"""
import io
import shutil
import time

import nbformat
import pytest

from conftest import ROOT, TOKEN, shutdown_kernels, start_lab, stop_lab

BUILD = ROOT / "build" / "browser-dark"
SHOTS = ROOT / "build" / "screenshots"
LESSONS = [sorted((ROOT / "notebooks").glob(f"{nn}_*.ipynb"))[0].name for nn in ("01", "08")]
THEME = {"@jupyterlab/apputils-extension/themes": {"theme": "JupyterLab Dark"}}
VIEWPORT = {"width": 1400, "height": 1000}
MIN_CONTRAST = 4.5  # WCAG AA for normal text

WIDGETS_NOTEBOOK = "dark_widgets.ipynb"
WIDGET_CELLS = [
    "from resnet_lessons.widgets.architecture import architecture_explorer\n"
    "architecture_explorer('resnet18')",
    "import ipywidgets as widgets\n"
    "from resnet_lessons.widgets.panel import Panel\n\n"
    "def fails(values):\n"
    "    raise ValueError('depth must be 6n+2 / 深度必须是 6n+2')\n\n"
    "broken = Panel('A panel whose computation fails / 计算失败的面板', {'depth': widgets.IntSlider(value=20, min=8, "
    "max=56, description='depth')}, compute=fails, draw=lambda result: None)\n"
    "broken.update()\n"
    "broken",
]

# Every output <img> of the notebook: loaded, drawn into a canvas, alpha read back (data: URLs never taint it).
IMAGES = """() => [...document.querySelectorAll('.jp-OutputArea-output img')].map((img, i) => {
  const box = img.getBoundingClientRect();
  const out = {i, width: img.naturalWidth, height: img.naturalHeight, loaded: img.complete && img.naturalWidth > 0,
               translucent: null, filter: getComputedStyle(img).filter};
  if (out.loaded) {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let translucent = 0;
    for (let k = 3; k < data.length; k += 4) if (data[k] < 255) translucent += 1;
    out.translucent = translucent;
  }
  return out;
})"""
THEME_IS_DARK = "() => document.body.dataset.jpThemeLight === 'false'"
# Each visible text element of the panels: its colour and the first opaque background behind it (the page's
# own at the end), as [r, g, b] — measured, not read from the theme's source.
PANEL_TEXTS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length === 3 || c[3] > 0.5)) return c.slice(0, 3);
    }
    return rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3);
  };
  const texts = [];
  for (const panel of document.querySelectorAll('.resnet-panel')) {
    for (const el of panel.querySelectorAll('*')) {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      const box = el.getBoundingClientRect();
      if (!own || box.width === 0 || box.height === 0) continue;
      texts.push({text: el.textContent.trim().slice(0, 60), color: rgb(getComputedStyle(el).color).slice(0, 3),
                  background: background(el), error: !!el.closest('.resnet-panel-status')});
    }
  }
  return texts;
}"""


def luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def dark_lab():
    """JupyterLab in the dark theme over a copy of two executed lessons and a small notebook with panels."""
    for old in (BUILD,):
        if old.exists():
            shutil.rmtree(old)
    notebooks = BUILD / "notebooks"
    notebooks.mkdir(parents=True)
    for name in LESSONS:
        shutil.copy(ROOT / "notebooks" / name, notebooks / name)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in WIDGET_CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebooks / WIDGETS_NOTEBOOK)
    settings = BUILD / "settings"
    for plugin, values in THEME.items():  # start_lab adds the other test settings
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(__import__("json").dumps(values))
    SHOTS.mkdir(parents=True, exist_ok=True)
    proc, url = start_lab(notebooks, settings)
    yield url
    stop_lab(proc)


def open_page(browser, url, name):
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(60_000)
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{url}/lab/tree/{name}?token={TOKEN}&reset", wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_function(THEME_IS_DARK, timeout=60_000, polling=250)
    page.evaluate("() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }")
    return page, errors


def stored_images(name):
    """How many figures the stored notebook shows as images (a widget's static copy is not one: JupyterLab
    shows the widget, or its "loading" text without a kernel)."""
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return sum(1 for cell in nb.cells for out in cell.get("outputs", [])
               if "image/png" in out.get("data", {}) and "application/vnd.jupyter.widget-view+json" not in out["data"])


def _pixels(page):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB")).astype(int)


@pytest.mark.parametrize("name", LESSONS)
def test_stored_figures_are_opaque_and_white_on_the_dark_theme(browser, dark_lab, name):
    import numpy as np

    start = time.time()
    page, errors = open_page(browser, dark_lab, name)
    try:
        expected = stored_images(name)
        page.wait_for_function(f"() => {{ const imgs = [...document.querySelectorAll('.jp-OutputArea-output img')];"
                               f" return imgs.length >= {expected} && imgs.every(img => img.complete); }}",
                               timeout=60_000, polling=250)
        images = page.evaluate(IMAGES)
        assert len(images) >= max(expected, 3), f"{name}: {len(images)} output images, {expected} stored"
        assert all(img["loaded"] for img in images), [img for img in images if not img["loaded"]]
        translucent = [img for img in images if img["translucent"]]
        assert not translucent, f"{name}: images with see-through pixels on the dark theme: {translucent}"
        assert all(img["filter"] in ("none", "") for img in images)  # shown as they are, not inverted
        background = None
        checked = 0
        scroller = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer").first
        for i, img in enumerate(page.locator(".jp-OutputArea-output img").all()):
            img.evaluate("e => e.scrollIntoView({block: 'center', inline: 'nearest'})")
            page.wait_for_timeout(150)
            box, view = img.bounding_box(), scroller.bounding_box()
            x0, y0 = int(box["x"]) + 2, int(box["y"]) + 2
            x1, y1 = int(box["x"] + box["width"]) - 3, int(box["y"] + box["height"]) - 3
            if not (view["x"] <= x0 < x1 < view["x"] + view["width"] and view["y"] <= y0 < y1 < view["y"] + view["height"]):
                continue  # taller than the notebook's window: its corners are not all on the screen at once
            pixels = _pixels(page)
            corners = np.array([pixels[y0, x0], pixels[y0, x1], pixels[y1, x0], pixels[y1, x1]])
            assert corners.min() >= 245, f"{name}: image {i} corners {corners.tolist()} are not white"
            inside = pixels[y0:y1, x0:x1].reshape(-1, 3)
            assert (inside.min(axis=1) >= 245).mean() > 0.5, f"{name}: image {i} is not mostly white background"
            if background is None and box["x"] > 40:  # the dark page just left of the image
                background = pixels[int(box["y"] + box["height"] / 2), int(box["x"]) - 20]
            checked += 1
            if i == 0:
                page.screenshot(path=str(SHOTS / f"dark-{name.replace('.ipynb', '')}.png"))
        assert checked >= 3, f"{name}: only {checked} images could be checked on the screen"
        assert background is not None and background.max() < 80, f"{name}: not the dark theme: {background}"
        assert not errors, errors
    finally:
        page.close()
        print(f"{name}: {time.time() - start:.0f} s")


def test_panel_labels_and_error_text_keep_their_contrast_on_the_dark_theme(browser, dark_lab):
    start = time.time()
    page, errors = open_page(browser, dark_lab, WIDGETS_NOTEBOOK)
    try:
        page.wait_for_function("() => { const k = window.jupyterapp.shell.currentWidget.sessionContext.session;"
                               " return !!k && !!k.kernel && k.kernel.status === 'idle'; }",
                               timeout=120_000, polling=250)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_selector(".resnet-panel-status span", timeout=120_000)
        page.wait_for_function("() => document.querySelectorAll('.resnet-panel-output img').length >= 1",
                               timeout=120_000, polling=250)
        page.wait_for_timeout(500)
        page.locator(".resnet-panel-status span").first.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / "dark-widgets.png"))
        texts = page.evaluate(PANEL_TEXTS)
        assert any(t["error"] and "ValueError" in t["text"] for t in texts), texts
        assert sum(not t["error"] for t in texts) >= 3, texts  # titles, labels, readouts
        low = [(t["text"], round(contrast(t["color"], t["background"]), 2)) for t in texts
               if contrast(t["color"], t["background"]) < MIN_CONTRAST]
        assert not low, f"text with too little contrast on the dark theme: {low}"
        assert max(max(t["background"]) for t in texts) < 80  # measured on the dark theme's background
        images = page.evaluate(IMAGES)
        assert images and not [img for img in images if img["translucent"]]
        assert not errors, errors
    finally:
        page.close()
        shutdown_kernels(dark_lab)
        print(f"widgets: {time.time() - start:.0f} s")
