"""Export the executed notebooks to a static HTML site that opens from disk with no internet.

    python tools/build_site.py [OUTPUT_DIR]      # default build/site; open build/site/index.html

Everything the pages need is copied next to them: MathJax (from the jupyter-server-mathjax
package) in ``mathjax/``, the course's CJK font in ``fonts/``; figures are embedded inline as PNG.
Widgets cannot run without a kernel, and showing their saved state would need the widget
manager's JavaScript from a CDN, so each interactive panel is shown by the PNG copy of its figure
that the notebook stored next to the widget (see resnet_lessons/widgets/panel.py). The Colab link
is text already; an old-style Colab badge (an image on colab.research.google.com) becomes a plain link.

The site is made from notebooks/ only (never from the students' copies in my-lessons/), and it
warns about any lesson there with cells that were never run or that stored an error.
"""
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
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
    return HTMLExporter(template_name="course", extra_template_basedirs=[str(TEMPLATES)], mathjax_url=MATHJAX_URL)


def export(path, out_dir, html_exporter=None):
    nb = make_static(nbformat.read(path, as_version=4))
    body, _ = (html_exporter or exporter()).from_notebook_node(nb)
    body = LESSON_LINK.sub(r'href="\1.html', body)
    target = out_dir / (path.stem + ".html")
    target.write_text(body, encoding="utf-8")
    return target


def copy_assets(out_dir):
    """MathJax and the CJK font, next to the pages (copied once; about 14 MB)."""
    import jupyter_server_mathjax

    mathjax = Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (out_dir / "mathjax" / "MathJax.js").exists():
        shutil.copytree(mathjax, out_dir / "mathjax", dirs_exist_ok=True)
    (out_dir / "fonts").mkdir(exist_ok=True)
    shutil.copy2(CJK_FONT_PATH, out_dir / "fonts" / CJK_FONT_PATH.name)


def index_page(pages):
    rows = []
    for name, title_en, title_zh, summary_en, summary_zh in course.LESSONS:
        stem = Path(name).stem
        if stem not in pages:
            continue
        rows.append(f"<tr><td>{name[:2]}</td><td><a href='{stem}.html'>{html.escape(title_en)}</a><br>"
                    f"<a href='{stem}.html'>{html.escape(title_zh)}</a></td>"
                    f"<td>{html.escape(summary_en)}<br>{html.escape(summary_zh)}</td></tr>")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>ResNet Lessons · 残差网络课程</title>
<style>@font-face{{font-family:"Noto Sans CJK SC Subset";src:url("fonts/{CJK_FONT_PATH.name}") format("truetype")}}
body{{font-family:system-ui,sans-serif,"Noto Sans CJK SC Subset";max-width:60rem;margin:2rem auto;line-height:1.5}}
td{{padding:.4rem .8rem;border-bottom:1px solid #ddd;vertical-align:top}}</style></head><body>
<h1>ResNet Lessons · 残差网络课程</h1>
<p>A bilingual course on residual networks; every figure was measured when the notebook ran.
Interactive widgets appear here as static figures: run the notebooks in JupyterLab (<code>make lab</code>) to use them.</p>
<p>中英双语的残差网络课程；每张图都是运行笔记本时实测得到的。交互控件在此显示为静态图：
在 JupyterLab 中运行笔记本（<code>make lab</code>）即可使用。</p>
<table>{''.join(rows)}</table></body></html>"""


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
