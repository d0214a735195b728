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
    assert types == stamp_notebooks.slides.slide_types(nb), "run tools/stamp_notebooks.py"
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


# --- the language button (issue 14): blocks tagged lang="en" / lang="zh-Hans" at build time -------------------

@pytest.mark.parametrize("text, lang", [
    ("A residual block adds its input to its output.", "en"),
    ("残差块把输入加到输出上。", "zh"),
    ("03 · ResNet architecture", "en"),
    ("03 · ResNet 架构", "zh"),                                        # a heading: 2 characters beat 1 word
    ("1.1 基础块（basic block）（ResNet-18、ResNet-34 与 CIFAR ResNet）", "zh"),  # bracketed terms are not English
    ('He 等 2016（"Identity Mappings in Deep Residual Networks"）证明了这一点。', "zh"),  # nor quoted titles
    ("1. 残差学习：y = F(x) + x", "zh"),                                 # single letters are formulas
    ("损失 $\\mathcal{L} = \\sum w \\cdot x_L$ 其中 $w$ 是固定的随机向量", "zh"),   # formulas do not count
    ("Open in Colab · 在 Colab 中打开", "both"),                        # as much of each: shown in every mode
    ("Overfitting lowers the training error, not raises it. 过拟合降低训练误差。", "both"),  # an English sentence
    ("$$y = F(x) + x$$", None),
    ("", None),
])
def test_block_language(text, lang):
    assert build_site.block_language(text) == lang


def test_block_language_refuses_what_is_not_text():
    with pytest.raises(TypeError, match="text"):
        build_site.block_language(None)


def test_tag_languages_tags_blocks_and_the_items_of_a_bilingual_list():
    from bs4 import BeautifulSoup

    fragment = ("<h2 id='a'>2. Residual learning<a class='anchor-link' href='#a'>¶</a></h2>"
                "<h2 id='b'>2. 残差学习</h2><p>The block learns <code>F(x)</code>, the residual.</p>"
                "<p>残差块学习 <code>F(x)</code>，即残差（residual）。</p>"
                "<ol><li>The first answer is b, because overfitting lowers the error. 第一题选 b。</li>"
                "<li>The second one is c. 第二题选 c，因为……</li></ol><p>$x$</p>")
    tagged = BeautifulSoup(build_site.tag_languages(fragment), "html.parser")
    assert [el.get("lang") for el in tagged.find_all(True, recursive=False)] == \
        ["en", "zh-Hans", "en", "zh-Hans", None, None]
    assert tagged.ol.li.get("lang") is None  # each item holds both languages: it always shows
    assert tagged.get_text() == BeautifulSoup(fragment, "html.parser").get_text()  # nothing else changed
    whole_cell = f'<div class="jp-Cell"><div class="jp-RenderedMarkdown">{fragment}</div></div>'
    cell = BeautifulSoup(build_site.tag_languages(whole_cell), "html.parser")
    assert cell.find("div").get("lang") is None and cell.find("h2").get("lang") == "en"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_lesson_cell_is_tagged_english_first_then_chinese(path):
    """Every markdown cell that holds both languages gets both kinds of tag, English before Chinese; the
    header's Colab/Kaggle line, bilingual, stays untagged (it shows in every mode)."""
    from bs4 import BeautifulSoup
    from nbconvert.filters.markdown import markdown2html

    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        tagged = BeautifulSoup(build_site.tag_languages(markdown2html(cell.source)), "html.parser")
        langs = [el["lang"] for el in tagged.find_all(lang=True)]
        if i == 0:
            assert tagged.find("a", href=re.compile("colab")).find_parent("p").get("lang") is None
        if re.search(r"[\u4e00-\u9fff]{8}", cell.source) and re.search(r"(?:[A-Za-z]{3,}\W+){8}", cell.source):
            assert "en" in langs and "zh-Hans" in langs, f"cell {i}: {langs}"
            assert langs.index("en") < langs.index("zh-Hans"), f"cell {i}: Chinese before English?"
        for el in tagged.find_all(lang="en"):
            assert not re.search(r"[\u4e00-\u9fff]{3}", el.get_text()), f"cell {i}: Chinese tagged en: {el}"


def test_pages_carry_the_language_button_and_its_tags(site):
    page = (site / f"{NOTEBOOKS[1].stem}.html").read_text(encoding="utf-8")
    assert page.count('lang="en"') > 20 and page.count('lang="zh-Hans"') > 20
    for value in ("en", "zh", "both"):
        assert f'data-show-lang="{value}"' in page
    assert '<script src="assets/lang.js"></script>' in page and 'href="assets/lang.css"' in page
    assert (site / "assets" / "lang.js").is_file() and "localStorage" in (site / "assets" / "lang.js").read_text()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-show-lang="zh"' in index and '<script src="assets/lang.js"></script>' in index
    assert course.MIRROR_URL in index and course.repository_url() in index


def test_the_mathjax_config_needs_no_tex_font_and_no_about_blank(site):
    """Issue 17: the local MathJax has only STIX-Web fonts; the NativeMML output's @font-face rules for the TeX
    fonts (MathJax_Script-Regular.otf, ...) are dropped before they reach the page (the browser test checks
    that no request fails)."""
    page = (site / f"{NOTEBOOKS[1].stem}.html").read_text(encoding="utf-8")
    assert 'StartupHook("NativeMML Jax Startup"' in page and "/TeX\\/otf\\//" in page
    assert not (site / "mathjax" / "fonts" / "HTML-CSS" / "TeX").exists()


def test_a_details_summary_is_never_hidden_and_pairs_stay_bilingual():
    from bs4 import BeautifulSoup

    fragment = ("<details><summary>Answer key / 参考答案</summary><table><tr><td>1</td><td>b, because the deeper "
                "plain net cannot fit</td></tr></table><table><tr><td>1</td><td>b，因为更深的普通网络拟合不好</td>"
                "</tr></table></details>")
    tagged = BeautifulSoup(build_site.tag_languages(fragment), "html.parser")
    assert tagged.summary.get("lang") is None
    assert [t.get("lang") for t in tagged.find_all("table")] == ["en", "zh-Hans"]
    assert build_site.block_language("Answer key / 参考答案") == "both"


def test_code_with_a_twin_in_the_other_half_follows_its_half_and_a_lone_formula_always_shows():
    from bs4 import BeautifulSoup

    fragment = ("<p>In PyTorch the optimizer is one line:</p><pre><code>opt = SGD(lr=0.1)  # the paper's</code></pre>"
                "<p>And by the chain rule</p><p>$$y = F(x) + x$$</p><p>The one carries the gradient.</p>"
                "<p>在 PyTorch 中，优化器只需一行：</p><pre><code>opt = SGD(lr=0.1)  # 论文的</code></pre>"
                "<p>由链式法则得到上面的公式。</p>")
    tagged = BeautifulSoup(build_site.tag_languages(fragment), "html.parser")
    assert [el.get("lang") for el in tagged.find_all("pre")] == ["en", "zh-Hans"]
    formula = tagged.find(string=re.compile(r"\$\$")).parent
    assert formula.get("lang") is None  # the Chinese half refers to it: it shows in every mode
