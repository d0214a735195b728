"""The house plot style: readable on a projector, colour-blind safe, and able to draw Chinese.

Importing ``resnet_lessons.plots`` calls :func:`apply_style` once. Plot functions draw into a figure
from :func:`new_figure`: a plain ``matplotlib.figure.Figure`` that pyplot does not track, so nothing
piles up in pyplot's figure list and nothing needs closing; a notebook shows the Figure a cell returns.

Latin text is drawn with DejaVu Sans (matplotlib's own font); any character DejaVu Sans lacks falls
back, glyph by glyph, to the bundled subset of Noto Sans CJK SC (``resnet_lessons/fonts``). Tick
labels use the real minus sign U+2212 (both fonts have it).

Two styles: "default" (a notebook on a laptop screen) and "lecture" (RISE slides on a projector:
text of at least 14 pt, lines at least 2.5 pt wide), chosen with :func:`use_style` or, for a few
cells, the context manager :func:`lecture_style`. A figure keeps the style it was made in.

Every figure is laid out when it is drawn (:mod:`resnet_lessons.plots.layout`): long bilingual
labels are wrapped so that every text stays inside the figure, a legend inside the axes moves to
where it covers no data (or outside the axes), and point labels are placed next to their own point.
"""
import base64
import contextlib
import io
import math
import sys
from pathlib import Path

import matplotlib
import numpy as np
from cycler import cycler
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, LogLocator, MaxNLocator, NullFormatter

from resnet_lessons.i18n import error, get_language

CJK_FONT_PATH = Path(__file__).resolve().parent.parent / "fonts" / "NotoSansCJKscSubset-Regular.ttf"
CJK_FAMILY = "Noto Sans CJK SC Subset"  # the family name written by tools/make_font_subset.py
LATIN_FAMILY = "DejaVu Sans"

# Okabe & Ito's colour-blind-safe palette (yellow left out: it vanishes on a projector).
# Residual networks are always blue and plain networks always vermillion, in every lesson.
RESIDUAL_COLOR = "#0072B2"
PLAIN_COLOR = "#D55E00"
COLORS = (RESIDUAL_COLOR, PLAIN_COLOR, "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000")
# Colours for anything that is not "a plain net" or "a residual net" (schedules, strategies, a single
# run of unknown kind): the two network colours are kept for what they mean. Also matplotlib's default
# colour cycle here, so a line drawn without a colour never looks like a residual (or plain) net.
OTHER_COLORS = ("#000000", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#7F7F7F")

# Plain and residual nets differ in colour, line style and marker: they stay apart in greyscale
# and for readers who do not tell blue from vermillion.
KIND_COLORS = {"plain": PLAIN_COLOR, "residual": RESIDUAL_COLOR}
LINESTYLES = {"plain": "-", "residual": "--"}
MARKERS = {"plain": "o", "residual": "s"}


def kind_style(kind):
    """``color``, ``linestyle`` and ``marker`` of a "plain" or "residual" net, for ``ax.plot(..., **kind_style(k))``."""
    if kind not in KIND_COLORS:
        raise ValueError(error("arg_err_choice", arg="kind", allowed="plain, residual", got=repr(kind)))
    return {"color": KIND_COLORS[kind], "linestyle": LINESTYLES[kind], "marker": MARKERS[kind]}


FIGSIZE = (8.0, 4.5)
DPI = 110
STYLES = ("default", "lecture")
LECTURE_MIN_FONT = 14.0  # points: every text of a lecture figure
LECTURE_MIN_LINE = 2.5  # points: every data line of a lecture figure
LECTURE_SCALE = 1.3  # a lecture figure is this much wider and taller than the same figure in the default style
_state = {"style": "default"}


def house_rc(style=None):
    """The rcParams of the house style (``style``: "default" or "lecture"; default: the current one), as a dict
    (use with ``matplotlib.rc_context``)."""
    style = current_style() if style is None else _check_style(style)
    families = [LATIN_FAMILY, CJK_FAMILY]
    sans = families + [f for f in matplotlib.rcParamsDefault["font.sans-serif"] if f not in families]
    rc = {
        # A list of concrete families gives per-glyph fallback; a generic name like
        # "sans-serif" would resolve to one font only.
        "font.family": families,
        "font.sans-serif": sans,
        "axes.unicode_minus": True,  # "−1", not "-1": both fonts have U+2212
        "font.size": 12,
        "axes.titlesize": 13,
        "axes.labelsize": 12,
        "xtick.labelsize": 11,
        "ytick.labelsize": 11,
        "legend.fontsize": 11,
        "figure.titlesize": 14,
        "lines.linewidth": 2.0,
        "lines.markersize": 6.0,
        "axes.prop_cycle": cycler(color=OTHER_COLORS),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.figsize": FIGSIZE,
        "figure.dpi": DPI,
        # Opaque white everywhere: a figure stays readable on a dark notebook theme.
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.edgecolor": "white",
        "savefig.transparent": False,
        # A plain fig.savefig(path) keeps every text (titles, captions, legends below the axes).
        "savefig.bbox": "tight",
        # Embed TrueType (Type 42) so Chinese in a PDF stays selectable text; SVG text becomes
        # paths, so an SVG shows the same glyphs on a machine without the font.
        "pdf.fonttype": 42,
        "svg.fonttype": "path",
    }
    if style == "lecture":  # RISE slides on a projector
        rc.update({"font.size": 16, "axes.titlesize": 17, "axes.labelsize": 16, "xtick.labelsize": 14,
                   "ytick.labelsize": 14, "legend.fontsize": 14, "legend.title_fontsize": 14,
                   "figure.titlesize": 18, "lines.linewidth": 3.0, "lines.markersize": 8.0,
                   "axes.linewidth": 1.5, "xtick.major.width": 1.5, "ytick.major.width": 1.5})
    return rc


def _check_style(style):
    if style not in STYLES:
        raise ValueError(error("arg_err_choice", arg="style", allowed=", ".join(STYLES), got=repr(style)))
    return style


def current_style():
    """The style new figures are made in: "default" or "lecture"."""
    return _state["style"]


def use_style(style="default"):
    """Switch the house style for every figure made from now on: "default" or "lecture" (projector:
    text >= 14 pt, lines >= 2.5 pt). Also sets matplotlib's global rcParams to it."""
    _state["style"] = _check_style(style)
    register_cjk_font()
    matplotlib.rcParams.update(house_rc(style))


@contextlib.contextmanager
def lecture_style():
    """``with lecture_style(): fig = plot_...(...)``: figures made inside use the lecture style (text of at
    least 14 pt, lines at least 2.5 pt wide, for slides on a projector); the previous style returns after."""
    before = current_style()
    register_cjk_font()
    with matplotlib.rc_context(house_rc("lecture")):
        _state["style"] = "lecture"
        try:
            yield
        finally:
            _state["style"] = before


def register_cjk_font():
    """Make the bundled CJK font known to matplotlib (once; calling again does nothing)."""
    if not CJK_FONT_PATH.is_file():
        raise FileNotFoundError(error("plots_font_missing", path=CJK_FONT_PATH))
    path = str(CJK_FONT_PATH)
    if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)


def apply_style():
    """Register the CJK font and set the house style (the current one) in matplotlib's global rcParams."""
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


def figure_png(fig):
    """The PNG bytes of ``fig`` as the notebook and the panels store it: opaque white, nothing cut off."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", facecolor="white", edgecolor="white", transparent=False)
    return buffer.getvalue()


def _figure_png(fig):
    png = base64.b64encode(figure_png(fig)).decode("ascii")  # what IPython's own formatter returns
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
    from resnet_lessons.plots.layout import HouseLayoutEngine

    register_cjk_font()
    fig_kw = {key: kw.pop(key) for key in ("figsize", "dpi", "layout", "facecolor") if key in kw}
    style = current_style()
    if style == "lecture":  # bigger text needs a bigger canvas (the slide scales it to fit)
        width, height = fig_kw.get("figsize", FIGSIZE)
        fig_kw["figsize"] = (LECTURE_SCALE * width, LECTURE_SCALE * height)
    # "constrained" (the default) is the house layout: constrained layout that also keeps every text
    # inside the figure, moves legends off the data and places point labels (see plots.layout).
    if fig_kw.get("layout", "constrained") == "constrained":
        fig_kw["layout"] = HouseLayoutEngine(lecture=style == "lecture")
    # Axes, ticks and labels read rcParams when they are created: create them in the house style
    # even if the user has changed the global rcParams since the import.
    with matplotlib.rc_context(house_rc(style)):
        fig = Figure(**fig_kw)
        axes = fig.subplots(nrows, ncols, **kw)
    fig.resnet_style = style
    return fig, axes


# --- log axes that always show at least two labelled ticks ------------------------------------------------

class LogTicks(LogLocator):
    """Major ticks of a log axis: decades when at least two fall in view, else 1-2-5 per decade, else
    1-1.5-2-3-5-7, else evenly spaced values: a reader always gets two labelled ticks to read a value from."""

    SUBS = ((1.0,), (1.0, 2.0, 5.0), (1.0, 1.5, 2.0, 3.0, 5.0, 7.0))

    def __init__(self):
        super().__init__(base=10.0, subs=(1.0,))

    def tick_values(self, vmin, vmax):
        vmin, vmax = sorted((vmin, vmax))
        if not (vmin > 0 and math.isfinite(vmax)):
            return super().tick_values(vmin, vmax)
        try:
            for subs in self.SUBS:
                self.set_params(subs=subs)
                ticks = super().tick_values(vmin, vmax)
                if np.count_nonzero((ticks >= vmin * (1 - 1e-9)) & (ticks <= vmax * (1 + 1e-9))) >= 2:
                    return ticks
        finally:
            self.set_params(subs=(1.0,))
        ticks = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]).tick_values(vmin, vmax)
        return ticks[ticks > 0]


class LogTickLabels(Formatter):
    """Labels of :class:`LogTicks`: plain numbers (0.5, 2, 300) within 0.001–9999, else 2×10⁻⁵ (with a real minus)."""

    def set_locs(self, locs):
        super().set_locs(locs)
        low, high = sorted(self.axis.get_view_interval()) if self.axis is not None else (min(locs), max(locs))
        shown = [v for v in locs if low * (1 - 1e-9) <= v <= high * (1 + 1e-9)]
        self.scientific = not all(1e-3 <= v < 1e4 for v in shown)

    def __call__(self, value, pos=None):
        if not (value > 0 and math.isfinite(value)):
            return ""
        if not getattr(self, "scientific", True):
            return f"{value:.4g}"
        exponent = math.floor(math.log10(value) + 1e-9)
        mantissa = f"{value / 10 ** exponent:.2g}"
        if mantissa == "10":
            exponent, mantissa = exponent + 1, "1"
        if mantissa == "1":
            return rf"$\mathdefault{{10^{{{exponent}}}}}$"
        return rf"$\mathdefault{{{mantissa}\times10^{{{exponent}}}}}$"


def log_scale(ax, axis="y"):
    """Give ``ax`` a log ``axis`` ("x" or "y") whose major ticks (at least two in view) carry all the labels."""
    if axis not in ("x", "y"):
        raise ValueError(error("arg_err_choice", arg="axis", allowed="x, y", got=repr(axis)))
    getattr(ax, f"set_{axis}scale")("log")
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(LogTicks())
    target.set_major_formatter(LogTickLabels())
    target.set_minor_formatter(NullFormatter())
    return ax
