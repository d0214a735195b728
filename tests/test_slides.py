"""The slide view of the lessons (tools/slides.py, notebooks/rise.css): slides that fit a projector.

A slide's *content* is defined once, in tools/slides.py (``slides.slides``): the characters its visible
cells show (a heading cell its headings only, a figure cell its printed text only, skip/notes cells
nothing), a figure or widget 0 characters and 1 figure. A slide fits with ≤ 1,500 characters, at most one
figure, and an estimated height within a 1280×720 slide. The browser test (browser_tests/test_slides.py)
checks the real thing in RISE.
"""
import copy
import re
import sys

import nbformat
import pytest
from helpers import CJK
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from resnet_lessons import course

sys.path.insert(0, str(course.ROOT / "tools"))
import slides  # noqa: E402

NOTEBOOKS = sorted((course.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CSS = course.ROOT / "notebooks" / "rise.css"
MIN_FIT = 0.90
TITLE_MAX = 300  # characters of the title slide: the title and one line per language
PNG = "iVBORw0KGgo="


def load(path):
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_slides_fit_and_hold_one_figure_each(path):
    shown = slides.slides(load(path))
    fit = [s for s in shown if s.fits]
    too_big = [(s.cells[0], s.characters, s.figures, round(s.height)) for s in shown if not s.fits]
    assert len(fit) >= MIN_FIT * len(shown), (
        f"{len(fit)} of {len(shown)} slides fit (first cell, characters, figures, px): {too_big}")
    assert all(s.figures <= 1 for s in shown), [s.cells for s in shown if s.figures > 1]
    assert all(s.characters <= slides.FIT_CHARACTERS for s in shown if s.figures)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_title_slide_comes_first_and_is_short(path):
    nb = load(path)
    first = slides.slides(nb)[0]
    assert first.cells == [0], "the title slide shows the title cell alone"
    assert nb.cells[0].metadata.slideshow.slide_type == "slide"
    assert first.characters <= TITLE_MAX, first.text
    assert CJK.search(first.text) and re.search(r"[A-Za-z]{3,}", first.text)
    assert "colab.research.google.com" not in first.text  # the link line is hidden on the slide
    assert not any(c.metadata.slideshow.slide_type == "-" for c in nb.cells[1:first_visible_after_title(nb)])


def first_visible_after_title(nb):
    for i, cell in enumerate(nb.cells[1:], 1):
        if cell.metadata.slideshow.slide_type not in ("skip", "notes"):
            return i
    return len(nb.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_carries_the_stamped_slide_metadata(path):
    """A cell added without slide metadata (or a lesson edited since it was stamped) is caught here."""
    nb = load(path)
    missing = [i for i, c in enumerate(nb.cells) if "slide_type" not in c.metadata.get("slideshow", {})]
    assert not missing, f"cells without slide metadata {missing}: run python tools/stamp_notebooks.py"
    stored = [c.metadata.slideshow.slide_type for c in nb.cells]
    assert stored == slides.slide_types(nb), "out of date: run python tools/stamp_notebooks.py"
    assert nb.metadata.get("rise") == slides.RISE
    assert all(c.metadata.slideshow.slide_type == "skip" for c in nb.cells if "setup" in c.metadata.get("tags", []))


def test_stamping_twice_changes_nothing():
    nb = load(NOTEBOOKS[0])
    for cell in nb.cells:  # as if never stamped
        cell.metadata.pop("slideshow", None)
    nb.metadata.pop("rise", None)
    assert slides.apply(nb) is True
    once = copy.deepcopy(nb)
    assert slides.apply(nb) is False
    assert nb == once


# --- the rules, on a small lesson ------------------------------------------------------------------------

def figure_cell(source="plot(result)", text=None):
    outputs = [new_output("stream", name="stdout", text=text)] if text else []
    outputs.append(new_output("execute_result", data={"image/png": PNG, "text/plain": "<Figure>"}, execution_count=1))
    return new_code_cell(source, execution_count=1, outputs=outputs)


def printing_cell(source, text):
    return new_code_cell(source, execution_count=1, outputs=[new_output("stream", name="stdout", text=text)])


def widget_cell():
    data = {slides.WIDGET: {"model_id": "x", "version_major": 2, "version_minor": 0}, "image/png": PNG,
            "text/plain": "Depth slider / 深度滑块"}
    return new_code_cell("panel = explorer()\npanel", execution_count=1,
                         outputs=[new_output("display_data", data=data)])


PROSE = ("A long paragraph of explanation that belongs in the notebook and in the speaker's mouth. " * 8
         + "\n\n" + "一段很长的解释，属于笔记本和讲者的话。" * 12)


def small_lesson():
    cells = [
        new_markdown_cell("[Open in Colab · 在 Colab 中打开](https://colab.research.google.com/github/a/b)\n\n"
                          "# 03 · ResNet architecture\n# 03 · ResNet 架构\n\nBlocks.\n\n残差块。",
                          metadata={"tags": ["header"]}),
        new_markdown_cell(PROSE),                                                        # 1 the long intro
        new_code_cell("import torch", execution_count=1, metadata={"tags": ["setup"]}),  # 2
        new_code_cell("import numpy as np\nimport torch\n\ndata = load()\ndata", execution_count=2, outputs=[
            new_output("execute_result", data={"text/plain": "Dataset(...)"}, execution_count=2)]),  # 3 imports
        new_code_cell("def helper():\n    return 1", execution_count=3),                          # 4 no output
        new_markdown_cell("## 1. Blocks\n\n" + PROSE[:400] + "\n\n## 1. 残差块\n\n" + PROSE[-200:]),  # 5
        printing_cell("print(count)", "11,689,512 parameters / 参数\n"),                 # 6 one telling number
        new_markdown_cell("The curves: the deeper net stays above.\n\n曲线：更深的网络一直更高。"),  # 7 its point
        figure_cell(),                                                                   # 8
        new_markdown_cell("### 1.1 Explore\n\nDrag the slider.\n\n### 1.1 探索\n\n拖动滑块。"),  # 9
        widget_cell(),                                                                   # 10
        figure_cell("plot(other)"),                                                      # 11
        printing_cell("show_everything()", "a long line of numbers, 0.123 0.456 0.789\n" * 60),  # 12
    ]
    return new_notebook(cells=cells)


def test_the_rules_on_a_small_lesson():
    nb = small_lesson()
    types = slides.slide_types(nb)
    assert types[0] == "slide"                        # the title slide
    assert types[1] == "notes"                        # long prose: what the speaker says
    assert types[2] == types[3] == types[4] == "skip"  # setup, imports, definitions: nothing to show
    assert types[5] == "slide" and types[9] == "subslide"  # "##" starts a slide, "###" a sub-slide
    assert types[6] == "-"                            # a short measurement goes under its heading
    assert types[7] == "subslide" and types[8] == "-"  # a figure gets a slide, with its point just above it
    assert types[10] == "-" and types[11] == "subslide"  # one figure or widget per slide
    assert types[12] == "skip"                        # too long for any slide: in the notebook only
    slides.apply(nb)
    shown = slides.slides(nb)
    assert [s.cells for s in shown] == [[0], [5, 6], [7, 8], [9, 10], [11]]
    assert all(s.fits for s in shown)


def test_what_a_slide_shows_is_what_it_counts():
    nb = small_lesson()
    slides.apply(nb)
    title, section, figure, widget, _ = slides.slides(nb)
    assert title.text == "# 03 · ResNet architecture\n# 03 · ResNet 架构\n\nBlocks.\n\n残差块。"  # no link line
    assert section.text.startswith("## 1. Blocks\n## 1. 残差块\n")  # a heading cell: its headings only
    assert "A long paragraph" not in section.text and "11,689,512" in section.text
    assert "plot(result)" not in figure.text and figure.figures == 1  # a figure cell: no code
    assert widget.figures == 1 and "explorer()" not in widget.text


def test_a_long_code_cell_shows_what_it_printed():
    lines = [f"x{i} = {i}" for i in range(slides.CODE_LINES - 1)] + ["print(x0)"]
    short = printing_cell("\n".join(lines), "0\n")
    long = printing_cell("\n".join(["x = 1", *lines]), "0\n")
    assert slides.shown_text(3, short, "-") == short.source + "\n0\n"  # CODE_LINES lines: code and output
    assert slides.shown_text(3, long, "-") == "0\n"                     # one more: the output only


def test_a_new_cell_without_metadata_is_out_of_date():
    nb = small_lesson()
    slides.apply(nb)
    nb.cells.insert(6, new_markdown_cell("A new remark. 新的说明。"))
    assert [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells] != slides.slide_types(nb)
    assert slides.apply(nb) is True


# --- the stylesheet: projector sizes, and the rules that slides.py mirrors --------------------------------

def css_px(css, selector_part, prop="font-size"):
    """Every ``prop: N px`` in rules whose selector contains ``selector_part``."""
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if selector_part in selector:
            found += [float(v) for v in re.findall(rf"(?<![\w-]){prop}:\s*([\d.]+)px", body)]
    return found


def rule(css, selector):
    """The declarations of the rule whose selector list holds ``selector`` (whitespace as in ``css``)."""
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        parts, depth, start = [], 0, 0
        for i, char in enumerate(selectors):  # split at the commas outside parentheses
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == "," and depth == 0:
                parts.append(selectors[start:i])
                start = i + 1
        if selector in [part.strip() for part in parts + [selectors[start:]]]:
            return body.strip()
    return None


def test_rise_css_is_legible_from_the_back_of_the_room():
    css = CSS.read_text(encoding="utf-8")
    assert min(css_px(css, ".jp-RenderedMarkdown")) >= 28
    assert min(css_px(css, ".cm-content")) >= 20 and min(css_px(css, ".jp-OutputArea-output pre")) >= 20
    assert min(css_px(css, "h1") + css_px(css, "h2") + css_px(css, "h3")) >= 30
    assert slides.BODY_PX == 28 and slides.CODE_PX == 20  # the estimates use the sizes the stylesheet sets


def test_rise_css_hides_what_slides_py_does_not_count():
    css = re.sub(r"\s+", " ", re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S))
    # a heading cell at the top of a slide: headings only
    assert re.search(r"section > section > \.jp-MarkdownCell:first-child \.jp-RenderedMarkdown:has\("
                     r"> :is\(h1, h2, h3, h4, h5, h6\):first-child\) > :not\(h1, h2, h3, h4, h5, h6\) "
                     r"\{ display: none; \}", css)
    # the title slide's line of links
    assert 'p:has(> a[href*="colab.research.google.com"]) { display: none; }' in css
    # a figure or widget cell, and a long code cell: no code
    hidden = rule(css, ".reveal .jp-CodeCell:has(.jp-OutputArea-output img, .jp-OutputArea-output .jupyter-widgets) "
                       ".jp-Cell-inputWrapper")
    assert hidden == rule(css, f".reveal .jp-CodeCell:has(.cm-content > .cm-line:nth-child({slides.CODE_LINES + 1})) "
                               ".jp-Cell-inputWrapper") == "display: none;"
    assert "max-height: 100%" in css and "object-fit: contain" in css  # a figure scales to the slide


def test_working_copies_get_the_stylesheet(tmp_path):
    import working_copies

    source, target = tmp_path / "notebooks", tmp_path / "my-lessons"
    source.mkdir()
    (source / "01_a.ipynb").write_text("{}")
    (source / "rise.css").write_text("body {}")
    assert working_copies.sync(source, target) == ["01_a.ipynb"]
    assert (target / "rise.css").read_text() == "body {}"
    (source / "rise.css").write_text("body { font-size: 28px; }")  # a newer stylesheet replaces the old one
    working_copies.sync(source, target)
    assert (target / "rise.css").read_text() == "body { font-size: 28px; }"
