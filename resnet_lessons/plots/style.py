"""The house plot style: readable on a projector, colour-blind safe, and able to draw Chinese.

Importing ``resnet_lessons.plots`` calls :func:`apply_style` once. Plot functions draw into a figure
from :func:`new_figure`: a plain ``matplotlib.figure.Figure`` that pyplot does not track, so nothing
piles up in pyplot's figure list and nothing needs closing; a notebook shows the Figure a cell returns.

Latin text is drawn with DejaVu Sans (matplotlib's own font); any character DejaVu Sans lacks falls
back, glyph by glyph, to the bundled subset of Noto Sans CJK SC (``resnet_lessons/fonts``).
"""
import base64
import io
import sys
from pathlib import Path

import matplotlib
from cycler import cycler
from matplotlib import font_manager
from matplotlib.figure import Figure

from resnet_lessons.i18n import error, get_language

CJK_FONT_PATH = Path(__file__).resolve().parent.parent / "fonts" / "NotoSansCJKscSubset-Regular.ttf"
CJK_FAMILY = "Noto Sans CJK SC Subset"  # the family name written by tools/make_font_subset.py
LATIN_FAMILY = "DejaVu Sans"

# Okabe & Ito's colour-blind-safe palette (yellow left out: it vanishes on a projector).
# Residual networks are always blue and plain networks always vermillion, in every lesson.
RESIDUAL_COLOR = "#0072B2"
PLAIN_COLOR = "#D55E00"
COLORS = (RESIDUAL_COLOR, PLAIN_COLOR, "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000")

FIGSIZE = (8.0, 4.5)
DPI = 110


def house_rc():
    """The rcParams of the house style, as a dict (use with ``matplotlib.rc_context``)."""
    families = [LATIN_FAMILY, CJK_FAMILY]
    sans = families + [f for f in matplotlib.rcParamsDefault["font.sans-serif"] if f not in families]
    return {
        # A list of concrete families gives per-glyph fallback; a generic name like
        # "sans-serif" would resolve to one font only.
        "font.family": families,
        "font.sans-serif": sans,
        "axes.unicode_minus": False,
        "font.size": 12,
        "axes.titlesize": 13,
        "axes.labelsize": 12,
        "xtick.labelsize": 11,
        "ytick.labelsize": 11,
        "legend.fontsize": 11,
        "figure.titlesize": 14,
        "lines.linewidth": 2.0,
        "lines.markersize": 6.0,
        "axes.prop_cycle": cycler(color=COLORS),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.figsize": FIGSIZE,
        "figure.dpi": DPI,
        # Embed TrueType (Type 42) so Chinese in a PDF stays selectable text; SVG text becomes
        # paths, so an SVG shows the same glyphs on a machine without the font.
        "pdf.fonttype": 42,
        "svg.fonttype": "path",
    }


def register_cjk_font():
    """Make the bundled CJK font known to matplotlib (once; calling again does nothing)."""
    if not CJK_FONT_PATH.is_file():
        raise FileNotFoundError(error("plots_font_missing", path=CJK_FONT_PATH))
    path = str(CJK_FONT_PATH)
    if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)


def apply_style():
    """Register the CJK font and set the house style in matplotlib's global rcParams."""
    register_cjk_font()
    matplotlib.rcParams.update(house_rc())


def show_figures_in_notebooks():
    """Let Jupyter show a ``Figure`` that a cell returns, even before pyplot has been used.

    The inline backend sets up that display only when pyplot makes its first figure, and figures
    from :func:`new_figure` never go through pyplot. Does nothing outside IPython, or when a display
    for figures is already set (``%matplotlib inline``/``widget``; theirs then stays in charge).
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    display = shell.display_formatter
    formatters = [*display.formatters.values(), display.ipython_display_formatter]
    if any(Figure in formatter.type_printers for formatter in formatters):
        return
    display.formatters["image/png"].for_type(Figure, _figure_png)


def _figure_png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    png = base64.b64encode(buffer.getvalue()).decode("ascii")  # what IPython's own formatter returns
    alt = alt_text(fig)
    return png if alt is None else (png, {"alt": alt})  # (data, metadata): the alt text travels with the PNG


def describe(fig, en, zh, panel=False):
    """Attach a short description of what ``fig`` shows (alt text), in English and Chinese; returns ``fig``.

    Plot functions call it with the key measured numbers, made from the result they draw. A notebook
    stores it with the figure's PNG (``{"image/png": {"alt": ...}}``), the static site uses it as
    ``<img alt>``, and screen readers read it. ``panel=True``: the text describes one panel of a figure
    that may hold others (a plot function drew into an Axes it was given), so it is added after the
    description already there instead of replacing it.
    """
    if not (isinstance(en, str) and isinstance(zh, str) and en.strip() and zh.strip()):
        raise TypeError(error("plots_bad_alt", got=repr((en, zh))))
    pair = (en.strip(), zh.strip())
    before = getattr(fig, "resnet_alt", None) if panel else None
    if before is not None:
        pair = (f"{before[0]} {pair[0]}", f"{before[1]}{pair[1]}")
    fig.resnet_alt = pair
    return fig


def listed(items, lang, strong=False):
    """Parts of an alt text joined in ``lang``'s punctuation: ", " ("; " if ``strong``) or "，" ("；")."""
    if lang == "zh":
        return ("；" if strong else "，").join(items)
    return ("; " if strong else ", ").join(items)


def alt_text(fig):
    """The description attached by :func:`describe`, in the current language ("both": English / 中文), or None."""
    pair = getattr(fig, "resnet_alt", None)
    if pair is None:
        return None
    lang = get_language()
    return pair[0] if lang == "en" else pair[1] if lang == "zh" else f"{pair[0]} / {pair[1]}"


def new_figure(nrows=1, ncols=1, **kw):
    """A house-style ``Figure`` and its axes, like ``plt.subplots`` but outside pyplot.

    ``kw`` goes to ``Figure`` (``figsize``, ``dpi``, ``layout``) or, for the rest, to
    ``Figure.subplots`` (``sharex``, ``squeeze``, ``gridspec_kw``...). The size is ``FIGSIZE``
    whatever the grid: pass ``figsize`` for a grid that needs more room. Returns ``(fig, axes)``:
    one Axes for 1x1, else an array of Axes.
    """
    for name, value in (("nrows", nrows), ("ncols", ncols)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(error("plots_bad_grid", name=name, value=value))
        if value < 1:
            raise ValueError(error("plots_bad_grid", name=name, value=value))
    register_cjk_font()
    fig_kw = {key: kw.pop(key) for key in ("figsize", "dpi", "layout", "facecolor") if key in kw}
    fig_kw.setdefault("layout", "constrained")  # room for long bilingual labels
    # Axes, ticks and labels read rcParams when they are created: create them in the house style
    # even if the user has changed the global rcParams since the import.
    with matplotlib.rc_context(house_rc()):
        fig = Figure(**fig_kw)
        axes = fig.subplots(nrows, ncols, **kw)
    return fig, axes
