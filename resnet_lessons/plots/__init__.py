"""Plots: functions ``result -> matplotlib Figure`` (no training in here).

Importing this package registers the bundled CJK font with matplotlib and applies the house style
(:mod:`resnet_lessons.plots.style`), so Chinese labels render everywhere, Colab included.
Plot modules (``plots/degradation.py`` ...) are imported on demand, not from here.

Every figure is laid out when it is drawn (:mod:`resnet_lessons.plots.layout`): texts stay inside the
figure, legends never cover data, point labels sit next to their own point. Plain networks are drawn
vermillion, solid, with circles; residual networks blue, dashed, with squares (``style.kind_style``).

Projector / lecture style (RISE slides): text of at least 14 pt and lines at least 2.5 pt wide, on a
canvas 1.3 times as large::

    >>> from resnet_lessons import plots
    >>> with plots.lecture_style():          # only the figures made inside
    ...     fig = plot_sweep_curves(sweep)
    >>> plots.use_style("lecture")            # every figure from now on ...
    >>> plots.use_style("default")            # ... until switched back

A figure keeps the style it was made in, also when it is shown or saved later.
"""
from resnet_lessons.plots.style import (  # noqa: F401
    CJK_FAMILY,
    CJK_FONT_PATH,
    KIND_COLORS,
    LINESTYLES,
    MARKERS,
    OTHER_COLORS,
    PLAIN_COLOR,
    RESIDUAL_COLOR,
    apply_style,
    current_style,
    kind_style,
    lecture_style,
    log_scale,
    new_figure,
    show_figures_in_notebooks,
    use_style,
)

apply_style()
show_figures_in_notebooks()
