"""Figures carry a bilingual description (alt text): in the notebook output, on panels' static copies, in the site."""
import sys

import ipywidgets as widgets
import nbformat
import pytest
from helpers import CJK

from resnet_lessons import course, i18n
from resnet_lessons.plots.style import _figure_png, alt_text, describe, new_figure
from resnet_lessons.widgets.panel import Panel, show_figure

sys.path.insert(0, str(course.ROOT / "tools"))
import build_site  # noqa: E402


def figure(alt=True):
    fig, ax = new_figure()
    ax.plot([1, 2, 3], [3, 1, 2])
    return describe(fig, "A line through 3 points; lowest 1 at x = 2.", "一条经过 3 个点的线；x = 2 处最低，为 1。") \
        if alt else fig


def test_describe_and_alt_text_follow_the_language():
    fig = figure()
    assert alt_text(fig) == "A line through 3 points; lowest 1 at x = 2. / 一条经过 3 个点的线；x = 2 处最低，为 1。"
    try:
        i18n.set_language("en")
        assert not CJK.search(alt_text(fig))
        i18n.set_language("zh")
        assert "lowest" not in alt_text(fig)
    finally:
        i18n.set_language("both")
    assert alt_text(figure(alt=False)) is None


@pytest.mark.parametrize("bad", [("", "中文"), ("English", None), (1, 2)])
def test_describe_needs_two_texts(bad):
    with pytest.raises(TypeError) as err:
        describe(figure(alt=False), *bad)
    assert CJK.search(str(err.value))


def test_the_png_formatter_stores_the_alt_text_as_metadata():
    png, metadata = _figure_png(figure())
    assert png.startswith("iVBOR") and "lowest 1" in metadata["alt"]
    assert isinstance(_figure_png(figure(alt=False)), str)


def test_panels_put_the_alt_text_on_their_static_copy_and_live_figure(monkeypatch):
    from resnet_lessons.widgets import display as display_module

    panel = Panel("t", {"n": widgets.IntSlider(value=1, min=1, max=3)}, compute=lambda v: v, draw=lambda r: figure())
    panel.update()
    assert panel.output.outputs[0]["metadata"]["image/png"]["alt"].startswith("A line")
    shown = []
    monkeypatch.setattr(display_module, "display", lambda bundle, raw, metadata: shown.append((bundle, metadata)))
    panel._ipython_display_()
    bundle, metadata = shown[-1]
    assert "image/png" in bundle and "lowest 1" in metadata["image/png"]["alt"]
    output = widgets.Output()
    show_figure(output, figure(alt=False))
    assert output.outputs[0]["metadata"] == {}


def test_the_static_site_uses_it_as_img_alt(tmp_path):
    png, metadata = _figure_png(figure())
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("fig")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"},
                                           metadata={"image/png": metadata})]
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), cell]
    path = tmp_path / "99_t.ipynb"
    nbformat.write(nb, path)
    page = build_site.export(path, tmp_path).read_text(encoding="utf-8")
    assert 'alt="A line through 3 points; lowest 1 at x = 2. / 一条经过 3 个点的线' in page
