"""A small helper for writing a lesson notebook from a Python script (used while authoring).

    from nbbuild import Lesson
    nb = Lesson("03_architecture.ipynb")
    nb.md("## 1. Blocks\\n\\n English …\\n\\n 中文 …")
    nb.code("from resnet_lessons.models import resnet50\\nresnet50()")
    nb.save()          # writes notebooks/03_architecture.ipynb (unexecuted)

Then run ``python tools/execute_notebooks.py notebooks/03_architecture.ipynb`` to store outputs.
The header cell (Colab link, title, summary) and the setup cell come from ``resnet_lessons.course``.
"""
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from resnet_lessons import course  # noqa: E402


class Lesson:
    def __init__(self, name, intro_md=None, setup_extra=""):
        self.name = name
        self.nb = new_notebook()
        self.nb.metadata["kernelspec"] = dict(course.KERNELSPEC)  # the kernel `make setup` installs
        self.nb.metadata["language_info"] = {"name": "python"}
        self.nb.cells.append(new_markdown_cell(course.header_source(name), metadata={"tags": ["header"]}))
        if intro_md:
            self.md(intro_md)
        setup = course.setup_source() + (setup_extra if setup_extra else "")
        self.code(setup.rstrip("\n"), tags=["setup"])

    def md(self, text, slide=None):
        cell = new_markdown_cell(text.strip("\n"))
        if slide:
            cell.metadata["slideshow"] = {"slide_type": slide}
        self.nb.cells.append(cell)
        return cell

    def code(self, source, tags=()):
        cell = new_code_cell(source.strip("\n"))
        if tags:
            cell.metadata["tags"] = list(tags)
        self.nb.cells.append(cell)
        return cell

    def save(self, folder=None):
        folder = Path(folder) if folder else course.ROOT / "notebooks"
        path = folder / self.name
        nbformat.write(self.nb, path)
        return path
