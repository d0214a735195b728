"""Plots of the path-length measurement (Veit et al. 2016, Fig. 6): how many paths of each length, the
gradient one path of each length carries, and their product — where the gradient really comes from."""
import resnet_lessons.plots  # noqa: F401  (registers the CJK font and the house style)

import numpy as np
from matplotlib.ticker import MaxNLocator

from resnet_lessons.experiments.base import fmt3
from resnet_lessons.experiments.paths import PathsResult
from resnet_lessons.i18n import error, t
from resnet_lessons.plots.style import RESIDUAL_COLOR, describe, log_scale, new_figure


def _check(results):
    if isinstance(results, PathsResult):
        return [results]
    if not isinstance(results, (list, tuple)) or not results or not all(isinstance(r, PathsResult) for r in results):
        raise TypeError(error("paths_err_result", got=type(results).__name__))
    return list(results)


def _mean(rows):
    return np.array(rows, dtype=float).mean(axis=0)


def plot_paths(results, lang=None):
    """Three panels over the given results (seeds of one net): path-length distribution, gradient magnitude
    through one path (log scale), and the share of the gradient each length carries."""
    results = _check(results)
    lengths = results[0].lengths
    fig, axes = new_figure(1, 3, figsize=(15.5, 4.6))
    axes[0].bar(lengths, [100 * s for s in results[0].path_share], color="0.55", width=0.85)
    axes[0].set_title(t("paths_plot_share_title", lang=lang, sep="\n", n=results[0].blocks), fontsize=11)
    axes[0].set_ylabel(t("paths_plot_share_axis", lang=lang, sep="\n"))
    for result in results:
        axes[1].plot(lengths, result.grad, color=RESIDUAL_COLOR, linewidth=0.8, alpha=0.35)
        axes[2].plot(lengths, [100 * c for c in result.contribution], color=RESIDUAL_COLOR, linewidth=0.8, alpha=0.35)
    grad = _mean([r.grad for r in results])
    axes[1].plot(lengths, grad, color=RESIDUAL_COLOR, marker="s", markersize=3, label=t("paths_plot_mean", lang=lang,
                                                                                         n=len(results)))
    axes[1].fill_between(lengths, np.min([r.grad_low for r in results], axis=0),
                         np.max([r.grad_high for r in results], axis=0), color=RESIDUAL_COLOR, alpha=0.15, linewidth=0,
                         label=t("paths_plot_spread", lang=lang))
    log_scale(axes[1], "y")
    axes[1].set_title(t("paths_plot_grad_title", lang=lang, sep="\n"), fontsize=11)
    axes[1].set_ylabel(t("paths_plot_grad_axis", lang=lang, sep="\n"))
    axes[1].legend(fontsize=9, loc="lower left")
    contribution = 100 * _mean([r.contribution for r in results])
    axes[2].plot(lengths, contribution, color=RESIDUAL_COLOR, marker="s", markersize=3)
    low, high = results[0].effective if len(results) == 1 else _pooled_range(results)
    axes[2].axvspan(low - 0.5, high + 0.5, color=RESIDUAL_COLOR, alpha=0.12,
                    label=t("paths_plot_effective", lang=lang, low=low, high=high))
    axes[2].set_title(t("paths_plot_contribution_title", lang=lang, sep="\n"), fontsize=11)
    axes[2].set_ylabel(t("paths_plot_contribution_axis", lang=lang, sep="\n"))
    axes[2].legend(fontsize=9, loc="upper right")
    for ax in axes:
        ax.set_xlabel(t("paths_plot_length_axis", lang=lang, sep="\n"))
        ax.set_xlim(-0.5, lengths[-1] + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # a path has a whole number of blocks
    config = results[0].config
    fig.suptitle(t("paths_plot_suptitle", lang=lang, depth=config["depth"], n=results[0].blocks,
                   epochs=config["epochs"], seeds=", ".join(str(r.seed) for r in results)), fontsize=11)
    # the alt text: the numbers of the three panels, from the curves drawn (means over the seeds)
    inside = [c for k, c in zip(lengths, contribution) if low <= k <= high]
    drawn = [(k, g) for k, g in zip(lengths, grad) if g > 0] or [(lengths[-1], grad[-1])]  # a log axis shows g > 0
    fields = {"n": drawn[-1][0], "blocks": results[0].blocks, "seeds": len(results),
              "peak": lengths[int(np.argmax(results[0].path_share))], "k0": drawn[0][0], "g0": fmt3(drawn[0][1]),
              "gn": fmt3(drawn[-1][1]), "share": sum(inside), "low": low, "high": high,
              "top": lengths[int(np.argmax(contribution))]}
    return describe(fig, t("alt_paths", lang="en", **fields), t("alt_paths", lang="zh", **fields))


def _pooled_range(results):
    """The effective range of the seeds' mean contribution."""
    from resnet_lessons.experiments.paths import effective_range

    return effective_range(results[0].lengths, list(_mean([r.contribution for r in results])))
