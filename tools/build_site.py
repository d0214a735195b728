"""Export the executed notebooks to a static HTML site that opens from disk with no internet.

    python tools/build_site.py [OUTPUT_DIR]      # default build/site; open build/site/index.html

Widgets cannot run in a static page, so each interactive panel is shown by the
PNG copy of its figure that the notebook stored next to the widget (see
resnet_lessons/widgets/panel.py); figures are embedded inline.
"""
import html
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from resnet_lessons import course  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def make_static(nb):
    """Drop live-widget views (they need a kernel and a CDN); keep the stored PNG or text fallback."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
    return nb


def export(path, out_dir):
    nb = make_static(nbformat.read(path, as_version=4))
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    target = out_dir / (path.stem + ".html")
    target.write_text(body, encoding="utf-8")
    return target


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
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}}
td{{padding:.4rem .8rem;border-bottom:1px solid #ddd;vertical-align:top}}</style></head><body>
<h1>ResNet Lessons · 残差网络课程</h1>
<p>A bilingual course on residual networks; every figure was measured when the notebook ran.
Interactive widgets appear here as static figures: run the notebooks in JupyterLab (<code>make lab</code>) to use them.</p>
<p>中英双语的残差网络课程；每张图都是运行笔记本时实测得到的。交互控件在此显示为静态图：
在 JupyterLab 中运行笔记本（<code>make lab</code>）即可使用。</p>
<table>{''.join(rows)}</table></body></html>"""


def main(argv):
    out_dir = Path(argv[0]) if argv else course.ROOT / "build" / "site"
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = set()
    for path in sorted((course.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        target = export(path, out_dir)
        pages.add(path.stem)
        print(f"{path.name} -> {target}")
    (out_dir / "index.html").write_text(index_page(pages), encoding="utf-8")
    print(f"open {out_dir / 'index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
