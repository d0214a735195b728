"""`make html` (tools/build_site.py) and the slide metadata: pages that need nothing from the internet."""
import re
import sys

import nbformat
import pytest

from resnet_lessons import course

sys.path.insert(0, str(course.ROOT / "tools"))
import build_site  # noqa: E402
import stamp_notebooks  # noqa: E402

NOTEBOOKS = sorted((course.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# Anything a page would load by itself (not a link the reader may follow).
REMOTE_RESOURCE = re.compile(r'<(script|img|link|iframe|source)\b[^>]*\b(src|href)="(https?:)?//', re.I)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    build_site.build(out, [NOTEBOOKS[1], NOTEBOOKS[-1]])  # 02 has formulas, 09 links every lesson
    return out


def test_pages_load_nothing_from_the_internet(site):
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not REMOTE_RESOURCE.search(text), f"{page.name}: {REMOTE_RESOURCE.search(text).group(0)}"


def test_mathjax_and_font_are_copied_next_to_the_pages(site):
    page = (site / f"{NOTEBOOKS[1].stem}.html").read_text(encoding="utf-8")
    assert f'src="{build_site.MATHJAX_URL}"' in page
    assert (site / "mathjax" / "MathJax.js").is_file() and (site / "mathjax" / "config" / "Safe.js").is_file()
    assert (site / "fonts" / "NotoSansCJKscSubset-Regular.ttf").stat().st_size > 1_000_000
    assert "NotoSansCJKscSubset-Regular.ttf" in page


def test_links_between_lessons_point_to_pages_and_badge_is_a_plain_link(site):
    summary = (site / f"{NOTEBOOKS[-1].stem}.html").read_text(encoding="utf-8")
    assert not re.search(r'href="\d\d_[\w-]+\.ipynb', summary)
    assert 'href="01_degradation_problem.html' in summary
    assert "colab-badge.svg" not in summary and "Open in Colab · 在 Colab 中打开" in summary


def test_widgets_become_their_stored_figures(site):
    page = (site / f"{NOTEBOOKS[1].stem}.html").read_text(encoding="utf-8")
    assert build_site.WIDGET_VIEW not in page
    assert page.count("data:image/png;base64") >= 5


def test_index_lists_both_languages(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for name, title_en, title_zh, *_ in course.LESSONS:
        if name in (NOTEBOOKS[1].name, NOTEBOOKS[-1].name):
            assert title_en in index and title_zh in index


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_has_slide_metadata_and_the_slides_export(path):
    from nbconvert import SlidesExporter

    nb = nbformat.read(path, as_version=4)
    types = [cell.metadata.get("slideshow", {}).get("slide_type") for cell in nb.cells]
    assert types == [stamp_notebooks.slide_type(cell) for cell in nb.cells], "run tools/stamp_notebooks.py"
    assert types[0] == "slide" and "skip" in types
    body, _ = SlidesExporter().from_notebook_node(nb)
    assert body.count("<section") >= types.count("slide")  # one reveal.js section per slide at least


def test_lessons_with_unexecuted_or_errored_cells_are_warned_about(tmp_path):
    import io

    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    nb = new_notebook(cells=[new_markdown_cell("# title"),
                             new_code_cell("1 + 1", execution_count=1),
                             new_code_cell("print('never run')"),
                             new_code_cell("1 / 0", execution_count=2, outputs=[new_output(
                                 "error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]),
                             new_code_cell("   ")])
    bad, good = tmp_path / "05_bad.ipynb", tmp_path / "06_good.ipynb"
    nbformat.write(nb, bad)
    nbformat.write(new_notebook(cells=[new_code_cell("2", execution_count=1)]), good)
    assert build_site.execution_problems(nb) == [
        "cell 2 was never run / 第 2 个单元格未运行",
        "cell 3 stored an error (ZeroDivisionError) / 第 3 个单元格保存了错误"]
    stream = io.StringIO()
    found = build_site.warn_if_not_executed([bad, good], stream)
    assert list(found) == ["05_bad.ipynb"]
    text = stream.getvalue()
    assert text.startswith("warning / 警告: 05_bad.ipynb: cell 2 was never run") and "make execute" in text
    assert "06_good" not in text


def test_the_site_is_made_from_notebooks_only():
    import inspect

    source = inspect.getsource(build_site.build)
    assert 'ROOT / "notebooks"' in source and "my-lessons" not in source
