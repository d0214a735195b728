"""The slide view of a lesson: which cells a lecture shows, and where each slide starts.

    python tools/slides.py                # how many slides of each lesson fit, and the ones that do not
    python tools/slides.py -v 01          # every slide of lesson 01: its cells and its size

``apply(nb)`` writes ``cell.metadata.slideshow.slide_type`` of every cell (and the notebook's ``rise``
settings); ``tools/stamp_notebooks.py`` calls it for every lesson, so the slides follow the lesson
whenever it is re-stamped. A lesson is presented with RISE in JupyterLab (``Alt+R``, or open
``/rise/NN_name.ipynb``) and ``notebooks/rise.css`` (RISE loads ``rise.css`` from the notebook's folder)
sets the projector sizes: 28 px text, 20 px code at 1280×720.

The rules (the lesson's own text is never changed, only the cells' slide types):

- The first cell (bilingual title, one line per language, the Colab link) is the title slide; on a slide
  the link line is hidden.
- ``##`` (and ``#``) headings start a slide, ``###`` headings a sub-slide. On a slide a heading cell shows
  **its headings only** (both languages: rise.css hides its prose): the prose is for reading; the speaker
  says it. The rest of a long section goes on sub-slides.
- Markdown without a heading: a short cell (≤ ``SHORT_MARKDOWN`` characters, about one sentence per
  language) is shown, e.g. the point of the figure that follows it; a longer one becomes speaker
  ``notes`` (``T`` in RISE opens them).
- Code cells with no output (the setup cell, definitions) and those mostly of imports are ``skip``ped.
  A cell with a figure or a widget shows the figure only (rise.css hides its code) and gets a slide of its
  own, together with the short markdown just before it: one figure per slide, with its point. A cell that
  prints is shown with its code if that is at most ``CODE_LINES`` lines long, else with what it printed
  only (rise.css hides the code); one too long for a slide even so (e.g. a long ``show_source``) is skipped.
- Cells are packed onto a slide while they fit (an estimate of their height at 1280×720 with rise.css);
  the next one that does not starts a sub-slide. The title slide holds the title alone.

The **content** of a slide (``slides(nb)``; what ``tests/test_slides.py`` counts): the characters a
slide shows — the visible cells from one ``slide``/``subslide`` start to the next, ``skip`` and ``notes``
cells left out; of a heading cell its heading lines only, of the title cell all but its link line;
of a code cell its source (unless it shows a figure or a widget, or is longer than ``CODE_LINES`` lines)
plus its text outputs (stream text, plain text, HTML as text). A figure or widget counts 0 characters and
1 figure. A slide *fits* when its content is ≤ ``FIT_CHARACTERS`` characters, it holds at most one figure,
and its estimated height (a figure at ``FIGURE_MIN`` px) is within the slide's ``SLIDE_HEIGHT``.
"""
import html
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FIT_CHARACTERS = 1500
SHORT_MARKDOWN = 700     # characters of a markdown cell without heading that is shown on a slide
TITLE_TAG = "header"     # the first cell's tag (resnet_lessons.course / tools/nbbuild.py)
WIDGET = "application/vnd.jupyter.widget-view+json"
IMAGES = ("image/png", "image/jpeg", "image/svg+xml")
# RISE settings stored in the notebook's metadata (they override JupyterLab's RISE settings).
RISE = {"theme": "simple", "transition": "none", "center": False, "slideNumber": "c/t",
        "start_slideshow_at": "beginning", "auto_select": "none"}

# --- the geometry of a slide with rise.css at 1280×720 (pixels; estimates, checked in the browser) ----
SLIDE_HEIGHT = 720 - 2 * 20 - 20     # the section's padding, and 20 px to spare
TEXT_WIDTH = 1280 - 2 * 44
BODY_PX, BODY_LINE = 28, 1.35        # markdown text
HEADING_PX = {1: 46, 2: 40, 3: 34}   # heading font sizes; a heading line is 1.2 of its size, plus margins
CODE_PX, CODE_LINE = 20, 1.3         # code and text outputs
FIGURE_MIN = 360                     # a figure is scaled down to fit, but not below this height
WIDGET_CONTROLS = 110                # a panel's title, controls and status line above its figure
CELL_GAP = 14
CODE_LINES = 12                      # a code cell with more lines shows only its output on a slide

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
LINK_LINE = re.compile(r"^\s*\[[^\]]*\]\(https?://[^)]*\)(\s*·\s*\[[^\]]*\]\(https?://[^)]*\))*\s*$")


# --- what a cell shows --------------------------------------------------------------------------------

def headings(source):
    """The heading lines of a markdown cell (outside fenced code)."""
    out, fenced = [], False
    for line in source.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and HEADING.match(line):
            out.append(line)
    return out


def heading_level(cell):
    """1-6 if a markdown cell starts with a heading, else 0."""
    if cell.cell_type != "markdown":
        return 0
    match = HEADING.match(cell.source.lstrip().split("\n", 1)[0])
    return len(match.group(1)) if match else 0


def is_title(index, cell):
    return index == 0 or TITLE_TAG in cell.metadata.get("tags", [])


def title_text(source):
    """The title cell as a slide shows it: without its line of links (Colab, Kaggle)."""
    return "\n".join(line for line in source.splitlines() if not LINK_LINE.match(line)).strip()


def has_figure(cell):
    """True if a code cell shows a figure or a widget (one per slide)."""
    return any(key in out.get("data", {}) for out in cell.get("outputs", []) for key in (WIDGET, *IMAGES))


def text_outputs(cell):
    """The text a code cell's outputs show (not counting figures and widgets)."""
    texts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            texts.append(out.text)
        elif out.output_type == "error":
            texts.append("\n".join(out.get("traceback", [])))
        else:
            data = out.get("data", {})
            if WIDGET in data or any(key in data for key in IMAGES):
                continue
            if "text/html" in data:
                texts.append(html.unescape(re.sub(r"<[^>]+>", "", data["text/html"])))
            elif "text/markdown" in data:
                texts.append(data["text/markdown"])
            elif "text/plain" in data:
                texts.append(data["text/plain"])
    return texts


def shown_text(index, cell, slide_type):
    """What a visible cell shows on a slide, as text (see the module docstring)."""
    if cell.cell_type == "markdown":
        if is_title(index, cell):
            return title_text(cell.source)
        if slide_type in ("slide", "subslide") and heading_level(cell):
            return "\n".join(headings(cell.source))
        return cell.source
    if cell.cell_type == "code":
        texts = text_outputs(cell)
        return "\n".join([cell.source, *texts] if shows_code(cell) else texts)
    return cell.source  # a raw cell


def shows_code(cell):
    """Whether a code cell shows its code on a slide: not with a figure or widget, nor when longer than
    ``CODE_LINES`` lines (rise.css hides it; the slide shows what it printed)."""
    return not has_figure(cell) and len(cell.source.split("\n")) <= CODE_LINES


# --- how tall it is on a slide --------------------------------------------------------------------------

def text_width(text, px, latin=0.55):
    """Pixels a line of text takes at font size ``px``: a CJK character one em, others ``latin`` em."""
    return sum(px if unicodedata.east_asian_width(c) in "WF" else latin * px for c in text)


def markdown_height(text):
    """A markdown cell: headings, paragraphs (source lines joined: markdown rewraps them), list items."""
    height = 0.0
    for block in re.split(r"\n\s*\n", text.strip()):
        lines, paragraph = [], []
        for line in block.splitlines():
            if HEADING.match(line) or LIST_ITEM.match(line) or not paragraph:
                lines.append(line)
                paragraph = [line]
            else:  # a continuation line of the paragraph or list item
                lines[-1] = f"{lines[-1]} {line.strip()}"
        for line in lines:
            match = HEADING.match(line)
            if match:
                px = HEADING_PX.get(len(match.group(1)), BODY_PX)
                rows = math.ceil(text_width(match.group(2), px) / TEXT_WIDTH) or 1
                height += rows * 1.2 * px + 0.25 * px
                continue
            words = re.sub(r"\]\([^)]*\)|[*_`]|<[^>]+>", "", line)  # a link shows its text only
            rows = math.ceil(text_width(words.strip(), BODY_PX) / TEXT_WIDTH) or 1
            height += rows * BODY_LINE * BODY_PX
        if not HEADING.match(lines[-1] if lines else ""):
            height += 0.6 * BODY_PX  # the space after a paragraph or a list
    return height


def code_height(text):
    """Code or a text output: monospace, lines wrapped at the slide's width."""
    lines = sum(max(1, math.ceil(text_width(line.expandtabs(), CODE_PX, latin=0.6) / TEXT_WIDTH))
                for line in text.rstrip("\n").split("\n"))
    return lines * CODE_LINE * CODE_PX + 16


def height(index, cell, slide_type):
    """About how many pixels a visible cell takes on a slide (figures at their smallest)."""
    text = shown_text(index, cell, slide_type)
    if cell.cell_type == "markdown":
        return markdown_height(text) + CELL_GAP
    total = CELL_GAP
    if cell.cell_type == "code" and shows_code(cell) and cell.source.strip():
        total += code_height(cell.source)
    for out in text_outputs(cell):
        total += code_height(out)
    if has_figure(cell):
        widget = any(WIDGET in out.get("data", {}) for out in cell.outputs)
        total += FIGURE_MIN + (WIDGET_CONTROLS if widget else 0)
    return total


# --- the rules --------------------------------------------------------------------------------------

def is_imports(source):
    """Whether a code cell is mostly imports (the lesson's setup): half its statements or more."""
    lines = [line for line in source.split("\n") if line.strip() and not line.lstrip().startswith(("#", ")"))]
    imports = [line for line in lines if re.match(r"(import|from)\s+\w", line)]
    return bool(lines) and len(imports) >= len(lines) / 2


def visible_kind(index, cell):
    """What a cell is before packing: "title", "heading", "text", "notes", "code", "figure" or "skip"."""
    tags = cell.metadata.get("tags", [])
    if is_title(index, cell):
        return "title"
    if "setup" in tags:
        return "skip"
    if cell.cell_type == "markdown":
        if heading_level(cell):
            return "heading"
        return "text" if len(cell.source) <= SHORT_MARKDOWN else "notes"
    if cell.cell_type == "code":
        if not cell.get("outputs") or is_imports(cell.source):
            return "skip"
        return "figure" if has_figure(cell) else "code"
    return "skip"  # raw cells


def slide_types(nb):
    """The slide type of every cell of ``nb`` under the course's rules (a list, one per cell)."""
    cells = nb.cells
    kinds = [visible_kind(i, cell) for i, cell in enumerate(cells)]
    types = ["skip" if kind == "skip" else "notes" if kind == "notes" else "-" for kind in kinds]

    def size(unit):  # (height, characters, figures) of some cells shown one after the other on a slide
        shown = [k for k in unit if kinds[k] not in ("skip", "notes")]
        return (sum(height(k, cells[k], types[k]) for k in shown),
                sum(len(shown_text(k, cells[k], types[k])) + 1 for k in shown),
                sum(kinds[k] == "figure" for k in shown))

    slide = None  # [height, characters, figures] of the current slide; None before the title
    i = 0
    while i < len(cells):
        kind = kinds[i]
        if kind in ("skip", "notes"):
            i += 1
            continue
        if kind in ("title", "heading"):
            types[i] = "subslide" if kind == "heading" and heading_level(cells[i]) >= 3 else "slide"
            slide = list(size([i])) if kind == "heading" else None  # the title slide: the title alone
            i += 1
            continue
        # A unit goes onto one slide: a cell, or a short text and the figure right after it (its point).
        unit = [i]
        if kind == "text":
            j = next((k for k in range(i + 1, len(cells)) if kinds[k] not in ("skip", "notes")), None)
            if j is not None and kinds[j] == "figure" and fits(size(range(i, j + 1))):
                unit = list(range(i, j + 1))
        need = size(unit)
        if not need[2] and not fits(need):  # too big for any slide: in the notebook only
            types[i] = "skip"
            i += 1
            continue
        if slide is None or not fits([a + b for a, b in zip(slide, need)]):
            types[unit[0]] = "subslide"
            slide = [0.0, 0, 0]
        slide = [a + b for a, b in zip(slide, need)]
        i = unit[-1] + 1
    return types


def fits(size):
    """Whether (height, characters, figures) fit on one slide (a figure at its smallest)."""
    tall, characters, figures = size
    return tall <= SLIDE_HEIGHT and characters <= FIT_CHARACTERS and figures <= 1


def apply(nb):
    """Stamp the slide types (and the RISE settings) into ``nb``; return True if anything changed."""
    changed = False
    for cell, slide_type in zip(nb.cells, slide_types(nb)):
        wanted = {"slide_type": slide_type}
        if cell.metadata.get("slideshow") != wanted:
            cell.metadata["slideshow"] = wanted
            changed = True
    if nb.metadata.get("rise") != RISE:
        nb.metadata["rise"] = dict(RISE)
        changed = True
    return changed


# --- the slides as they are stored ---------------------------------------------------------------------

@dataclass
class Slide:
    """One slide or sub-slide: its cells (indices), what it shows as text, and how many figures."""
    cells: list = field(default_factory=list)
    text: str = ""
    figures: int = 0
    height: float = 0.0

    @property
    def characters(self):
        return len(self.text)

    @property
    def fits(self):
        return fits((self.height, self.characters, self.figures))


def slides(nb):
    """The slides of ``nb`` as its stored metadata makes them (cells without metadata count as "-")."""
    out = []
    for i, cell in enumerate(nb.cells):
        slide_type = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if slide_type in ("skip", "notes"):
            continue
        if slide_type in ("slide", "subslide") or not out:
            out.append(Slide())
        slide = out[-1]
        text = shown_text(i, cell, slide_type)
        slide.cells.append(i)
        slide.text = f"{slide.text}\n{text}" if slide.text else text
        slide.figures += cell.cell_type == "code" and has_figure(cell)
        slide.height += height(i, cell, slide_type)
    return out


def report(paths, verbose=False):
    import nbformat

    for path in paths:
        nb = nbformat.read(path, as_version=4)
        shown = slides(nb)
        fit = sum(s.fits for s in shown)
        print(f"{path.name}: {len(shown)} slides, {fit} fit ({100 * fit / max(len(shown), 1):.0f} %)")
        for number, slide in enumerate(shown, 1):
            if verbose or not slide.fits:
                first = nb.cells[slide.cells[0]].source.strip().split("\n")[0][:60]
                print(f"  {number:3} cells {slide.cells[0]:>3}-{slide.cells[-1]:<3} {slide.characters:5} chars "
                      f"{slide.figures} fig ~{slide.height:4.0f} px  {'' if slide.fits else 'TOO BIG '}{first}")


def main(argv):
    verbose = "-v" in argv
    names = [arg for arg in argv if arg != "-v"]
    folder = Path(__file__).resolve().parent.parent / "notebooks"
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if names:
        paths = [p for p in paths if any(p.name.startswith(name) for name in names)]
    report(paths, verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
