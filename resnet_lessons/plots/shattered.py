"""Plots of the shattered-gradients experiment: autocorrelation vs depth, and df/dx over the inputs."""
import numpy as np

import resnet_lessons.plots  # noqa: F401  (registers the CJK font, applies the house style)
from resnet_lessons.experiments.base import fmt3
from resnet_lessons.i18n import t
from resnet_lessons.plots.common import check_result, per_language
from resnet_lessons.plots.style import KIND_COLORS as COLORS
from resnet_lessons.plots.style import LINESTYLES, MARKERS, describe, listed, new_figure


def plot_autocorrelation(result, ax=None, lang=None):
    """Lag-1 autocorrelation of df/dx vs number of blocks, one line per net (band: min-max over seeds)."""
    _check(result)
    panel = ax is not None
    if ax is None:
        fig, ax = new_figure()
    else:
        fig = ax.figure
    depths = result.depths
    for run in result.runs:
        pairs = [(d, v) for d, v in zip(depths, run.autocorrelation) if v is not None]
        if not pairs:
            continue
        xs, ys = zip(*pairs)
        ax.plot(xs, ys, color=COLORS[run.kind], marker=MARKERS[run.kind], linestyle=LINESTYLES[run.kind],
                label=t(run.kind, lang=lang))
        if len(run.per_seed[0]) > 1:
            low = [min((v for v in row if v is not None), default=np.nan) for row in run.per_seed]
            high = [max((v for v in row if v is not None), default=np.nan) for row in run.per_seed]
            ax.fill_between(depths, low, high, color=COLORS[run.kind], alpha=0.15, linewidth=0)
    ax.axhline(0.0, color="0.4", linewidth=1, linestyle="--")
    ax.set_xscale("log", base=2)
    ax.set_xticks(depths)
    ax.set_xticklabels([str(d) for d in depths])
    ax.minorticks_off()
    ax.set_ylim(min(-0.2, ax.get_ylim()[0]), 1.05)
    ax.set_xlabel(t("shattered_plot_xlabel", lang=lang))
    ax.set_ylabel(t("shattered_plot_ylabel", lang=lang, sep="\n"))
    config = result.config
    norm = "shattered_plot_bn" if config["norm"] == "bn" else "shattered_no_bn"
    ax.set_title(per_language(lang, lambda one: t("shattered_plot_title", lang=one, n=len(result.x),
                                                   norm=t(norm, lang=one), seeds=config["seeds"])), fontsize=11)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best")
    return describe(fig, *(t("alt_shattered_autocorrelation", lang=one, items=_autocorrelation_items(result, one))
                           for one in ("en", "zh")), panel)


def _autocorrelation_items(result, lang):
    """Each net's autocorrelation at the fewest and at the most blocks."""
    items = []
    for run in result.runs:
        pairs = [(d, v) for d, v in zip(result.depths, run.autocorrelation) if v is not None]
        if pairs:
            items.append(t("alt_shattered_item", lang=lang, net=t(run.kind, lang=lang), d0=pairs[0][0],
                           first=fmt3(pairs[0][1]), d1=pairs[-1][0], last=fmt3(pairs[-1][1])))
    return listed(items, lang, strong=True) if items else t("alt_shattered_undefined", lang=lang)


def plot_gradient_curves(result, axes=None, lang=None):
    """df/dx over the inputs for the shallowest and the deepest net: brown noise vs white noise.

    Each curve is standardised (minus its mean, over its standard deviation) so that plain and
    residual nets of very different gradient sizes share an axis; the shape is what matters.
    ``axes``: a sequence of one Axes per stored depth (else a new figure).
    """
    _check(result)
    depths = sorted({c.depth for c in result.curves})
    panel = axes is not None
    if axes is None:
        fig, axes = new_figure(1, len(depths), figsize=(4.5 * len(depths), 4.0), sharey=True, squeeze=False)
        axes = list(axes[0])
    else:
        axes = list(axes)
        fig = axes[0].figure
    x = np.asarray(result.x)
    for ax, depth in zip(axes, depths):
        for curve in result.curves:
            if curve.depth != depth:
                continue
            g = np.asarray(curve.gradient, dtype=float)
            spread = g.std()
            g = (g - g.mean()) / spread if spread > 0 else g - g.mean()
            # plain wider and below: where the two curves coincide (1 block), both stay visible
            ax.plot(x, g, color=COLORS[curve.kind], linewidth=2.4 if curve.kind == "plain" else 1.1,
                    linestyle=LINESTYLES[curve.kind], marker=MARKERS[curve.kind], markersize=3,
                    markevery=max(1, len(x) // 12), zorder=2 if curve.kind == "plain" else 3,
                    label=t(curve.kind, lang=lang))
        ax.set_title(t("shattered_curve_title", lang=lang, depth=depth, sep="\n"), fontsize=11)
        ax.set_xlabel(t("shattered_curve_xlabel", lang=lang))
    axes[0].set_ylabel(t("shattered_curve_ylabel", lang=lang, sep="\n"))
    if axes[0].get_legend_handles_labels()[0]:
        axes[0].legend(loc="upper left", fontsize=9)
    return describe(fig, _curves_alt(result, depths, "en"), _curves_alt(result, depths, "zh"), panel)


def _curves_alt(result, depths, lang):
    """The lag-1 autocorrelation of each curve drawn (what tells brown noise from white noise)."""
    from resnet_lessons.experiments.shattered import lag1_autocorrelation

    items = [t("alt_shattered_curve_item", lang=lang, net=t(curve.kind, lang=lang), depth=curve.depth,
               value=fmt3(lag1_autocorrelation(curve.gradient)))
             for depth in depths for curve in result.curves if curve.depth == depth]
    return t("alt_shattered_curves", lang=lang, points=len(result.x), items=listed(items, lang))


def plot_shattered(result, lang=None):
    """Both views side by side: autocorrelation vs depth, then df/dx of the shallowest and the deepest net."""
    _check(result)
    depths = sorted({c.depth for c in result.curves})
    fig, axes = new_figure(1, 1 + len(depths), figsize=(5.0 + 4.0 * len(depths), 4.2), squeeze=False)
    axes = list(axes[0])
    plot_autocorrelation(result, ax=axes[0], lang=lang)
    if depths:
        for ax in axes[2:]:
            ax.sharey(axes[1])
        plot_gradient_curves(result, axes=axes[1:], lang=lang)
    return describe(fig, *(t("alt_shattered_all", lang=one, items=_autocorrelation_items(result, one),
                             depths=_numbers(depths, one)) for one in ("en", "zh")))


def _numbers(values, lang):
    """``1``, ``1 and 4``, ``1, 2 and 4`` in ``lang``."""
    values = [str(v) for v in values]
    if len(values) < 2:
        return "".join(values) or "–"
    return t("alt_and_numbers", lang=lang, a=listed(values[:-1], lang), b=values[-1])


def _check(result):
    from resnet_lessons.experiments.shattered import ShatteredResult

    check_result(result, ShatteredResult)
