"""Export the executed notebooks to a static HTML site that opens from disk with no internet.

    python tools/build_site.py [OUTPUT_DIR]      # default build/site; open build/site/index.html

Everything the pages need is copied next to them: MathJax (from the jupyter-server-mathjax
package) in ``mathjax/``, the course's CJK font in ``fonts/``; figures are embedded inline as PNG.
Widgets cannot run without a kernel, and showing their saved state would need the widget
manager's JavaScript from a CDN, so each interactive panel is shown by the PNG copy of its figure
that the notebook stored next to the widget (see resnet_lessons/widgets/panel.py). The Colab link
is text already; an old-style Colab badge (an image on colab.research.google.com) becomes a plain link.

Language: each block of a markdown cell (paragraph, heading, list, table) is tagged at build time with
``lang="en"`` or ``lang="zh-Hans"`` (``block_language``: Chinese when its CJK characters outnumber its
English words; blocks that hold both languages stay untagged and always show). A button in the page's
bar shows English, 中文 or both (assets/lang.js hides the other language's blocks, and remembers the
choice in localStorage for every page).

The site is made from notebooks/ only (never from the students' copies in my-lessons/), and it
warns about any lesson there with cells that were never run or that stored an error.
"""
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from resnet_lessons import course  # noqa: E402
from resnet_lessons.plots.style import CJK_FONT_PATH  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TEMPLATES = Path(__file__).resolve().parent / "site_template"
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
BADGE = re.compile(r'<a href="(https://colab\.research\.google\.com/[^"]+)"[^>]*><img [^>]*></a>')
BADGE_LINK = r'<a href="\1">Open in Colab · 在 Colab 中打开</a>'
LESSON_LINK = re.compile(r'href="(\d\d_[\w-]+)\.ipynb')  # a link to another lesson -> its page
ASSETS = TEMPLATES / "assets"  # the language button's script and style, copied to assets/ next to the pages

# Telling the two languages apart. Chinese text keeps English terms in brackets （…） and paper titles in
# quotes, and both languages share formulas and code: none of these count as English words.
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[\s,;:'’/-]+[A-Za-z]+)*")  # words in a row: a phrase, a sentence
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\]", re.S)
ASIDE = re.compile(r"（[^（）]*）|\"[^\"]*\"|“[^”]*”")
SENTENCE = 5  # English words in a row that make a block bilingual when it also has Chinese
PAIR = re.compile(r"\s[/·]\s")  # "Answer key / 参考答案", "Open in Colab · 在 Colab 中打开": one text, both languages
# Blocks whose children are tagged one by one when the block itself holds both languages.
CONTAINERS = {"ul", "ol", "li", "div", "blockquote", "details", "section"}
LANG_ATTR = {"en": "en", "zh": "zh-Hans"}


def execution_problems(nb):
    """What makes a stored lesson unfit for the handout: code cells never run, or that stored an error."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        if cell.get("execution_count") is None:
            problems.append(f"cell {i} was never run / 第 {i} 个单元格未运行")
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"cell {i} stored an error ({out.get('ename')}) / 第 {i} 个单元格保存了错误")
    return problems


def warn_if_not_executed(paths, stream=None):
    """Print a warning for each lesson with unexecuted or errored cells; return {name: problems}."""
    stream = stream or sys.stderr
    found = {}
    for path in paths:
        problems = execution_problems(nbformat.read(path, as_version=4))
        if problems:
            found[Path(path).name] = problems
            print(f"warning / 警告: {Path(path).name}: {'; '.join(problems)} "
                  f"— run `make execute` / 请运行 `make execute`", file=stream)
    return found


def block_language(text):
    """The language of one block of text: "en", "zh", "both" (a block that holds both), or None (no words).

    Formulas ($…$) are left out; Chinese is the majority when the CJK characters outnumber the English
    words that are not bracketed （…） or quoted. A block with Chinese and an English sentence (five
    words or more in a row), an "English / 中文" pair, or about as much of each (the Colab link) is "both"."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__} / text 必须是字符串")
    text = MATH.sub(" ", text)
    zh = len(CJK.findall(text))
    parts = PAIR.split(text)
    if zh and len(parts) > 1 and any(ENGLISH_WORD.search(part) and not CJK.search(part) for part in parts):
        return "both"
    english = ASIDE.sub(" ", text) if zh else text
    en = len(ENGLISH_WORD.findall(english))
    if zh + en == 0:
        return None
    longest = max((len(ENGLISH_WORD.findall(run)) for run in ENGLISH_RUN.findall(english)), default=0)
    if zh and longest >= SENTENCE:
        return "both"
    share = zh / (zh + en)
    return "zh" if share > 0.5 else "en" if share < 0.2 else "both"


def _prose(element):
    """The text of an element without its code (code reads the same in both languages)."""
    return "".join(s for s in element.find_all(string=True) if not s.find_parent(["code", "pre"]))


def _tag_blocks(elements):
    """Tag sibling blocks; return the language found for each ("en", "zh", "both" or None: no prose).

    A block with no prose (a code block, a formula alone) sits in one language's half of the cell; it takes
    that language (from its neighbours) only when the cell has a twin of it in the other half (the same code
    with translated comments): a formula that only one half shows, and the other half refers to, stays."""
    found = []
    for element in elements:
        if element.name == "summary":  # the handle of a <details>: hidden, it could not be opened
            found.append("both")
            continue
        lang = block_language(_prose(element))
        if lang in LANG_ATTR:
            element["lang"] = LANG_ATTR[lang]
        elif lang == "both" and element.name in CONTAINERS:
            _tag_blocks(element.find_all(True, recursive=False))
        found.append(lang)
    guesses = {}
    for i, lang in enumerate(found):
        if lang is None:
            before = next((x for x in reversed(found[:i]) if x in LANG_ATTR), None)
            after = next((x for x in found[i + 1:] if x in LANG_ATTR), None)
            guesses[i] = before if after in (None, before) else after if before is None else None
    for i, guess in guesses.items():
        twin = any(g not in (None, guess) and elements[j].name == elements[i].name for j, g in guesses.items())
        if guess and twin:
            elements[i]["lang"] = LANG_ATTR[guess]
    return found


def tag_languages(fragment):
    """The HTML of one markdown cell with each block tagged lang="en" or lang="zh-Hans" (of a bilingual
    list, div or details: its children one by one). The blocks are the top-level elements of the rendered
    markdown (inside the cell's div.jp-RenderedMarkdown when given a whole cell). Nothing else changes."""
    soup = BeautifulSoup(fragment, "html.parser")
    for root in soup.select("div.jp-RenderedMarkdown") or [soup]:
        _tag_blocks(root.find_all(True, recursive=False))
    return str(soup)


def make_static(nb):
    """Drop live-widget views (they need a kernel); keep the stored PNG or text fallback; badge -> link."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = BADGE.sub(BADGE_LINK, cell.source)
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
    return nb


def exporter():
    html_exporter = HTMLExporter(template_name="course", extra_template_basedirs=[str(TEMPLATES)],
                                 mathjax_url=MATHJAX_URL)
    html_exporter.register_filter("tag_languages", tag_languages)
    return html_exporter


def export(path, out_dir, html_exporter=None):
    nb = make_static(nbformat.read(path, as_version=4))
    body, _ = (html_exporter or exporter()).from_notebook_node(nb, resources={"lang_buttons": LANG_BUTTONS})
    body = LESSON_LINK.sub(r'href="\1.html', body)
    target = out_dir / (path.stem + ".html")
    target.write_text(body, encoding="utf-8")
    return target


def copy_assets(out_dir):
    """MathJax, the CJK font and the language button, next to the pages (copied once; about 14 MB)."""
    import jupyter_server_mathjax

    mathjax = Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (out_dir / "mathjax" / "MathJax.js").exists():
        shutil.copytree(mathjax, out_dir / "mathjax", dirs_exist_ok=True)
    (out_dir / "fonts").mkdir(exist_ok=True)
    shutil.copy2(CJK_FONT_PATH, out_dir / "fonts" / CJK_FONT_PATH.name)
    shutil.copytree(ASSETS, out_dir / "assets", dirs_exist_ok=True)


LANG_BUTTONS = ('<span class="lang-toggle" role="group" aria-label="Language / 语言">'
                '<button type="button" data-show-lang="en">English</button>'
                '<button type="button" data-show-lang="zh">中文</button>'
                '<button type="button" data-show-lang="both">English + 中文</button></span>')


def site_links():
    """The repository and its mirror (course.MIRROR_URL), for the index page."""
    repo = course.repository_url()
    return (f'<p class="site-links"><span lang="en">Source: <a href="{repo}">{html.escape(repo)}</a>; mirror for '
            f'readers in mainland China: <a href="{course.MIRROR_URL}">{html.escape(course.MIRROR_URL)}</a></span> '
            f'<span lang="zh-Hans">源代码：<a href="{repo}">{html.escape(repo)}</a>；中国大陆镜像：'
            f'<a href="{course.MIRROR_URL}">{html.escape(course.MIRROR_URL)}</a></span></p>')


def index_page(pages):
    rows = []
    for name, title_en, title_zh, summary_en, summary_zh in course.LESSONS:
        stem = Path(name).stem
        if stem not in pages:
            continue
        rows.append(f"<tr><td>{name[:2]}</td><td><div lang='en'><a href='{stem}.html'>{html.escape(title_en)}</a></div>"
                    f"<div lang='zh-Hans'><a href='{stem}.html'>{html.escape(title_zh)}</a></div></td>"
                    f"<td><div lang='en'>{html.escape(summary_en)}</div>"
                    f"<div lang='zh-Hans'>{html.escape(summary_zh)}</div></td></tr>")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>ResNet Lessons · 残差网络课程</title>
<link rel="stylesheet" href="assets/lang.css"><script src="assets/lang.js"></script>
<style>@font-face{{font-family:"Noto Sans CJK SC Subset";src:url("fonts/{CJK_FONT_PATH.name}") format("truetype")}}
body{{font-family:system-ui,sans-serif,"Noto Sans CJK SC Subset";max-width:60rem;margin:2rem auto;line-height:1.5}}
td{{padding:.4rem .8rem;border-bottom:1px solid #ddd;vertical-align:top}}</style></head><body>
<nav class="site-nav">{LANG_BUTTONS}</nav>
<h1>ResNet Lessons · 残差网络课程</h1>
<p lang="en">A bilingual course on residual networks; every figure was measured when the notebook ran.
Interactive widgets appear here as static figures: run the notebooks in JupyterLab (<code>make lab</code>) to use them.</p>
<p lang="zh-Hans">中英双语的残差网络课程；每张图都是运行笔记本时实测得到的。交互控件在此显示为静态图：
在 JupyterLab 中运行笔记本（<code>make lab</code>）即可使用。</p>
<table>{''.join(rows)}</table>
{site_links()}</body></html>"""


def build(out_dir, notebooks=None):
    """Write the site into ``out_dir``; return the list of pages written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_assets(out_dir)
    html_exporter = exporter()
    paths = notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    warn_if_not_executed(paths)
    targets = [export(Path(path), out_dir, html_exporter) for path in paths]
    index = out_dir / "index.html"
    index.write_text(index_page({target.stem for target in targets}), encoding="utf-8")
    return [index, *targets]


def main(argv):
    out_dir = Path(argv[0]) if argv else ROOT / "build" / "site"
    pages = build(out_dir)
    for page in pages[1:]:
        print(f"wrote {page}")
    print(f"open {pages[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
