"""Re-stamp every notebook's Colab badge, Colab install cell and slide metadata.

    python tools/stamp_notebooks.py            # rewrite in place
    python tools/stamp_notebooks.py --check    # exit 1 if any notebook is out of date

The badge is the first cell's Colab link and the install cell is the code cell tagged "setup",
both made from pyproject.toml's Repository URL. The slide metadata lets a lesson be presented as
slides (JupyterLab's RISE extension, or ``jupyter nbconvert --to slides``): the title cell and
every ``##`` heading start a slide, ``###`` headings a sub-slide, the setup cell is skipped.
"""
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from resnet_lessons import course  # noqa: E402

BADGE = re.compile(r"https://colab\.research\.google\.com/github/[^\s\"')]+")


def slide_type(cell):
    """The reveal.js slide type of a cell under the course's rule (see the module docstring)."""
    tags = cell.metadata.get("tags", [])
    if "header" in tags:
        return "slide"
    if "setup" in tags:
        return "skip"
    if cell.cell_type == "markdown":
        first_line = cell.source.lstrip().split("\n", 1)[0]
        if first_line.startswith(("# ", "## ")):
            return "slide"
        if first_line.startswith("### "):
            return "subslide"
    return "-"


def stamp(nb, name):
    """Return True if the notebook changed."""
    changed = False
    first = nb.cells[0]
    new = BADGE.sub(course.colab_url(name), first.source)
    if new != first.source:
        first.source, changed = new, True
    for cell in nb.cells:
        slideshow = {"slide_type": slide_type(cell)}
        if cell.metadata.get("slideshow") != slideshow:
            cell.metadata["slideshow"], changed = slideshow, True
        if cell.cell_type == "code" and "setup" in cell.metadata.get("tags", []):
            # keep anything the lesson adds after the standard setup lines
            standard = course.setup_source()
            marker = "device = pick_device()"
            rest = cell.source.split(marker, 1)[1].partition("\n")[2] if marker in cell.source else ""
            source = standard + rest if rest.strip() else standard.rstrip("\n")
            if source != cell.source:
                cell.source, changed = source, True
    return changed


def main(argv):
    check = "--check" in argv
    stale = []
    for path in sorted((course.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if stamp(nb, path.name):
            stale.append(path.name)
            if not check:
                nbformat.write(nb, path)
    verb = "out of date" if check else "re-stamped"
    for name in stale:
        print(f"{name}: {verb}")
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
