"""Plots: functions ``result -> matplotlib Figure`` (no training in here).

Importing this package registers the bundled CJK font with matplotlib and applies the house style
(:mod:`resnet_lessons.plots.style`), so Chinese labels render everywhere, Colab included.
Plot modules (``plots/degradation.py`` ...) are imported on demand, not from here.
"""
from resnet_lessons.plots.style import (  # noqa: F401
    CJK_FAMILY,
    CJK_FONT_PATH,
    PLAIN_COLOR,
    RESIDUAL_COLOR,
    apply_style,
    new_figure,
    show_figures_in_notebooks,
)

apply_style()
show_figures_in_notebooks()
