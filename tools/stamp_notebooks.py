"""Re-stamp every notebook's Colab and Kaggle links, install cell, kernelspec and slide metadata.

    python tools/stamp_notebooks.py                    # rewrite notebooks/ in place
    python tools/stamp_notebooks.py --check            # exit 1 if any notebook is out of date
    python tools/stamp_notebooks.py [--check] PATH...  # only these notebooks or folders

The Colab and Kaggle links (text links, not the badge image, which is broken offline) are in the first
cell, the install cell (it installs on Colab and Kaggle only) is the code cell tagged "setup", both made
from pyproject.toml's Repository URL.
The kernelspec is exactly the one ``make setup`` installs (``resnet_lessons.course.KERNELSPEC``,
whose display name the Makefile reads), so opening a lesson in JupyterLab does not modify it.
The slide metadata lets a lesson be presented as slides (JupyterLab's RISE extension, or
``jupyter nbconvert --to slides``): tools/slides.py decides which cells a slide shows (``slides.apply``).
"""
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from resnet_lessons import course  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import slides  # noqa: E402  (tools/slides.py: the slide view of a lesson)

_COLAB = r"https://colab\.research\.google\.com/github/[^\s\"')]+"
_KAGGLE = r"https://(?:www\.)?kaggle\.com/kernels/welcome\?src=[^\s\"')]+"
# The whole link, in any form it has had: the <a><img></a> badge, a Markdown image link, a text link;
# with the Kaggle text link that follows it, if there is one.
BADGE = re.compile(rf'(?:<a href="{_COLAB}"[^>]*>\s*<img [^>]*>\s*</a>'
                   rf"|\[!\[[^\]]*\]\([^)]*\)\]\({_COLAB}\)"
                   rf"|\[[^\]\[]*\]\({_COLAB}\))"
                   rf"(?:\s*·\s*\[[^\]\[]*\]\({_KAGGLE}\))?")
COLAB_URL = re.compile(_COLAB)


def stamp_badge(source, name):
    """The first cell's source with its Colab link (whatever its old form) replaced by the course's
    Colab and Kaggle links."""
    link = course.links_markdown(name)
    if BADGE.search(source):
        return BADGE.sub(lambda _: link, source, count=1)
    return COLAB_URL.sub(course.colab_url(name), source)  # a bare address: keep it, but point it here


def stamp(nb, name):
    """Return True if the notebook changed."""
    changed = False
    if nb.metadata.get("kernelspec") != course.KERNELSPEC:
        nb.metadata["kernelspec"], changed = dict(course.KERNELSPEC), True
    first = nb.cells[0]
    new = stamp_badge(first.source, name)
    if new != first.source:
        first.source, changed = new, True
    for cell in nb.cells:
        if cell.cell_type == "code" and "setup" in cell.metadata.get("tags", []):
            # keep anything the lesson adds after the standard setup lines
            standard = course.setup_source()
            marker = "device = pick_device()"
            rest = cell.source.split(marker, 1)[1].partition("\n")[2] if marker in cell.source else ""
            source = standard + rest if rest.strip() else standard.rstrip("\n")
            if source != cell.source:
                cell.source, changed = source, True
    changed = slides.apply(nb) or changed  # slide types follow the cells as they now are
    return changed


def notebooks(args):
    """The lesson notebooks named by ``args`` (files or folders); notebooks/ when there are none."""
    paths = []
    for arg in args or [course.ROOT / "notebooks"]:
        path = Path(arg)
        if path.is_dir():
            paths += sorted(path.glob("[0-9][0-9]_*.ipynb"))
        elif path.suffix == ".ipynb" and path.is_file():
            paths.append(path)
        else:
            raise SystemExit(f"not a notebook or a folder: {arg} / 不是笔记本或文件夹：{arg}")
    return paths


def main(argv):
    check = "--check" in argv
    stale = []
    for path in notebooks([arg for arg in argv if arg != "--check"]):
        nb = nbformat.read(path, as_version=4)
        if stamp(nb, path.name):
            stale.append(path.name)
            if not check:
                nbformat.write(nb, path)
    verb = "out of date (run python tools/stamp_notebooks.py)" if check else "re-stamped"
    for name in stale:
        print(f"{name}: {verb}")
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
