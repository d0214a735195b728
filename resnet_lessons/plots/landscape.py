"""Plots of the loss-landscape experiment: 2-D contours side by side with the same levels, and 1-D slices."""
import resnet_lessons.plots  # noqa: F401  (registers the CJK font and the house style)

import numpy as np
from matplotlib.colors import LogNorm, Normalize

from resnet_lessons.experiments.base import fmt3
from resnet_lessons.experiments.landscape import LandscapeResult, count_local_minima, count_minima_1d, net_label
from resnet_lessons.i18n import error, t
from resnet_lessons.plots.common import check_result
from resnet_lessons.plots.style import KIND_COLORS as COLORS
from resnet_lessons.plots.style import LINESTYLES, MARKERS, describe, listed, log_scale, new_figure
LOG_RATIO = 20  # use log-spaced levels / a log axis when max / min loss exceeds this


def _with_2d(result):
    return [item for item in result.slices if item.losses_2d]


def _with_1d(result):
    return [item for item in result.slices if item.losses_1d]


def contour_levels(result, n=15, log=None):
    """The shared contour levels of all 2-D grids of ``result`` and whether they are log-spaced."""
    grids = np.concatenate([np.asarray(item.losses_2d, dtype=float).ravel() for item in _with_2d(result)])
    grids = grids[np.isfinite(grids)]
    lo, hi = float(grids.min()), float(grids.max())
    if hi <= lo:
        hi = lo + 1e-6
    if log is None:
        log = lo > 0 and hi / lo > LOG_RATIO
    levels = np.geomspace(lo, hi, n) if log else np.linspace(lo, hi, n)
    return levels, log


def draw_contours(axes, result, lang=None, levels=15, log=None):
    """Draw one contour plot per network into ``axes`` (same levels in all); returns the last ContourSet."""
    items = _with_2d(result)
    levels, log = contour_levels(result, levels, log)
    norm = LogNorm(levels[0], levels[-1]) if log else Normalize(levels[0], levels[-1])
    coords = np.asarray(result.coords)
    filled = None
    for ax, item in zip(axes, items):
        z = np.clip(np.asarray(item.losses_2d, dtype=float), levels[0], levels[-1])
        filled = ax.contourf(coords, coords, z, levels=levels, norm=norm, cmap="viridis")
        ax.contour(coords, coords, z, levels=levels, colors="k", linewidths=0.4, alpha=0.6)
        ax.plot([0], [0], marker="*", markersize=14, color="white", markeredgecolor=COLORS[item.kind],
                linestyle="none", label=t("landscape_trained", lang=lang))
        ax.set_title(net_label(item.kind, item.depth, lang), color=COLORS[item.kind])
        ax.set_xlabel(t("landscape_alpha", lang=lang, sep="\n"))
        ax.set_aspect("equal")
        ax.grid(False)
    axes[0].set_ylabel(t("landscape_beta", lang=lang, sep="\n"))
    return filled


def draw_curves(ax, result, lang=None, log=None):
    """Draw the 1-D slice of each network into ``ax``."""
    items = _with_1d(result)
    values = np.concatenate([np.asarray(item.losses_1d, dtype=float) for item in items])
    values = values[np.isfinite(values)]
    if log is None:
        log = values.min() > 0 and values.max() / values.min() > LOG_RATIO
    for item in items:
        ax.plot(result.alphas, item.losses_1d, color=COLORS[item.kind], marker=MARKERS[item.kind], markersize=3,
                linestyle=LINESTYLES[item.kind], label=net_label(item.kind, item.depth, lang))
    ax.axvline(0, color="0.5", linewidth=0.8, linestyle=":")
    if log:
        log_scale(ax, "y")
    ax.set_xlabel(t("landscape_alpha", lang=lang, sep="\n"))
    ax.set_ylabel(t("landscape_log_loss" if log else "landscape_loss", lang=lang, sep="\n"))
    ax.set_title(t("landscape_title_1d", lang=lang))
    ax.legend()


def _colorbar(fig, filled, axes, lang):
    """One colour bar for all contour plots, labelled at every other level with 3 significant digits."""
    bar = fig.colorbar(filled, ax=axes, label=t("landscape_loss", lang=lang), shrink=0.9)
    ticks = filled.levels[::2]
    bar.set_ticks(ticks)
    bar.set_ticklabels([f"{value:.3g}" for value in ticks])
    bar.ax.minorticks_off()
    return bar


# --- alt text: made from the result drawn ------------------------------------------------------------------

def _finite(values):
    values = np.asarray(values, dtype=float).ravel()
    return values[np.isfinite(values)]


def _items_2d(result, lang):
    """Each net's lowest and highest loss on its 2-D grid and its number of local minima."""
    items = []
    for item in _with_2d(result):
        grid = _finite(item.losses_2d)
        minima = item.local_minima if item.local_minima is not None else count_local_minima(item.losses_2d)
        items.append(t("alt_landscape_item_2d", lang=lang, net=net_label(item.kind, item.depth, lang),
                       low=fmt3(grid.min() if grid.size else None), high=fmt3(grid.max() if grid.size else None),
                       minima=minima))
    return listed(items, lang, strong=True)


def _items_1d(result, lang):
    """Each net's loss at α = 0 (the trained weights), its highest loss on the slice and its local minima."""
    centre = int(np.argmin(np.abs(np.asarray(result.alphas, dtype=float))))
    items = []
    for item in _with_1d(result):
        values = _finite(item.losses_1d)
        minima = item.minima_1d if item.minima_1d is not None else count_minima_1d(item.losses_1d)
        items.append(t("alt_landscape_item_1d", lang=lang, net=net_label(item.kind, item.depth, lang),
                       centre=fmt3(item.losses_1d[centre]), high=fmt3(values.max() if values.size else None),
                       minima=minima))
    return listed(items, lang, strong=True)


def _span(values):
    return {"low": fmt3(min(values)), "high": fmt3(max(values))}


def plot_landscape(result, lang=None, levels=15, log=None):
    """Everything in one row: the 2-D contours of each network, then their 1-D slices."""
    check_result(result, LandscapeResult)
    items2, items1 = _with_2d(result), _with_1d(result)
    ncols = len(items2) + (1 if items1 else 0)
    if ncols == 0:
        raise ValueError(error("landscape_no_2d"))
    fig, axes = new_figure(1, ncols, figsize=(4.4 * ncols + 1.0, 4.6), squeeze=False)
    axes = list(axes[0])
    if items2:
        filled = draw_contours(axes[:len(items2)], result, lang, levels, log)
        _colorbar(fig, filled, axes[:len(items2)], lang)
    if items1:
        draw_curves(axes[-1], result, lang)
    fig.suptitle(t("landscape_suptitle", lang=lang))

    def alt(one):
        if not items1:
            return t("alt_landscape_contours", lang=one, items=_items_2d(result, one), **_span(result.coords))
        if not items2:
            return t("alt_landscape_curves", lang=one, items=_items_1d(result, one), **_span(result.alphas))
        centre = int(np.argmin(np.abs(np.asarray(result.alphas, dtype=float))))
        items = []
        for item in items2:
            grid = _finite(item.losses_2d)
            flat = item.losses_1d
            minima = item.local_minima if item.local_minima is not None else count_local_minima(item.losses_2d)
            items.append(t("alt_landscape_item_all", lang=one, net=net_label(item.kind, item.depth, one),
                           centre=fmt3(flat[centre] if flat else item.center_loss),
                           high=fmt3(grid.max() if grid.size else None), m2=minima, m1=count_minima_1d(flat)))
        return t("alt_landscape_all", lang=one, items=listed(items, one, strong=True))

    return describe(fig, alt("en"), alt("zh"))
